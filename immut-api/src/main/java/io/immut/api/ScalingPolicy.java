package io.immut.api;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One rule of an {@link Capacity.Autoscaled autoscaled} capacity. Each policy answers "how many
 * instances" on its own; the fleet runs the largest answer, clamped to the capacity's bounds and
 * to the budget. Reactive policies ({@link TargetTracking}, {@link StepScaling}) follow a metric;
 * {@link Scheduled} windows change the bounds by the calendar; {@link Predictive} scales out ahead
 * of a learned daily and weekly profile and never scales in on its own.
 *
 * <p>Metric names are queries of the fleet's {@code MetricsSource}: a series name for the
 * in-memory source, a PromQL expression (which must return one series) for Prometheus.
 */
public sealed interface ScalingPolicy
    permits ScalingPolicy.TargetTracking, ScalingPolicy.StepScaling, ScalingPolicy.Scheduled, ScalingPolicy.Predictive,
        ScalingPolicy.Adaptive {

  /**
   * The policy to start with: an {@link Adaptive} policy on a fleet-total metric, which needs no
   * target to tune, only what one instance serves and how long a new one takes to serve.
   *
   * @param metric a fleet-total metric (requests per period on the load balancer)
   * @param capacityPerInstance the most of that metric one instance serves, positive
   * @param warmup how long from launch until an instance serves (its boot), zero or more
   * @return the policy, with a one-minute metric period
   * @since 0.2
   */
  static Adaptive adaptive(String metric, double capacityPerInstance, Duration warmup) {
    return new Adaptive(metric, capacityPerInstance, warmup, Duration.ofMinutes(1));
  }

  /**
   * A target-tracking policy with the defaults: per-instance average, tolerance 10%, scale-in
   * stabilization 5 minutes, no warm-up.
   *
   * @param metric the metric to hold at the target
   * @param target the value per instance to hold it at
   * @return the policy
   */
  static TargetTracking targetTracking(String metric, double target) {
    return new TargetTracking(metric, target, Aggregation.AVERAGE, 0.1, Duration.ofMinutes(5), Duration.ZERO);
  }

  /**
   * A step-scaling policy with no cooldowns; set them with {@link StepScaling#withCooldowns}.
   *
   * @param metric the metric the bands are over
   * @param steps the bands, not overlapping; at least one
   * @return the policy
   * @since 0.2
   */
  static StepScaling stepScaling(String metric, Step... steps) {
    return new StepScaling(metric, steps == null ? null : java.util.Arrays.asList(steps), Duration.ZERO, Duration.ZERO);
  }

  /**
   * A scheduled policy.
   *
   * @param zone the time zone of the windows' wall-clock times
   * @param windows the windows; at least one
   * @return the policy
   * @since 0.2
   */
  static Scheduled scheduled(ZoneId zone, Window... windows) {
    return new Scheduled(zone, windows == null ? null : java.util.Arrays.asList(windows));
  }

  /**
   * A predictive policy learning from 14 days in 10-minute buckets; change them with
   * {@link Predictive#withLookback} and {@link Predictive#withResolution}.
   *
   * @param metric a fleet-total metric
   * @param targetPerInstance the load one instance should carry, positive
   * @param leadTime how far ahead to provision (the boot time)
   * @return the policy
   * @since 0.2
   */
  static Predictive predictive(String metric, double targetPerInstance, Duration leadTime) {
    return new Predictive(metric, targetPerInstance, Duration.ofDays(14), leadTime, Duration.ofMinutes(10));
  }

  /**
   * How a {@link Predictive} policy forecasts the demand at a time of week (or of day) from its
   * history cut into buckets, each keeping its peak.
   *
   * @since 0.2
   */
  enum Forecast {
    /** The mean of the past peaks at that time: simple, but it replays a past event in full share and lags a level that moves. */
    MEAN_OF_PEAKS,
    /**
     * A seasonal shape scaled by the current level: each past peak relative to the mean of the day
     * before it, the shape at a time the median (the lower one of an even count) of those ratios,
     * times the mean of the last day. A single event does not move a median, and a level that
     * doubles is followed within a day.
     */
    SEASONAL,
    /**
     * At each relearning, whichever of the two forecast the last day better: the seasonal one when
     * its backtest covered as much of the last day with at most the same error, else the mean of peaks.
     */
    BEST_OF_BACKTEST
  }

  /** What a metric's value measures. */
  enum Aggregation {
    /** The average per instance (CPU utilisation, requests per instance). */
    AVERAGE,
    /** The fleet's total (requests per second on the load balancer, queue length). */
    TOTAL
  }

  /**
   * Holds a metric at a target value per instance, as the Kubernetes HPA and AWS target tracking
   * do. The recommendation is {@code ceil(counted × value / target)} for an {@code AVERAGE} metric
   * (counted = instances past their warm-up) and {@code ceil(value / target)} for a {@code TOTAL};
   * when the ratio of value to target is within {@code tolerance} of 1, the fleet stays as it is.
   * Scale-out follows at once; scale-in takes the largest recommendation of the last
   * {@code scaleInStabilization}, and waits while any instance is still warming up.
   *
   * @param metric the metric
   * @param target the value per instance to hold, positive
   * @param aggregation whether the metric is a per-instance average or the fleet's total
   * @param tolerance the relative deviation from the target that causes no change, 0 to 1 (0.1 = 10%)
   * @param scaleInStabilization how long a higher recommendation holds off a scale-in, zero or more
   * @param warmup how long a new instance does not count (nor its metric), zero or more
   */
  record TargetTracking(String metric, double target, Aggregation aggregation, double tolerance,
                        Duration scaleInStabilization, Duration warmup) implements ScalingPolicy {
    /** Validates the fields; every problem is reported at once. */
    public TargetTracking {
      Problems p = new Problems();
      checkMetric(p, metric);
      if (!(target > 0) || Double.isInfinite(target)) {
        p.add("target", target + " is not a positive number", "a positive value per instance, such as 60 (percent CPU) or 100 (requests/s)");
      }
      p.required("aggregation", aggregation, "AVERAGE or TOTAL");
      if (!(tolerance >= 0 && tolerance < 1)) {
        p.add("tolerance", tolerance + " is out of range", "a fraction from 0 (inclusive) to 1 (exclusive), such as 0.1");
      }
      if (p.required("scaleInStabilization", scaleInStabilization, "a duration such as 5m")) {
        p.positive("scaleInStabilization", scaleInStabilization, true);
      }
      if (p.required("warmup", warmup, "a duration such as 3m, or 0s")) {
        p.positive("warmup", warmup, true);
      }
      p.throwIfAny("target-tracking policy");
    }

    /**
     * Returns a copy with another aggregation.
     *
     * @param aggregation AVERAGE or TOTAL
     * @return the copy
     */
    public TargetTracking withAggregation(Aggregation aggregation) {
      return new TargetTracking(metric, target, aggregation, tolerance, scaleInStabilization, warmup);
    }

    /**
     * Returns a copy with another tolerance.
     *
     * @param tolerance 0 to 1
     * @return the copy
     */
    public TargetTracking withTolerance(double tolerance) {
      return new TargetTracking(metric, target, aggregation, tolerance, scaleInStabilization, warmup);
    }

    /**
     * Returns a copy with another scale-in stabilization window.
     *
     * @param window zero or more
     * @return the copy
     */
    public TargetTracking withScaleInStabilization(Duration window) {
      return new TargetTracking(metric, target, aggregation, tolerance, window, warmup);
    }

    /**
     * Returns a copy with another warm-up.
     *
     * @param warmup zero or more
     * @return the copy
     */
    public TargetTracking withWarmup(Duration warmup) {
      return new TargetTracking(metric, target, aggregation, tolerance, scaleInStabilization, warmup);
    }
  }

  /**
   * Adds or removes instances by metric bands, as AWS step scaling does. The band that contains the
   * metric's latest value gives the change; a value in no band changes nothing. After a scale-out
   * the policy adds nothing more for {@code scaleOutCooldown}; it removes nothing for
   * {@code scaleInCooldown} after any scaling of the fleet.
   *
   * @param metric the metric
   * @param steps the bands, not overlapping; at least one
   * @param scaleOutCooldown the pause after a scale-out, zero or more
   * @param scaleInCooldown the pause after any scaling before a scale-in, zero or more
   */
  record StepScaling(String metric, List<Step> steps, Duration scaleOutCooldown, Duration scaleInCooldown)
      implements ScalingPolicy {
    /** Validates the fields and that no two bands overlap. */
    public StepScaling {
      steps = steps == null ? List.of() : List.copyOf(steps);
      Problems p = new Problems();
      checkMetric(p, metric);
      if (steps.isEmpty()) {
        p.add("steps", "is empty", "at least one band such as {from: 80, add: 2}");
      }
      List<Step> sorted = new ArrayList<>(steps);
      sorted.sort(Comparator.comparingDouble(Step::lowerOrMin));
      for (int i = 1; i < sorted.size(); i++) {
        Step a = sorted.get(i - 1);
        Step b = sorted.get(i);
        if (a.upperOrMax() > b.lowerOrMin()) {
          p.add("steps[" + steps.indexOf(b) + "]", "band " + b + " overlaps band " + a, "bands that do not overlap (upper bounds are exclusive)");
        }
      }
      if (p.required("scaleOutCooldown", scaleOutCooldown, "a duration such as 1m")) {
        p.positive("scaleOutCooldown", scaleOutCooldown, true);
      }
      if (p.required("scaleInCooldown", scaleInCooldown, "a duration such as 5m")) {
        p.positive("scaleInCooldown", scaleInCooldown, true);
      }
      p.throwIfAny("step-scaling policy");
    }

    /**
     * This policy with other cooldowns.
     *
     * @param scaleOut the pause after a scale-out, zero or more
     * @param scaleIn the pause after any scaling before a scale-in, zero or more
     * @return the changed policy
     * @since 0.2
     */
    public StepScaling withCooldowns(Duration scaleOut, Duration scaleIn) {
      return new StepScaling(metric, steps, scaleOut, scaleIn);
    }
  }

  /**
   * One band of a {@link StepScaling} policy: when the metric is in {@code [lower, upper)}, change
   * the fleet by {@code change} instances, or by {@code change} percent of its current size
   * (rounded away from zero, at least one instance).
   *
   * @param lower the inclusive lower bound, or null for no lower bound
   * @param upper the exclusive upper bound, or null for no upper bound
   * @param change positive to add, negative to remove; not zero
   * @param percent whether {@code change} is a percentage of the current size
   */
  record Step(Double lower, Double upper, int change, boolean percent) {
    /** Validates the band. */
    public Step {
      Problems p = new Problems();
      if (lower == null && upper == null) {
        p.add("lower", "both bounds are missing", "a lower bound, an upper bound, or both");
      }
      if (lower != null && !Double.isFinite(lower)) {
        p.add("lower", lower + " is not a finite number", "a number");
      }
      if (upper != null && !Double.isFinite(upper)) {
        p.add("upper", upper + " is not a finite number", "a number");
      }
      if (lower != null && upper != null && !(lower < upper)) {
        p.add("upper", upper + " is not above the lower bound " + lower, "an upper bound above the lower bound");
      }
      if (change == 0) {
        p.add("change", "is zero", "a positive number to add instances, a negative one to remove them");
      } else if (percent && (change < -100 || change > 1000)) {
        p.add("change", change + "% is out of range", "a percentage from -100% to 1000%, not 0");
      }
      p.throwIfAny("scaling step");
    }

    /**
     * A band that adds instances.
     *
     * @param lower inclusive lower bound, or null
     * @param upper exclusive upper bound, or null
     * @param count instances to add, positive
     * @return the band
     */
    public static Step add(Double lower, Double upper, int count) {
      return new Step(lower, upper, count, false);
    }

    /**
     * A band that removes instances.
     *
     * @param lower inclusive lower bound, or null
     * @param upper exclusive upper bound, or null
     * @param count instances to remove, positive
     * @return the band
     */
    public static Step remove(Double lower, Double upper, int count) {
      return new Step(lower, upper, -count, false);
    }

    /**
     * A band that changes the fleet by a percentage of its size.
     *
     * @param lower inclusive lower bound, or null
     * @param upper exclusive upper bound, or null
     * @param percent positive to add, negative to remove
     * @return the band
     */
    public static Step percent(Double lower, Double upper, int percent) {
      return new Step(lower, upper, percent, true);
    }

    /**
     * Whether a value lies in the band.
     *
     * @param value the metric's value
     * @return true when {@code lower <= value < upper}
     */
    public boolean contains(double value) {
      return value >= lowerOrMin() && value < upperOrMax();
    }

    double lowerOrMin() {
      return lower == null ? Double.NEGATIVE_INFINITY : lower;
    }

    double upperOrMax() {
      return upper == null ? Double.POSITIVE_INFINITY : upper;
    }

    /** Returns {@code [80, 95): +2} or {@code [-inf, 20): -10%}. */
    @Override
    public String toString() {
      return "[" + (lower == null ? "-inf" : lower) + ", " + (upper == null ? "inf" : upper) + "): "
          + (change > 0 ? "+" : "") + change + (percent ? "%" : "");
    }
  }

  /**
   * Calendar windows that change the fleet's bounds: while a window is open, its {@code min} and
   * {@code max} replace the capacity's, and its {@code desired} is a floor (reactive policies may
   * still scale above it). When several windows are open, the largest values win.
   *
   * @param zone the time zone of the windows' wall-clock times
   * @param windows the windows; at least one
   */
  record Scheduled(ZoneId zone, List<Window> windows) implements ScalingPolicy {
    /** Validates the fields. */
    public Scheduled {
      windows = windows == null ? List.of() : List.copyOf(windows);
      Problems p = new Problems();
      p.required("zone", zone, "a time zone id such as Europe/Paris or UTC");
      if (windows.isEmpty()) {
        p.add("windows", "is empty", "at least one window such as {start: '0 8 * * MON-FRI', duration: 10h, min: 4}");
      }
      for (int i = 0; i < windows.size(); i++) {
        if (windows.get(i) == null) {
          p.add("windows[" + i + "]", "is missing", "a window");
        }
      }
      p.throwIfAny("scheduled policy");
    }
  }

  /**
   * One window of a {@link Scheduled} policy: it opens each time {@code start} fires and stays open
   * for {@code duration}. At least one of {@code min}, {@code max} and {@code desired} is set.
   *
   * @param start when the window opens, a {@link Cron} expression in the policy's zone
   * @param duration how long it stays open, from 1 minute to 31 days
   * @param min the lower bound while open, or null to keep the capacity's
   * @param max the upper bound while open, or null to keep the capacity's
   * @param desired the floor while open, or null for none
   */
  record Window(Cron start, Duration duration, Integer min, Integer max, Integer desired) {
    /** Validates the window. */
    public Window {
      Problems p = new Problems();
      p.required("start", start, "a cron expression such as '0 8 * * MON-FRI'");
      if (p.required("duration", duration, "a duration such as 10h")) {
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(31)) > 0) {
          p.add("duration", Durations.format(duration) + " is out of range", "a duration from 1m to 31d");
        }
      }
      if (min == null && max == null && desired == null) {
        p.add("min", "min, max and desired are all missing", "at least one of min, max and desired");
      }
      for (var e : new Object[][] {{"min", min}, {"max", max}, {"desired", desired}}) {
        if (e[1] != null) {
          p.range((String) e[0], (Integer) e[1], 0, 100_000);
        }
      }
      if (min != null && max != null && min > max) {
        p.add("max", max + " is below min " + min, "a max of at least min");
      }
      if (desired != null && max != null && desired > max) {
        p.add("desired", desired + " is above max " + max, "a desired size of at most max");
      }
      p.throwIfAny("scheduled window");
    }

    /**
     * A window from a cron expression's text.
     *
     * @param cron when the window opens
     * @param duration how long it stays open
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     * @param desired the floor, or null
     * @return the window
     */
    public static Window of(String cron, Duration duration, Integer min, Integer max, Integer desired) {
      return new Window(new Cron(cron), duration, min, max, desired);
    }
  }

  /**
   * Learns the daily and weekly profile of a fleet-total metric from its history and keeps enough
   * instances for the demand expected {@code leadTime} ahead (the boot time), so that capacity is
   * ready before the demand arrives. It only raises the fleet: its answer is a floor under the
   * reactive policies, and alone it never scales in.
   *
   * <p>It checks itself: each time it relearns (hourly), it backtests its forecast of the last day
   * against what happened, and raises the floor only while that error is at most 25% and at most
   * 80% of a flat forecast's (the mean of the day before). Traffic with no daily or weekly pattern,
   * or whose pattern moved, makes it abstain and say so. How it forecasts from the past peaks is
   * its {@link Forecast}, {@link #DEFAULT_FORECAST} unless set with {@link #withForecast}; the
   * backtest is of the forecast in use.
   *
   * @param metric a fleet-total metric (requests per second, jobs queued)
   * @param targetPerInstance the load one instance should carry, positive
   * @param lookback how much history to learn from, 1 to 90 days
   * @param leadTime how far ahead to provision, the instances' boot time or a little more, 0 to 1 day
   * @param resolution the width of a profile bucket, from 1 minute to 1 hour, dividing a day
   * @param forecast how the demand at a time is forecast from its past peaks
   */
  record Predictive(String metric, double targetPerInstance, Duration lookback, Duration leadTime, Duration resolution,
                    Forecast forecast) implements ScalingPolicy {
    /** The forecast a policy uses unless told otherwise. */
    public static final Forecast DEFAULT_FORECAST = Forecast.BEST_OF_BACKTEST;

    /** Validates the fields. */
    public Predictive {
      Problems p = new Problems();
      checkMetric(p, metric);
      p.required("forecast", forecast, "one of " + java.util.Arrays.toString(Forecast.values()));
      if (!(targetPerInstance > 0) || Double.isInfinite(targetPerInstance)) {
        p.add("targetPerInstance", targetPerInstance + " is not a positive number", "the load one instance should carry, such as 100");
      }
      if (p.required("lookback", lookback, "a duration such as 14d")) {
        if (lookback.compareTo(Duration.ofDays(1)) < 0 || lookback.compareTo(Duration.ofDays(90)) > 0) {
          p.add("lookback", Durations.format(lookback) + " is out of range", "a duration from 1d to 90d");
        }
      }
      if (p.required("leadTime", leadTime, "a duration such as 5m")) {
        if (leadTime.isNegative() || leadTime.compareTo(Duration.ofDays(1)) > 0) {
          p.add("leadTime", Durations.format(leadTime) + " is out of range", "a duration from 0s to 1d");
        }
      }
      if (p.required("resolution", resolution, "a duration such as 10m")) {
        long s = resolution.getSeconds();
        if (resolution.getNano() != 0 || s < 60 || s > 3600 || 86_400 % s != 0) {
          p.add("resolution", Durations.format(resolution) + " is not allowed", "a whole number of seconds from 1m to 1h that divides a day, such as 5m or 10m");
        }
      }
      p.throwIfAny("predictive policy");
    }

    /**
     * This policy learning from another length of history.
     *
     * @param lookback how much history to learn from, 1 to 90 days
     * @return the changed policy
     * @since 0.2
     */
    public Predictive withLookback(Duration lookback) {
      return new Predictive(metric, targetPerInstance, lookback, leadTime, resolution, forecast);
    }

    /**
     * A policy with the {@link #DEFAULT_FORECAST default forecast}.
     *
     * @param metric a fleet-total metric (requests per second, jobs queued)
     * @param targetPerInstance the load one instance should carry, positive
     * @param lookback how much history to learn from, 1 to 90 days
     * @param leadTime how far ahead to provision, the instances' boot time or a little more, 0 to 1 day
     * @param resolution the width of a profile bucket, from 1 minute to 1 hour, dividing a day
     */
    public Predictive(String metric, double targetPerInstance, Duration lookback, Duration leadTime, Duration resolution) {
      this(metric, targetPerInstance, lookback, leadTime, resolution, DEFAULT_FORECAST);
    }

    /**
     * This policy with another forecast.
     *
     * @param forecast how the demand at a time is forecast from its past peaks
     * @return the changed policy
     * @since 0.2
     */
    public Predictive withForecast(Forecast forecast) {
      return new Predictive(metric, targetPerInstance, lookback, leadTime, resolution, forecast);
    }

    /**
     * This policy with another bucket width.
     *
     * @param resolution the width of a profile bucket, from 1 minute to 1 hour, dividing a day
     * @return the changed policy
     * @since 0.2
     */
    public Predictive withResolution(Duration resolution) {
      return new Predictive(metric, targetPerInstance, lookback, leadTime, resolution, forecast);
    }
  }

  /**
   * Sizes the fleet for a fleet-total demand with no target to tune. It runs the demand it sees
   * times a headroom, and holds a higher size for a while before it scales in; both are learned,
   * not set: every 3 hours it replays its own rule on the last week of the metric, with the
   * reaction time a new instance needs (the warm-up plus the age of the samples), and keeps the
   * cheapest pair of headroom and hold that would have left at most 0.05% of that week's demand
   * unserved. The hold is never shorter than the warm-up plus a period: releasing an instance that
   * is needed again sooner costs more than keeping it (the offline optimum's rule, made online). It
   * scales out at once, and scales in all the way once the hold has passed, so a large fleet drains
   * in proportion, not one instance at a time. Before it has an hour of history it uses a headroom
   * of 50% and a hold of three warm-ups.
   *
   * <p>It never scales in on a sample that is missing, stale (see the autoscaler's maximum sample
   * age) or not a number: it abstains and says why, and the fleet holds its size.
   *
   * @param metric a fleet-total metric: the demand per {@code period}, such as requests on the load balancer
   * @param capacityPerInstance the most of that metric one instance serves, positive (measured, not a target)
   * @param warmup launch to serving, zero to 1 hour; the boot time
   * @param period the metric's period (one sample each), from 1 second to 1 hour
   * @since 0.2
   */
  record Adaptive(String metric, double capacityPerInstance, Duration warmup, Duration period) implements ScalingPolicy {
    /** Validates the fields; every problem is reported at once. */
    public Adaptive {
      Problems p = new Problems();
      checkMetric(p, metric);
      if (!(capacityPerInstance > 0) || Double.isInfinite(capacityPerInstance)) {
        p.add("capacityPerInstance", capacityPerInstance + " is not a positive number",
            "the most one instance serves of the metric per period, such as 1200 (requests per minute)");
      }
      if (p.required("warmup", warmup, "a duration such as 3m")) {
        if (warmup.isNegative() || warmup.compareTo(Duration.ofHours(1)) > 0) {
          p.add("warmup", Durations.format(warmup) + " is out of range", "a duration from 0s to 1h, the instances' boot time");
        }
      }
      if (p.required("period", period, "a duration such as 1m")) {
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
          p.add("period", Durations.format(period) + " is out of range", "a duration from 1s to 1h, the metric's period");
        }
      }
      p.throwIfAny("adaptive policy");
    }

    /**
     * This policy for a metric of another period.
     *
     * @param period the metric's period (one sample each), from 1 second to 1 hour
     * @return the changed policy
     * @since 0.2
     */
    public Adaptive withPeriod(Duration period) {
      return new Adaptive(metric, capacityPerInstance, warmup, period);
    }
  }

  private static void checkMetric(Problems p, String metric) {
    if (p.required("metric", metric, "a metric name or query, such as cpu_utilisation")) {
      if (metric.isBlank()) {
        p.add("metric", "is blank", "a metric name or query, such as cpu_utilisation");
      }
    }
  }

  /**
   * A short name of the policy's kind, for decisions and events.
   *
   * @return {@code adaptive}, {@code targetTracking}, {@code stepScaling}, {@code scheduled} or {@code predictive}
   */
  default String kind() {
    if (this instanceof Adaptive) {
      return "adaptive";
    } else if (this instanceof TargetTracking) {
      return "targetTracking";
    } else if (this instanceof StepScaling) {
      return "stepScaling";
    } else if (this instanceof Scheduled) {
      return "scheduled";
    }
    return "predictive";
  }
}
