package io.immut.core.simulation;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of the desired size during a replay, with the policy's reason.
 *
 * @param at when the policy decided
 * @param from the desired size before
 * @param to the desired size after
 * @param reason the policy's reason
 */
public record SizeChange(Instant at, int from, int to, String reason) {
  /** Validates. */
  public SizeChange {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Whether the fleet grew.
   *
   * @return {@code to > from}
   */
  public boolean isScaleOut() {
    return to > from;
  }
}
