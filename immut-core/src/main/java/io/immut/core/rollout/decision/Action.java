package io.immut.core.rollout.decision;

import io.immut.api.InstanceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One thing the decision function asks the executor to do. Actions only name instances that
 * carry the fleet's ownership tags.
 */
public sealed interface Action {

  /**
   * Launch instances of a generation.
   *
   * @param generationId the generation's content id
   * @param count how many, at least 1
   * @param token the idempotency token of the wave, derived from fleet, generation and the wave's
   *     starting point; the executor derives one token per batch from it
   */
  record Launch(String generationId, int count, String token) implements Action {
    /** Validates the fields. */
    public Launch {
      Objects.requireNonNull(generationId, "generationId");
      Objects.requireNonNull(token, "token");
      if (count < 1) {
        throw new IllegalArgumentException("a launch is of at least one instance");
      }
    }
  }

  /**
   * Terminate owned instances.
   *
   * @param ids the instances
   * @param reason replaced, rollback, drift, orphan, surplus, retired or unavailable
   */
  record Terminate(Set<InstanceId> ids, String reason) implements Action {
    /** Copies the set. */
    public Terminate {
      ids = Set.copyOf(ids);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Register instances with the load-balancer target: they take traffic.
   *
   * @param target the target
   * @param ids the instances
   */
  record RegisterTraffic(String target, Set<InstanceId> ids) implements Action {
    /** Copies the set. */
    public RegisterTraffic {
      Objects.requireNonNull(target, "target");
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Remove instances from the load-balancer target.
   *
   * @param target the target
   * @param ids the instances
   */
  record DeregisterTraffic(String target, Set<InstanceId> ids) implements Action {
    /** Copies the set. */
    public DeregisterTraffic {
      Objects.requireNonNull(target, "target");
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Run the named validator against the new generation's instances.
   *
   * @param generationId the generation
   * @param validator the validator's name
   * @param ids its instances
   */
  record Validate(String generationId, String validator, Set<InstanceId> ids) implements Action {
    /** Copies the set. */
    public Validate {
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Run the named canary analysis.
   *
   * @param analysis the analysis's name
   * @param step the index of the step
   * @param canary the canary instances
   * @param baseline the baseline instances
   */
  record Analyse(String analysis, int step, Set<InstanceId> canary, Set<InstanceId> baseline) implements Action {
    /** Copies the sets. */
    public Analyse {
      canary = Set.copyOf(canary);
      baseline = Set.copyOf(baseline);
    }
  }

  /**
   * The new generation passed its whole gate and is promoted: it becomes the live generation.
   *
   * @param generationId the generation
   */
  record Promote(String generationId) implements Action {}

  /**
   * Nothing to do before an instant (a pause, a keep-previous period, a promotion to wait for).
   *
   * @param until the instant
   * @param reason why
   */
  record WaitUntil(Instant until, String reason) implements Action {}
}
