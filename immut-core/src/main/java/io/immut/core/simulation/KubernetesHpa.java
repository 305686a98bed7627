package io.immut.core.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;

/**
 * The Kubernetes Horizontal Pod Autoscaler (autoscaling/v2, default behaviour), as a baseline.
 * Follows the published algorithm and the controller's code path
 * ({@code replica_calculator.go}, {@code horizontal.go}) for a {@code Pods} metric:
 * <ol>
 *   <li>every sync period (15 s) it reads the newest metric: the average per-pod value (here the
 *       per-instance load as a fraction of an instance's capacity) of the pods that served in the
 *       metric's period; pods still booting (Pending) are ignored; pods ready since the period
 *       have no metric yet ("missing");</li>
 *   <li>{@code usageRatio = metric / target}; within the tolerance ({@code |1 − ratio| ≤ 0.1}) the
 *       recommendation is the current replica count, else {@code ceil(ratio × podsWithMetric)};
 *       with missing pods, they count as using the target on a scale-down and nothing on a
 *       scale-up, the ratio is recomputed over all ready pods, and when that brings it within the
 *       tolerance or reverses the direction, the count stays;</li>
 *   <li>scale-down stabilization: the recommendations of the last 5 minutes are kept and the
 *       desired count is at most the current count and at least their maximum (a scale-up uses
 *       no window by default);</li>
 *   <li>rate limits of the default behaviour: scale-up at most {@code max(100%, 4 pods)} per
 *       15 s (counted from the replicas at the start of the period), scale-down up to 100% per
 *       15 s;</li>
 *   <li>clamped to {@code [minReplicas, maxReplicas]}.</li>
 * </ol>
 *
 * <pre>{@code
 * SizingPolicy hpa = KubernetesHpa.builder().targetUtilization(0.7).replicas(1, 40).build();
 * }</pre>
 */
public final class KubernetesHpa implements SizingPolicy {
  private final double target;
  private final double tolerance;
  private final Duration sync;
  private final Duration downscaleWindow;
  private final int minReplicas;
  private final int maxReplicas;
  private final Deque<Recommendation> recommendations = new ArrayDeque<>();
  private final Deque<ScaleEvent> scaleUpEvents = new ArrayDeque<>();

  private KubernetesHpa(Builder b) {
    this.target = b.target;
    this.tolerance = b.tolerance;
    this.sync = b.sync;
    this.downscaleWindow = b.downscaleWindow;
    this.minReplicas = b.minReplicas;
    this.maxReplicas = b.maxReplicas;
  }

  /**
   * Starts a builder with the Kubernetes defaults: tolerance 0.1, sync 15 s, scale-down
   * stabilization 5 minutes, target utilization 0.8, 1 to 100 replicas.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "k8s-hpa(target=%.2f)", target);
  }

  @Override
  public Duration interval() {
    return sync;
  }

  @Override
  public Sizing decide(Observation o) {
    int current = o.desired();
    if (o.latest().isEmpty()) {
      return new Sizing(clamp(Math.max(current, minReplicas)), "no metric yet");
    }
    Datapoint dp = o.latest().get();
    double ratio = dp.perInstance() / o.capacityPerInstance() / target;
    // pods with a metric: those that served in the datapoint's period; pods ready since then have
    // none yet ("missing"), pods still booting are Pending and ignored
    int withMetric = Math.min(o.ready(), (int) Math.ceil(dp.readyInstances() - 1e-9));
    int missing = o.ready() - withMetric;
    int proposal;
    String why;
    if (withMetric == 0) {
      proposal = current;
      why = "no ready pod has a metric";
    } else if (missing == 0) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        proposal = current;
        why = String.format(Locale.ROOT, "ratio %.3f within tolerance %.2f", ratio, tolerance);
      } else {
        proposal = (int) Math.ceil(ratio * withMetric - 1e-9);
        why = String.format(Locale.ROOT, "ceil(%.3f x %d ready) = %d", ratio, withMetric, proposal);
      }
    } else {
      // missing metrics count as the target (1.0) on a scale-down and as 0 on a scale-up
      double newRatio = ratio < 1.0 ? (ratio * withMetric + missing) / (withMetric + missing) : ratio * withMetric / (withMetric + missing);
      if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
        proposal = current;
        why = String.format(Locale.ROOT, "ratio %.3f, %.3f counting %d pods without a metric: no change", ratio, newRatio, missing);
      } else {
        proposal = (int) Math.ceil(newRatio * (withMetric + missing) - 1e-9);
        if ((newRatio < 1.0 && proposal > current) || (newRatio > 1.0 && proposal < current)) {
          proposal = current;
        }
        why = String.format(Locale.ROOT, "ceil(%.3f x %d pods, %d without a metric) = %d", newRatio, withMetric + missing, missing,
            proposal);
      }
    }
    int stabilized = stabilize(o.now(), current, proposal);
    int limited = limitRate(o.now(), current, stabilized);
    int desired = clamp(limited);
    if (desired > current) {
      scaleUpEvents.addLast(new ScaleEvent(o.now(), desired - current));
    }
    if (desired != proposal) {
      why += stabilized != proposal ? "; held at " + stabilized + " by the 5-minute scale-down window" : "";
      why += limited != stabilized ? "; scale-up rate limit " + limited : "";
      why += desired != limited ? "; clamped to [" + minReplicas + ", " + maxReplicas + "]" : "";
    }
    return new Sizing(desired, why);
  }

  /** stabilizeRecommendationWithBehaviors: scale-up window 0, scale-down window 5 minutes. */
  private int stabilize(Instant now, int current, int proposal) {
    Instant downCutoff = now.minus(downscaleWindow);
    while (!recommendations.isEmpty() && !recommendations.peekFirst().at().isAfter(downCutoff)) {
      recommendations.removeFirst();
    }
    int up = proposal;
    int down = proposal;
    for (Recommendation r : recommendations) {
      down = Math.max(down, r.replicas());
    }
    recommendations.addLast(new Recommendation(now, proposal));
    int recommendation = current;
    if (recommendation < up) {
      recommendation = up;
    }
    if (recommendation > down) {
      recommendation = down;
    }
    return recommendation;
  }

