package io.immut.core.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One metric datapoint as a monitoring system publishes it: the demand of one period and the
 * instances that served it.
 *
 * @param start the start of the period
 * @param period its length (one minute for the benchmarks)
 * @param demand requests that arrived in the period
 * @param readyInstances the average number of ready (booted) instances during the period; the
 *     load balancer spreads the demand over them
 */
public record Datapoint(Instant start, Duration period, double demand, double readyInstances) {
  /** Validates the datapoint. */
  public Datapoint {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(period, "period");
    if (demand < 0 || readyInstances < 0) {
      throw new IllegalArgumentException("demand and ready instances are at least 0, got " + demand + " and " + readyInstances);
    }
  }

  /**
   * The end of the period.
   *
   * @return {@code start + period}
   */
  public Instant end() {
    return start.plus(period);
  }

  /**
   * The load of one ready instance in this period, as a per-target request count
   * (AWS's {@code ALBRequestCountPerTarget}, a Kubernetes {@code Pods} metric). With no ready
   * instance the whole demand lands on one, so that any demand reads as overload.
   *
   * @return requests per ready instance
   */
  public double perInstance() {
    return demand / Math.max(1.0, readyInstances);
  }
}
