package io.immut.core.simulation;

import java.util.Objects;

/**
 * A policy's answer at one decision tick: the fleet's desired size now, and why.
 *
 * @param desired the number of instances the fleet should have, at least 0
 * @param reason a short sentence for logs and reports, such as "3 high datapoints: 52 req/instance > 45"
 */
public record Sizing(int desired, String reason) {
  /** Validates the answer. */
  public Sizing {
    if (desired < 0) {
      throw new IllegalArgumentException("a desired size is at least 0, got " + desired);
    }
    Objects.requireNonNull(reason, "reason");
  }
}
