package io.immut.core.controller;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link io.immut.core.FleetController} did, as typed events for metrics and logs. The
 * rollouts it runs report their own {@link io.immut.core.rollout.RolloutEvent}s beside these.
 *
 * @since 0.2
 */
public sealed interface ControllerEvent {

  /**
   * The fleet.
   *
   * @return its name; for a {@link SpecRejected}, the file name
   */
  String fleet();

  /**
   * When it happened, on the controller's clock.
   *
   * @return the instant
   */
  Instant at();

  /** How a reconcile ended. */
  enum Outcome {
    /** The fleet was reconciled (nothing to do, or repaired, scaled, retired). */
    RECONCILED,
    /** A rollout of a new generation ran (its result is in the detail). */
    ROLLED_OUT,
    /** The fleet's lease is held elsewhere: skipped, asked again at the next interval. */
    SKIPPED,
    /** The spec's generation failed before: the live generation was reconciled instead. */
    BLOCKED,
    /** The fleet is paused: observed, nothing changed. */
    PAUSED,
    /** The reconcile failed; tried again at the next interval. */
    FAILED
  }

  /**
   * One reconcile of one fleet (or one rollout the controller ran) ended.
   *
   * @param fleet the fleet
   * @param at when it ended
   * @param took how long it took, on the controller's clock
   * @param outcome how it ended
   * @param detail the rollout's result, the error, or empty
   */
  record Reconciled(String fleet, Instant at, Duration took, Outcome outcome, String detail) implements ControllerEvent {
    /** Validates the fields. */
    public Reconciled {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(took, "took");
      Objects.requireNonNull(outcome, "outcome");
      detail = detail == null ? "" : detail;
    }
  }

  /**
   * The controller's lease state of a fleet changed.
   *
   * @param fleet the fleet
   * @param at when
   * @param from the state before
   * @param to the state now
   * @param fencingToken the token of the lease now held, or 0
   */
  record LeaseChanged(String fleet, Instant at, LeaseState from, LeaseState to, long fencingToken) implements ControllerEvent {
    /** Validates the fields. */
    public LeaseChanged {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * What a fleet ran after a reconcile.
   *
   * @param fleet the fleet
   * @param at when observed
   * @param instances owned instances not gone
   * @param healthy those of them running and healthy
   * @param desired the desired capacity
   * @param hourlyCost their hourly cost, or null when the driver has no prices
   */
  record FleetObserved(String fleet, Instant at, int instances, int healthy, int desired, BigDecimal hourlyCost)
      implements ControllerEvent {
    /** Validates the fields. */
    public FleetObserved {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The fleet's desired capacity changed between two reconciles (an autoscaler's decision, a
   * schedule, or a spec whose capacity changed).
   *
   * @param fleet the fleet
   * @param at when the reconcile saw it
   * @param from the capacity before
   * @param to the capacity now
   */
  record CapacityChanged(String fleet, Instant at, int from, int to) implements ControllerEvent {
    /** Validates the fields. */
    public CapacityChanged {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A spec was taken: a fleet added, or its spec changed.
   *
   * @param fleet the fleet
   * @param at when
   * @param generationId the spec's generation id
   * @param source {@code api} or the file's path
   */
  record SpecAccepted(String fleet, Instant at, String generationId, String source) implements ControllerEvent {
    /** Validates the fields. */
    public SpecAccepted {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(generationId, "generationId");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * A spec file of the watched directory could not be taken.
   *
   * @param fleet the file's name
   * @param at when
   * @param problem the file and what is wrong
   */
  record SpecRejected(String fleet, Instant at, SpecFileProblem problem) implements ControllerEvent {
    /** Validates the fields. */
    public SpecRejected {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(problem, "problem");
    }

    /**
     * The file.
     *
     * @return its path
     */
    public Path file() {
      return problem.file();
    }
  }

  /**
   * The controller stopped managing a fleet (its spec was removed); the fleet itself is left as it is.
   *
   * @param fleet the fleet
   * @param at when
   */
  record FleetRemoved(String fleet, Instant at) implements ControllerEvent {
    /** Validates the fields. */
    public FleetRemoved {
      Objects.requireNonNull(fleet, "fleet");
      Objects.requireNonNull(at, "at");
    }
  }
}
