package io.immut.core.rollout;

import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.List;

/**
 * A validation hook run against a blue/green generation after it passed its health gate and
 * before it takes traffic: the place for smoke tests against the new instances. Registered by
 * name with {@code Immut.builder().validator("smoke", validator)} and named by
 * {@code RolloutStrategy.BlueGreen#validator()}.
 *
 * <p>An exception thrown by the validator counts as a failing verdict with the exception's
 * message.
 */
@FunctionalInterface
public interface GenerationValidator {

  /**
   * Validates the new generation.
   *
   * @param context the fleet, the generation and its instances
   * @return pass, fail or inconclusive
   */
  Verdict validate(Context context);

  /**
   * What a validator sees.
   *
   * @param fleet the fleet's name
   * @param generationId the content id of the new generation
   * @param instances the new generation's instances, all past their health gate
   * @param now the engine's clock
   */
  record Context(String fleet, String generationId, List<InstanceView> instances, Instant now) {
    /** Copies the list. */
    public Context {
      instances = List.copyOf(instances);
    }
  }
}
