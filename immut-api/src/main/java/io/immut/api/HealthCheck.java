package io.immut.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a new generation proves it is healthy before it takes over: the health gate.
 *
 * @param gracePeriod time after an instance is running before failures count
 * @param interval time between two checks of one instance
 * @param healthyThreshold consecutive successes that make an instance healthy (1-100)
 * @param unhealthyThreshold consecutive failures that make it unhealthy (1-100)
 * @param progressDeadline the longest a rollout may wait for health before it is failed and
 *     rolled back: a rollout is never stuck forever
 * @param path the HTTP path probed on each instance ({@code /healthz}), or null for the cloud's
 *     own instance status only
 * @param port the TCP port of the HTTP probe (1-65535)
 */
public record HealthCheck(Duration gracePeriod, Duration interval, int healthyThreshold, int unhealthyThreshold,
                          Duration progressDeadline, String path, int port) {

  /** Defaults: 30s grace, 10s interval, 2 successes, 3 failures, 10m deadline, no HTTP probe. */
  public static final HealthCheck DEFAULT =
      new HealthCheck(Duration.ofSeconds(30), Duration.ofSeconds(10), 2, 3, Duration.ofMinutes(10), null, 80);

  /** Validates every field; all problems are reported at once. */
  public HealthCheck {
    Problems p = new Problems();
    p.required("gracePeriod", gracePeriod, "a duration of zero or more, such as 30s");
    p.required("interval", interval, "a positive duration, such as 10s");
    p.required("progressDeadline", progressDeadline, "a positive duration, such as 10m");
    p.positive("gracePeriod", gracePeriod, true);
    p.positive("interval", interval, false);
    p.positive("progressDeadline", progressDeadline, false);
    p.range("healthyThreshold", healthyThreshold, 1, 100);
    p.range("unhealthyThreshold", unhealthyThreshold, 1, 100);
    p.range("port", port, 1, 65_535);
    if (path != null && !path.startsWith("/")) {
      p.add("path", SpecProblem.excerpt(path) + " does not start with '/'", "an absolute HTTP path such as /healthz");
    }
    if (Problems.bounded(gracePeriod) && Problems.bounded(interval) && Problems.bounded(progressDeadline)
        && progressDeadline.compareTo(gracePeriod.plus(interval)) <= 0) {
      p.add("progressDeadline", Durations.format(progressDeadline) + " leaves no time for a check after the grace period",
          "more than gracePeriod + interval (" + Durations.format(gracePeriod.plus(interval)) + ")");
    }
    p.throwIfAny("health check", "generation.healthCheck");
  }

  /**
   * Returns a copy probing an HTTP path.
   *
   * @param path the path, such as {@code /healthz}
   * @param port the port
   * @return the new health check
   */
  public HealthCheck withHttp(String path, int port) {
    return new HealthCheck(gracePeriod, interval, healthyThreshold, unhealthyThreshold, progressDeadline,
        Objects.requireNonNull(path, "path"), port);
  }

  /**
   * Returns a copy with another grace period.
   *
   * @param grace the grace period
   * @return the new health check
   */
  public HealthCheck withGracePeriod(Duration grace) {
    return new HealthCheck(grace, interval, healthyThreshold, unhealthyThreshold, progressDeadline, path, port);
  }

  /**
   * Returns a copy with another progress deadline.
   *
   * @param deadline the progress deadline
   * @return the new health check
   */
  public HealthCheck withProgressDeadline(Duration deadline) {
    return new HealthCheck(gracePeriod, interval, healthyThreshold, unhealthyThreshold, deadline, path, port);
  }
}
