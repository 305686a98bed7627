package io.immut.core.simulation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy sees at one decision tick.
 *
 * @param now the decision instant
 * @param desired the fleet's desired size before this decision
 * @param live instances launched and not terminated (booting or ready)
 * @param ready instances booted and serving
 * @param metrics the datapoints published by now (metric lag included), oldest first; the
 *     simulator keeps a bounded history (the last day by default)
 * @param capacityPerInstance requests one instance serves per metric period
 * @param launchTimes when each live instance was launched, oldest first (for warm-up rules), when
 *     the caller knows them
 */
public record Observation(Instant now, int desired, int live, int ready, List<Datapoint> metrics,
                          double capacityPerInstance, List<Instant> launchTimes) {
  /** Validates and copies. */
  public Observation {
    Objects.requireNonNull(now, "now");
    metrics = List.copyOf(metrics);
    launchTimes = List.copyOf(launchTimes);
    if (desired < 0 || live < 0 || ready < 0 || ready > live) {
      throw new IllegalArgumentException("counts must satisfy 0 <= ready <= live and desired >= 0; got desired " + desired
          + ", live " + live + ", ready " + ready);
    }
  }

  /**
   * The newest published datapoint.
   *
   * @return it, or empty before the first one is published
   */
  public Optional<Datapoint> latest() {
    return metrics.isEmpty() ? Optional.empty() : Optional.of(metrics.get(metrics.size() - 1));
  }

  /**
   * Instances launched and still booting.
   *
   * @return {@code live - ready}
   */
  public int booting() {
    return live - ready;
  }
}
