package io.immut.core.port;

/**
 * What any process may ask of the rollout that holds a fleet's lease. Commands are data: the
 * sender writes them through {@link FleetCommands}, the holder's reconcile loop reads them at each
 * step and clears those it carried out.
 *
 * @since 0.2
 */
public enum FleetCommand {
  /** Promote the generation that waits for it (manual blue/green, an inconclusive verdict). */
  PROMOTE,
  /** Stop the rollout and roll back what it launched. */
  ABORT,
  /** Stop the rollout and restore the previous generation, even after a promotion. */
  ROLLBACK,
  /** Make no change until {@link #RESUME}: the loop goes on observing, and launches or terminates nothing. */
  PAUSE,
  /** Lift a {@link #PAUSE}. */
  RESUME
}
