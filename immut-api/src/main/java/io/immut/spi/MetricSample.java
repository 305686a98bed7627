package io.immut.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of a metric at one instant.
 *
 * @param at when the value was observed
 * @param value the value; finite
 */
public record MetricSample(Instant at, double value) {
  /** Validates the sample. */
  public MetricSample {
    Objects.requireNonNull(at, "at");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a metric sample at " + at + " is " + value + "; only finite values are samples");
    }
  }
}
