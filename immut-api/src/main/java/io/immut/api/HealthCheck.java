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
 *
 * <p>Build one with {@link #builder()}: every field not set keeps its default.
 *
 * <pre>{@code
 * HealthCheck check = HealthCheck.builder().http("/healthz", 8080).gracePeriod(Duration.ofSeconds(20)).build();
 * }</pre>
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
   * The path of a fleet spec's health check, under which {@link Builder#build()} reports problems.
   *
   * @since 0.2
   */
  public static final String SPEC_PATH = "generation.healthCheck";

  /**
   * Starts a builder from the {@linkplain #DEFAULT defaults}.
   *
   * @return a builder
   * @since 0.2
   */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /**
   * Starts a builder from this health check.
   *
   * @return a builder holding this check's fields
   * @since 0.2
   */
  public Builder toBuilder() {
    return new Builder(this);
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

  /**
   * Builds a {@link HealthCheck}; every field starts at the default (or at the check it was made
   * from). {@link #build()} validates every field at once and reports each problem at its full
   * path in a fleet spec ({@code generation.healthCheck.port}).
   *
   * @since 0.2
   */
  public static final class Builder {
    private Duration gracePeriod;
    private Duration interval;
    private int healthyThreshold;
    private int unhealthyThreshold;
    private Duration progressDeadline;
    private String path;
    private int port;

    private Builder(HealthCheck from) {
      gracePeriod = from.gracePeriod;
      interval = from.interval;
      healthyThreshold = from.healthyThreshold;
      unhealthyThreshold = from.unhealthyThreshold;
      progressDeadline = from.progressDeadline;
      path = from.path;
      port = from.port;
    }

    /**
     * Sets the time after an instance is running before failures count.
     *
     * @param gracePeriod zero or more
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Sets the time between two checks of one instance.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * Sets the consecutive successes that make an instance healthy.
     *
     * @param healthyThreshold 1 to 100
     * @return this builder
     */
    public Builder healthyThreshold(int healthyThreshold) {
      this.healthyThreshold = healthyThreshold;
      return this;
    }

    /**
     * Sets the consecutive failures that make an instance unhealthy.
     *
     * @param unhealthyThreshold 1 to 100
     * @return this builder
     */
    public Builder unhealthyThreshold(int unhealthyThreshold) {
      this.unhealthyThreshold = unhealthyThreshold;
      return this;
    }

    /**
     * Sets the longest a rollout may wait for health before it is failed and rolled back.
     *
     * @param progressDeadline more than the grace period plus one interval
     * @return this builder
     */
    public Builder progressDeadline(Duration progressDeadline) {
      this.progressDeadline = progressDeadline;
      return this;
    }

    /**
     * Probes an HTTP path on a port of each instance.
     *
     * @param path an absolute path such as {@code /healthz}
     * @param port 1 to 65535
     * @return this builder
     */
    public Builder http(String path, int port) {
      this.path = path;
      this.port = port;
      return this;
    }

    /**
     * Sets the HTTP path probed, or null for the cloud's own instance status only.
     *
     * @param path an absolute path such as {@code /healthz}, or null
     * @return this builder
     */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /**
     * Sets the port of the HTTP probe.
     *
     * @param port 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Builds the health check.
     *
     * @return the health check
     * @throws InvalidSpecException listing every problem, each at its path under
     *     {@value HealthCheck#SPEC_PATH}
     */
    public HealthCheck build() {
      try {
        return new HealthCheck(gracePeriod, interval, healthyThreshold, unhealthyThreshold, progressDeadline, path, port);
      } catch (InvalidSpecException e) {
        throw e.root().isEmpty() ? new InvalidSpecException("health check", SPEC_PATH, e.problems()) : e;
      }
    }
  }
}
