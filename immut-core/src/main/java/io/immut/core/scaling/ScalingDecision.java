package io.immut.core.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the autoscaler decided at one step, and why.
 *
 * @param at when
 * @param current the fleet's size before the decision
 * @param desired the size decided
 * @param min the lower bound in force (the capacity's, or an open scheduled window's)
 * @param max the upper bound in force
 * @param budgetLimit the most instances the budget allows, or null when unlimited
 * @param reason why this size, naming the deciding policy and the metric value, and any clamp
 * @param recommendations every policy's answer, in the order of the capacity's policies
 */
public record ScalingDecision(Instant at, int current, int desired, int min, int max, Integer budgetLimit, String reason,
                              List<Recommendation> recommendations) {

  /** Validates and copies the fields. */
  public ScalingDecision {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
  }

  /**
   * Whether the size changes.
   *
   * @return true when {@code desired != current}
   */
  public boolean isChange() {
    return desired != current;
  }

  /**
   * The change in instances.
   *
   * @return {@code desired - current}: positive to scale out, negative to scale in
   */
  public int delta() {
    return desired - current;
  }

  /** Returns {@code 4 -> 6: reason}. */
  @Override
  public String toString() {
    return current + " -> " + desired + ": " + reason;
  }
}
