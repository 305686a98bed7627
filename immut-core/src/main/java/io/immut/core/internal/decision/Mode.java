package io.immut.core.internal.decision;

/** Whether the loop rolls a new generation in, or restores a previous one after a failure. */
public enum Mode {
  /** Rolling a new generation in: failures of its gate fail the rollout. */
  ROLLOUT,
  /** Restoring the previous generation (or emptying the fleet when there is none). */
  ROLLBACK
}
