package io.immut.core.internal.decision;

/** Where one instance of a new generation stands in its health gate. */
public enum GateStatus {
  /** Not yet decided: booting, in its grace period, or not enough consecutive successes yet. */
  PENDING,
  /** Passed: the configured number of consecutive successes. */
  PASSED,
  /** Failed: the configured number of consecutive failures after the grace period. */
  FAILED
}
