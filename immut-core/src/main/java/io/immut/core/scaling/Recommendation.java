package io.immut.core.scaling;

import java.util.OptionalInt;

/**
 * One policy's answer at one step, with its reason.
 *
 * @param policy the policy's label: its kind and index, such as {@code targetTracking[0]}
 * @param metric the metric it read, or null (scheduled)
 * @param value the metric's value it read, or null when it read none
 * @param size the size it recommends, or null when it abstains (no data, no open window, still learning)
 * @param reason why, in one sentence with the figures
 */
public record Recommendation(String policy, String metric, Double value, Integer size, String reason) {

  /**
   * The recommended size.
   *
   * @return the size, or empty when the policy abstains
   */
  public OptionalInt recommended() {
    return size == null ? OptionalInt.empty() : OptionalInt.of(size);
  }

  /** Returns {@code policy: reason}. */
  @Override
  public String toString() {
    return policy + ": " + reason;
  }
}