  /** Default scale-up policies: 100% or 4 pods per 15 s, whichever is more (selectPolicy Max). */
  private int limitRate(Instant now, int current, int desired) {
    if (desired <= current) {
      return desired; // default scale-down policy: 100% per 15 s, i.e. no limit
    }
    Instant cutoff = now.minus(Duration.ofSeconds(15));
    int added = 0;
    for (Iterator<ScaleEvent> it = scaleUpEvents.iterator(); it.hasNext(); ) {
      ScaleEvent e = it.next();
      if (!e.at().isAfter(cutoff)) {
        it.remove();
      } else {
        added += e.change();
      }
    }
    int periodStart = current - added;
    int byPercent = (int) Math.ceil(periodStart * 2.0);
    int byPods = periodStart + 4;
    int limit = Math.max(Math.max(byPercent, byPods), current);
    return Math.min(desired, limit);
  }

  private int clamp(int n) {
    return Math.max(minReplicas, Math.min(maxReplicas, n));
  }

  private record Recommendation(Instant at, int replicas) {}

  private record ScaleEvent(Instant at, int change) {}

  /** Builds a {@link KubernetesHpa}. */
  public static final class Builder {
    private double target = 0.8;
    private double tolerance = 0.1;
    private Duration sync = Duration.ofSeconds(15);
    private Duration downscaleWindow = Duration.ofMinutes(5);
    private int minReplicas = 1;
    private int maxReplicas = 100;

    private Builder() {}

    /**
     * The target average load per ready instance, as a fraction of its capacity.
     *
     * @param utilization above 0, such as 0.7
     * @return this builder
     */
    public Builder targetUtilization(double utilization) {
      if (!(utilization > 0)) {
        throw new IllegalArgumentException("the HPA's target utilization must be positive, got " + utilization);
      }
      this.target = utilization;
      return this;
    }

    /**
     * The tolerance around the target inside which nothing changes (Kubernetes: 0.1).
     *
     * @param tolerance from 0 to 1
     * @return this builder
     */
    public Builder tolerance(double tolerance) {
      if (tolerance < 0 || tolerance >= 1) {
        throw new IllegalArgumentException("tolerance is from 0 (inclusive) to 1, got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The controller's sync period ({@code --horizontal-pod-autoscaler-sync-period}, 15 s).
     *
     * @param sync positive
     * @return this builder
     */
    public Builder syncPeriod(Duration sync) {
      if (sync.isNegative() || sync.isZero()) {
        throw new IllegalArgumentException("the sync period must be positive, got " + sync);
      }
      this.sync = sync;
      return this;
    }

    /**
     * The scale-down stabilization window (5 minutes).
     *
     * @param window zero or more
     * @return this builder
     */
    public Builder downscaleStabilization(Duration window) {
      if (window.isNegative()) {
        throw new IllegalArgumentException("the stabilization window must not be negative, got " + window);
      }
      this.downscaleWindow = window;
      return this;
    }

    /**
     * The replica bounds.
     *
     * @param min at least 1
     * @param max at least {@code min}
     * @return this builder
     */
    public Builder replicas(int min, int max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("replicas need 1 <= min <= max, got min " + min + ", max " + max);
      }
      this.minReplicas = min;
      this.maxReplicas = max;
      return this;
    }

    /**
     * Builds a fresh autoscaler (no recommendation history).
     *
     * @return the policy
     */
    public KubernetesHpa build() {
      return new KubernetesHpa(this);
    }
  }
}
