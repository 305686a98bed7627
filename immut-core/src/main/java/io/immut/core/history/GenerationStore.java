package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The history of each fleet's generations: which specs were rolled out, under which number, and
 * how each one ended. Numbers start at 1 in each fleet and grow by one per new generation id;
 * recording a spec whose generation id the fleet already has returns the existing record, so that
 * applying the same spec twice finds the same generation.
 *
 * <pre>{@code
 * GenerationStore store = GenerationStore.directory(Path.of("deploy/history"));   // or inMemory()
 * GenerationRecord rec = store.record(spec, clock.now());       // web-v003, PENDING
 * store.updateStatus("web", rec.number(), GenerationStatus.LIVE, "rollout completed", clock.now());
 * store.history("web").forEach(System.out::println);
 * }</pre>
 *
 * <p>Implementations are safe for concurrent use within one process: concurrent {@code record}
 * calls never give two numbers to one generation id, nor one number to two ids.
 */
public interface GenerationStore {

  /**
   * A store that lives in memory only: for tests, simulations and programs that keep no history.
   *
   * @return an empty store
   */
  static GenerationStore inMemory() {
    return new InMemoryGenerationStore();
  }

  /**
   * A store that keeps one JSON file per generation under {@code dir}, as
   * {@code <dir>/<fleet>/<fleet>-v003.json}: pretty-printed with sorted keys, holding the number,
   * the id, the status, the timestamps, the reason and the full fleet spec, so that the history
   * can be diffed and kept in git. Writes are atomic (a temporary file moved in place). A file
   * that cannot be read is reported with its path; the store never guesses.
   *
   * @param dir the directory; created on the first write
   * @return the store
   */
  static GenerationStore directory(Path dir) {
    return new DirectoryGenerationStore(dir);
  }

  /**
   * Whether this history is lost with the process. The engine warns when such a history is used
   * with a cloud whose instances outlive the process: another process (or a restart) would not
   * know the generations this one made.
   *
   * @return true for {@link #inMemory()}; false by default
   * @since 0.2
   */
  default boolean isVolatile() {
    return false;
  }

  /**
   * Records a fleet spec's generation.
   *
   * @param spec the fleet spec
   * @param now the time of recording
   * @return the existing record of {@code spec.generationId()} in the fleet if there is one, else a
   *     new {@link GenerationStatus#PENDING} record with the next number
   * @throws ImmutException when the store cannot be read or written
   */
  GenerationRecord record(FleetSpec spec, Instant now);

  /**
   * Finds a generation by its content id.
   *
   * @param fleet the fleet's name
   * @param generationId the content id
   * @return the record, or empty
   */
  Optional<GenerationRecord> find(String fleet, String generationId);

  /**
   * Finds a generation by its number.
   *
   * @param fleet the fleet's name
   * @param number the number, from 1
   * @return the record, or empty
   */
  Optional<GenerationRecord> byNumber(String fleet, int number);

  /**
   * Every generation of a fleet.
   *
   * @param fleet the fleet's name
   * @return the records, ascending by number; empty for a fleet without history
   */
  List<GenerationRecord> history(String fleet);

  /**
   * Sets a generation's status.
   *
   * @param fleet the fleet's name
   * @param number the generation's number
   * @param status the new status
   * @param reason why, shown in the history; or null
   * @param now the time of the change
   * @return the updated record
   * @throws ImmutException when the fleet has no generation of that number
   */
  GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now);

  /**
   * Sets a generation's status and, for a retired generation whose instances are kept running
   * after a blue/green promotion, until when they are kept; one write, so that a reader (or a new
   * process after a crash) never sees a generation retired without its keep-previous window.
   *
   * @param fleet the fleet's name
   * @param number the generation's number
   * @param status the new status
   * @param reason why, shown in the history; or null
   * @param keptUntil until when the generation's instances are kept (only with
   *     {@link GenerationStatus#RETIRED}), or null
   * @param now the time of the change
   * @return the updated record
   * @throws ImmutException when the fleet has no generation of that number
   * @since 0.2
   */
  default GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant keptUntil,
                                        Instant now) {
    // a store written before kept generations existed records the status alone: the previous
    // generation is then retired by the next apply instead of at the end of its window (safe: no
    // instance is left behind, only the window is shorter)
    return updateStatus(fleet, number, status, reason, now);
  }

  /**
   * Checks that the fleet's whole history can be read, before anything is changed: the engine's
   * preflight calls it, so that a corrupt history stops a rollout before its first launch instead
   * of at its end. Reports every problem at once; cheap when nothing changed.
   *
   * @param fleet the fleet's name
   * @throws ImmutException naming every unreadable or inconsistent part of the history and the fix
   * @since 0.1
   */
  default void verify(String fleet) {
    history(fleet);
  }

  /**
   * The fleet's live generation: the highest-numbered one with status {@link GenerationStatus#LIVE}.
   *
   * @param fleet the fleet's name
   * @return the record, or empty when no generation is live
   */
  default Optional<GenerationRecord> live(String fleet) {
    List<GenerationRecord> all = history(fleet);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).status() == GenerationStatus.LIVE) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The fleet's most recent generation, whatever its status.
   *
   * @param fleet the fleet's name
   * @return the highest-numbered record, or empty for a fleet without history
   */
  default Optional<GenerationRecord> latest(String fleet) {
    List<GenerationRecord> all = history(fleet);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
