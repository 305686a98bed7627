package io.immut.core.internal.decision;

/**
 * A rolling rollout's bounds, resolved against the desired capacity (and the budget).
 *
 * @param maxSurge instances allowed above the desired capacity
 * @param maxUnavailable healthy instances allowed missing below the desired capacity
 */
public record Limits(int maxSurge, int maxUnavailable) {
  /** Validates the numbers. */
  public Limits {
    if (maxSurge < 0 || maxUnavailable < 0) {
      throw new IllegalArgumentException("limits are never negative: surge " + maxSurge + ", unavailable " + maxUnavailable);
    }
  }
}
