package io.immut.core.controller;

/**
 * What a controller is doing with one fleet.
 *
 * @since 0.2
 */
public enum FleetState {
  /** Added, not reconciled yet. */
  PENDING,
  /** The last reconcile succeeded: the fleet matches its spec (autoscaling, repair and retirement included). */
  RECONCILED,
  /** A rollout of the spec's new generation is under way (or waits for one of the controller's rollout threads). */
  ROLLING_OUT,
  /**
   * The spec's generation failed or was rolled back: the controller keeps the live generation
   * reconciled and does not roll the failed one out again until the spec changes or
   * {@link io.immut.core.FleetController#retry} is called.
   */
  BLOCKED,
  /** Paused by a command: observed at each reconcile, nothing changed until resumed. */
  PAUSED,
  /** Another controller holds the fleet's lease; this one skips it and asks again each interval. */
  SKIPPED,
  /** The last reconcile failed; it is tried again at the next interval. */
  FAILING
}
