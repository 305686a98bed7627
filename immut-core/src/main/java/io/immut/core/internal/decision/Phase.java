package io.immut.core.internal.decision;

/** Where a rollout stands after one decision. */
public enum Phase {
  /** Work is under way: launches, terminations, or waiting for health. */
  IN_PROGRESS,
  /** Waiting for a pause or a keep-previous period to end. */
  WAITING,
  /** Waiting for {@code promote}. */
  AWAITING_PROMOTION,
  /** The target generation runs the whole fleet and nothing else is left. */
  COMPLETE,
  /** The target generation failed its gate (or made no progress by its deadline). */
  GATE_FAILED,
  /**
   * Launches of the target failed in a way no retry mends: an account quota, a bad image, or no
   * capacity after backing off, shrinking the batches and trying the other zones. The decision's
   * {@link Decision#stoppedBy()} says which.
   */
  LAUNCH_FAILED
}
