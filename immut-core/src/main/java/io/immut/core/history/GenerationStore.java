package io.immut.core.history;

import io.immut.api.FleetSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The numbered history of each fleet's generations.
 */
public interface GenerationStore {

  /**
   * A store in memory, for tests and one-process use.
   *
   * @return a new empty store
   */
  static GenerationStore inMemory() {
    return new InMemoryGenerationStore();
  }

  /**
   * Records a spec: the existing record of {@code spec.generationId()} if any, else a new one
   * with the next number, {@link GenerationStatus#PENDING}. Atomic.
   *
   * @param spec the spec
   * @param now the time
   * @return the record
   */
  GenerationRecord record(FleetSpec spec, Instant now);

  /**
   * Finds a generation by content id.
   *
   * @param fleet the fleet
   * @param generationId the id
   * @return the record, or empty
   */
  Optional<GenerationRecord> find(String fleet, String generationId);

  /**
   * Finds a generation by number.
   *
   * @param fleet the fleet
   * @param number the number
   * @return the record, or empty
   */
  Optional<GenerationRecord> byNumber(String fleet, int number);

  /**
   * A fleet's generations, ascending by number.
   *
   * @param fleet the fleet
   * @return the records
   */
  List<GenerationRecord> history(String fleet);

  /**
   * Changes a generation's status.
   *
   * @param fleet the fleet
   * @param number the number
   * @param status the new status
   * @param reason why
   * @param now the time
   * @return the updated record
   */
  GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now);
}
