package io.immut.core.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * AWS EC2 Auto Scaling target tracking, as a baseline. Target tracking creates two CloudWatch
 * alarms on the tracked metric (here the per-instance request count, as
 * {@code ALBRequestCountPerTarget}, taken as a fraction of an instance's capacity):
 * <ul>
 *   <li>the high alarm fires when the last <b>3</b> one-minute datapoints are all above the target;
 *       the policy then sets the desired capacity to the proportional estimate
 *       {@code ceil(demand / (target × capacity))} of the newest datapoint when that is more
 *       than the current desired capacity (instances still warming up count toward it, so
 *       repeated firings do not add twice);</li>
 *   <li>the low alarm fires when the last <b>15</b> datapoints are all below 90% of the target;
 *       scale-in is conservative: no scale-in while an instance is warming up, and it removes
 *       only down to what the <em>highest</em> of those 15 datapoints needs at the target.</li>
 * </ul>
 * The alarms evaluate once per minute, as each datapoint is published; the metric aggregates
 * in-service instances only (warming instances are left out, as their datapoints are). AWS
 * publishes the alarm rules, not its exact scale-in arithmetic beyond "gradually"; the rule above
 * is this simulator's reading and is named as such in reports.
 *
 * <pre>{@code
 * SizingPolicy aws = AwsTargetTracking.builder().targetUtilization(0.7).capacity(1, 40).build();
 * }</pre>
 */
public final class AwsTargetTracking implements SizingPolicy {
  private final double target;
  private final int highDatapoints;
  private final int lowDatapoints;
  private final double lowFactor;
  private final int min;
  private final int max;
  private Instant lastEvaluated;

  private AwsTargetTracking(Builder b) {
    this.target = b.target;
    this.highDatapoints = b.highDatapoints;
    this.lowDatapoints = b.lowDatapoints;
    this.lowFactor = b.lowFactor;
    this.min = b.min;
    this.max = b.max;
  }

  /**
   * Starts a builder with the AWS defaults: 3 high datapoints, 15 low ones at 90% of the target,
   * target utilization 0.8, capacity 1 to 100.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "aws-target-tracking(target=%.2f)", target);
  }

  @Override
  public Duration interval() {
    return Duration.ofMinutes(1);
  }

  @Override
  public Sizing decide(Observation o) {
    int current = o.desired();
    List<Datapoint> points = o.metrics();
    if (points.isEmpty()) {
      return new Sizing(clamp(current), "no datapoint yet");
    }
    Datapoint newest = points.get(points.size() - 1);
    if (newest.start().equals(lastEvaluated)) {
      return new Sizing(clamp(current), "no new datapoint");
    }
    lastEvaluated = newest.start();
    double capacity = o.capacityPerInstance();
    if (allOf(points, highDatapoints, true, target, capacity)) {
      int estimate = needed(newest.demand(), capacity);
      if (estimate > current) {
        return new Sizing(clamp(estimate), String.format(Locale.ROOT,
            "high alarm: %d datapoints above %.2f, newest %.3f; ceil(%.1f / (%.2f x %.2f)) = %d",
            highDatapoints, target, newest.perInstance() / capacity, newest.demand(), target, capacity, estimate));
      }
      return new Sizing(clamp(current), "high alarm, capacity already launched (warming instances count)");
    }
    if (allOf(points, lowDatapoints, false, target * lowFactor, capacity)) {
      if (o.booting() > 0) {
        return new Sizing(clamp(current), "low alarm, but " + o.booting() + " instances warming: no scale-in");
      }
      double highest = 0;
      for (int i = points.size() - lowDatapoints; i < points.size(); i++) {
        highest = Math.max(highest, points.get(i).demand());
      }
      int estimate = Math.max(needed(highest, capacity), 1);
      if (estimate < current) {
        return new Sizing(clamp(estimate), String.format(Locale.ROOT,
            "low alarm: %d datapoints below %.2f; the highest (%.1f) needs %d", lowDatapoints, target * lowFactor, highest, estimate));
      }
    }
    return new Sizing(clamp(current), "no alarm");
  }

  private int needed(double demand, double capacity) {
    return (int) Math.ceil(demand / (target * capacity) - 1e-9);
  }

  private static boolean allOf(List<Datapoint> points, int count, boolean above, double threshold, double capacity) {
    if (points.size() < count) {
      return false;
    }
    for (int i = points.size() - count; i < points.size(); i++) {
      double u = points.get(i).perInstance() / capacity;
      if (above ? !(u > threshold) : !(u < threshold)) {
        return false;
      }
    }
    return true;
  }

  private int clamp(int n) {
    return Math.max(min, Math.min(max, n));
  }

  /** Builds an {@link AwsTargetTracking}. */
  public static final class Builder {
    private double target = 0.8;
    private int highDatapoints = 3;
    private int lowDatapoints = 15;
    private double lowFactor = 0.9;
    private int min = 1;
    private int max = 100;

    private Builder() {}

    /**
     * The target load per in-service instance, as a fraction of its capacity.
     *
     * @param utilization above 0
     * @return this builder
     */
    public Builder targetUtilization(double utilization) {
      if (!(utilization > 0)) {
        throw new IllegalArgumentException("the target utilization must be positive, got " + utilization);
      }
      this.target = utilization;
      return this;
    }

    /**
     * The alarms' datapoints to alarm (AWS: 3 high, 15 low).
     *
     * @param high consecutive high datapoints, at least 1
     * @param low consecutive low datapoints, at least 1
     * @return this builder
     */
    public Builder datapoints(int high, int low) {
      if (high < 1 || low < 1) {
        throw new IllegalArgumentException("datapoints to alarm are at least 1, got " + high + " and " + low);
      }
      this.highDatapoints = high;
      this.lowDatapoints = low;
      return this;
    }

    /**
     * The capacity bounds of the group.
     *
     * @param min at least 1
     * @param max at least {@code min}
     * @return this builder
     */
    public Builder capacity(int min, int max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("capacity needs 1 <= min <= max, got min " + min + ", max " + max);
      }
      this.min = min;
      this.max = max;
      return this;
    }

    /**
     * Builds a fresh policy.
     *
     * @return the policy
     */
    public AwsTargetTracking build() {
      return new AwsTargetTracking(this);
    }
  }
}
