package io.immut.core.rollout;

import io.immut.api.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Something that happened during a rollout. Every event names its fleet, carries the engine
 * clock's instant and the rollout's progress as a fraction from 0 to 1.
 */
public sealed interface RolloutEvent {

  /**
   * The fleet.
   *
   * @return its name
   */
  String fleet();

  /**
   * When it happened, on the engine's clock.
   *
   * @return the instant
   */
  Instant at();

  /**
   * How far the rollout is, from 0 to 1.
   *
   * @return the fraction
   */
  double progress();

  /**
   * A rollout started.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the target generation's name ({@code web-v002})
   * @param strategy the strategy, as text
   * @param desired the desired capacity
   */
  record Started(String fleet, Instant at, double progress, String generation, String strategy, int desired)
      implements RolloutEvent {}

  /**
   * The desired capacity changed while the engine was working on the fleet (an autoscaler
   * decided); the change applies to the generation being rolled in.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param from the desired capacity before
   * @param to the desired capacity now
   * @param reason why, as the capacity target tells it
   */
  record CapacityChanged(String fleet, Instant at, double progress, int from, int to, String reason)
      implements RolloutEvent {}

  /**
   * A wave began: launches and terminations decided in one step.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param wave the wave's number, from 1
   * @param launch how many instances the wave launches
   * @param terminate how many instances the wave terminates
   */
  record WaveStarted(String fleet, Instant at, double progress, int wave, int launch, int terminate) implements RolloutEvent {}

  /**
   * Instances were launched.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the generation's name
   * @param ids the new instances
   */
  record InstancesLaunched(String fleet, Instant at, double progress, String generation, Set<InstanceId> ids)
      implements RolloutEvent {
    /** Copies the set. */
    public InstancesLaunched {
      ids = Set.copyOf(ids);
    }
  }

  /**
   * Instances were terminated.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param ids the instances
   * @param reason why (replaced, rollback, drift, orphan, surplus, retired)
   */
  record InstancesTerminated(String fleet, Instant at, double progress, Set<InstanceId> ids, String reason)
      implements RolloutEvent {
    /** Copies the set. */
    public InstancesTerminated {
      ids = Set.copyOf(ids);
    }
  }

  /**
   * An instance passed its health gate.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param id the instance
   */
  record InstanceHealthy(String fleet, Instant at, double progress, InstanceId id) implements RolloutEvent {}

  /**
   * An instance failed its health gate.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param id the instance
   * @param reason why
   */
  record InstanceUnhealthy(String fleet, Instant at, double progress, InstanceId id, String reason) implements RolloutEvent {}

  /**
   * The new generation passed its gate (health, and validation where configured).
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the generation's name
   */
  record GatePassed(String fleet, Instant at, double progress, String generation) implements RolloutEvent {}

  /**
   * The new generation failed its gate; a rollback follows.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the generation's name
   * @param reason why
   */
  record GateFailed(String fleet, Instant at, double progress, String generation, String reason) implements RolloutEvent {}

  /**
   * A blue/green generation (or an inconclusive canary) waits for {@code Immut.promote(fleet)}.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the generation's name
   * @param reason what is awaited
   */
  record AwaitingPromotion(String fleet, Instant at, double progress, String generation, String reason)
      implements RolloutEvent {}

  /**
   * The new generation was promoted.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param generation the generation's name
   */
  record Promoted(String fleet, Instant at, double progress, String generation) implements RolloutEvent {}

  /**
   * Traffic moved: instances were registered with or removed from the load-balancer target.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param target the load-balancer target
   * @param registered instances added
   * @param deregistered instances removed
   */
  record TrafficShifted(String fleet, Instant at, double progress, String target, Set<InstanceId> registered,
                        Set<InstanceId> deregistered) implements RolloutEvent {
    /** Copies the sets. */
    public TrafficShifted {
      registered = Set.copyOf(registered);
      deregistered = Set.copyOf(deregistered);
    }
  }

  /**
   * A canary step began.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param step the step's index
   * @param description the step, as text
   */
  record CanaryStepStarted(String fleet, Instant at, double progress, int step, String description) implements RolloutEvent {}

  /**
   * A driver call failed with a retryable error and is retried after a delay.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param operation the driver operation
   * @param attempt the attempt that failed, from 1
   * @param delay the wait before the next attempt
   * @param error the error's message
   */
  record Retrying(String fleet, Instant at, double progress, String operation, int attempt, Duration delay, String error)
      implements RolloutEvent {}

  /**
   * A rollback began.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param toGeneration the generation restored, or null when the fleet is emptied (no previous one)
   * @param reason why
   */
  record RollbackStarted(String fleet, Instant at, double progress, String toGeneration, String reason)
      implements RolloutEvent {}

  /**
   * A rollback finished.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param toGeneration the generation restored, or null
   */
  record RollbackFinished(String fleet, Instant at, double progress, String toGeneration) implements RolloutEvent {}

  /**
   * A finding of the state checks, reported before any cloud change.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done
   * @param finding the finding: rule, severity, subject, message, remediation, acknowledgement
   */
  record StateFinding(String fleet, Instant at, double progress, io.immut.core.state.Finding finding)
      implements RolloutEvent {}

  /**
   * The rollout is over, however it ended: the last event of every rollout. Read
   * {@code result().outcome()} (or {@code result().succeeded()}) for how: completed, no change,
   * rolled back, aborted or failed. Named so that a rolled-back rollout never sends an event that
   * reads as a success.
   *
   * @param fleet the fleet
   * @param at when
   * @param progress the fraction done (1 when completed)
   * @param result the result
   */
  record Finished(String fleet, Instant at, double progress, RolloutResult result) implements RolloutEvent {}
}
