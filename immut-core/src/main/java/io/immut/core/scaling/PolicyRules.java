package io.immut.core.scaling;

import io.immut.api.Durations;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Aggregation;
import io.immut.api.ScalingPolicy.Predictive;
import io.immut.api.ScalingPolicy.StepScaling;
import io.immut.api.ScalingPolicy.TargetTracking;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsSource;
import io.immut.core.scaling.ScalingState.TimedSize;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The arithmetic of each policy kind: pure functions of the inputs and the previous state. */
final class PolicyRules {
  private static final double EPSILON = 1e-9;
  /** The largest backtest error of the last day at which a forecast raises the floor. */
  static final double MAX_FORECAST_ERROR = 0.25;
  /** How much better than a flat level a profile must have forecast the last day to count as a pattern. */
  static final double PATTERN_GAIN = 0.8;

  private PolicyRules() {}

  /** A metric's latest value, or the recommendation of a policy that abstains without one. */
  private record Reading(double value, Recommendation abstention) {}

  /**
   * Reads a metric's latest value for a decision. A sample older than {@code maxAge} abstains, and
   * so does one taken before {@code notBefore} (the last scaling action plus the warm-up): it shows
   * the fleet as it was before that action, and acting on it again would compound the action (one
   * stale {@code cpu=90} re-read every interval would grow a fleet 2, 3, 5, 8...).
   */
  private static Reading read(String label, String metric, Instant now, MetricsSource metrics, Duration maxAge, Instant notBefore,
                              String notBeforeWhy) {
    Optional<MetricSample> sample;
    try {
      sample = metrics.latest(metric, now);
    } catch (MetricsException e) {
      return new Reading(Double.NaN, unavailable(label, metric, e));
    }
    if (sample.isEmpty()) {
      return new Reading(Double.NaN, new Recommendation(label, metric, null, null, "no data for " + metric + "; abstains"));
    }
    MetricSample s = sample.get();
    if (!Double.isFinite(s.value())) {
      return new Reading(Double.NaN, new Recommendation(label, metric, null, null, metric + " is " + s.value() + "; abstains"));
    }
    Duration age = Duration.between(s.at(), now);
    if (age.compareTo(maxAge) > 0) {
      return new Reading(Double.NaN, new Recommendation(label, metric, s.value(), null, metric + "=" + fmt(s.value()) + " is "
          + Durations.format(age) + " old, older than the maximum sample age of " + Durations.format(maxAge) + "; abstains"));
    }
    if (notBefore != null && !s.at().isAfter(notBefore)) {
      return new Reading(Double.NaN, new Recommendation(label, metric, s.value(), null, metric + "=" + fmt(s.value()) + " was sampled at "
          + s.at() + ", not after " + notBeforeWhy + "; waits for a newer sample; abstains"));
    }
    return new Reading(s.value(), null);
  }

  /** When the last scaling action, plus a warm-up, ended; null when the fleet was never scaled. */
  private static Instant settledAt(ScalingState state, Duration warmup) {
    Instant last = latest(state.lastScaleOut(), state.lastScaleIn());
    return last == null ? null : last.plus(warmup);
  }

  private static String settledWhy(ScalingState state, Duration warmup) {
    Instant last = latest(state.lastScaleOut(), state.lastScaleIn());
    return "the last scaling action at " + last + (warmup.isZero() ? "" : " plus the warm-up of " + Durations.format(warmup));
  }

  static Recommendation targetTracking(String label, int index, TargetTracking p, Instant now, FleetObservation fleet,
                                       MetricsSource metrics, Duration maxAge, ScalingState state, ScalingState.Next next) {
    // a per-instance average depends on the fleet's size, so it must postdate the last change of
    // that size; a fleet total does not (re-reading it gives the same absolute answer, no compounding)
    boolean average = p.aggregation() == Aggregation.AVERAGE;
    Reading reading = read(label, p.metric(), now, metrics, maxAge, average ? settledAt(state, p.warmup()) : null,
        average ? settledWhy(state, p.warmup()) : null);
    if (reading.abstention() != null) {
      return reading.abstention();
    }
    double value = reading.value();
    int current = fleet.current();
    int warming = fleet.warming(now, p.warmup());
    int raw;
    String why;
    if (p.aggregation() == Aggregation.AVERAGE) {
      int counted = fleet.warmed(now, p.warmup());
      if (counted == 0) {
        return new Recommendation(label, p.metric(), value, current,
            p.metric() + "=" + fmt(value) + " but every instance is warming up; holds at " + current);
      }
      double ratio = value / p.target();
      if (Math.abs(ratio - 1) <= p.tolerance()) {
        raw = current;
        why = p.metric() + "=" + fmt(value) + " is within " + pct(p.tolerance()) + " of target " + fmt(p.target());
      } else {
        raw = ceil(counted * ratio);
        why = p.metric() + "=" + fmt(value) + " on " + counted + " counted instances, target " + fmt(p.target())
            + ": ceil(" + counted + " x " + fmt(value) + " / " + fmt(p.target()) + ") = " + raw;
      }
    } else {
      double needed = value / p.target();
      double ratio = current == 0 ? Double.POSITIVE_INFINITY : needed / current;
      if (current > 0 && Math.abs(ratio - 1) <= p.tolerance()) {
        raw = current;
        why = p.metric() + "=" + fmt(value) + " is within " + pct(p.tolerance()) + " of " + current + " x " + fmt(p.target());
      } else {
        raw = ceil(needed);
        why = p.metric() + "=" + fmt(value) + ", target " + fmt(p.target()) + " per instance: ceil("
            + fmt(value) + " / " + fmt(p.target()) + ") = " + raw;
      }
    }
    List<TimedSize> history = new ArrayList<>();
    Instant horizon = now.minus(p.scaleInStabilization());
    if (state.recommendations(index).isEmpty() && !p.scaleInStabilization().isZero()) {
      // a fleet seen for the first time: its current size counts as recommended just now, so that
      // a restarted controller does not scale in before a full window of lower recommendations
      keep(history, new TimedSize(now, current));
    }
    for (TimedSize t : state.recommendations(index)) {
      if (t.at().isAfter(horizon) && !t.at().isAfter(now)) {
        keep(history, t);
      }
    }
    keep(history, new TimedSize(now, raw));
    next.recommendations(index, history);
    if (raw > current) {
      return new Recommendation(label, p.metric(), value, raw, why + "; scales out at once");
    }
    if (raw < current && warming > 0) {
      return new Recommendation(label, p.metric(), value, current, why + "; holds at " + current + " while "
          + warming + " instance" + (warming == 1 ? " is" : "s are") + " warming up");
    }
    int stabilized = raw;
    for (TimedSize t : history) {
      stabilized = Math.max(stabilized, t.size());
    }
    stabilized = Math.min(current, stabilized);
    if (stabilized > raw) {
      return new Recommendation(label, p.metric(), value, stabilized, why + "; stabilized at " + stabilized
          + ", the largest recommendation of the last " + io.immut.api.Durations.format(p.scaleInStabilization()));
    }
    return new Recommendation(label, p.metric(), value, raw, why);
  }

  static Recommendation stepScaling(String label, StepScaling p, Instant now, FleetObservation fleet, MetricsSource metrics,
                                    Duration maxAge, ScalingState state) {
    // a step is relative to the current size: a sample from before the last action would apply it twice
    Reading reading = read(label, p.metric(), now, metrics, maxAge, settledAt(state, Duration.ZERO), settledWhy(state, Duration.ZERO));
    if (reading.abstention() != null) {
      return reading.abstention();
    }
    double value = reading.value();
    int current = fleet.current();
    ScalingPolicy.Step band = p.steps().stream().filter(s -> s.contains(value)).findFirst().orElse(null);
    if (band == null) {
      return new Recommendation(label, p.metric(), value, current, p.metric() + "=" + fmt(value) + " is in no band; holds at " + current);
    }
    int delta;
    if (band.percent()) {
      double exact = current * band.change() / 100.0;
      delta = (int) Math.signum(exact) * Math.max(1, (int) Math.ceil(Math.abs(exact) - EPSILON));
      if (exact == 0) {
        delta = band.change() > 0 ? 1 : -1;
      }
    } else {
      delta = band.change();
    }
    String inBand = p.metric() + "=" + fmt(value) + " is in band " + band;
    if (delta > 0) {
      Instant last = state.lastScaleOut();
      if (last != null && now.isBefore(last.plus(p.scaleOutCooldown()))) {
        return new Recommendation(label, p.metric(), value, current, inBand + " but the scale-out cooldown runs until "
            + last.plus(p.scaleOutCooldown()) + "; holds at " + current);
      }
      return new Recommendation(label, p.metric(), value, current + delta, inBand + ": " + current + " + " + delta + " = " + (current + delta));
    }
    Instant last = latest(state.lastScaleOut(), state.lastScaleIn());
    if (last != null && now.isBefore(last.plus(p.scaleInCooldown()))) {
      return new Recommendation(label, p.metric(), value, current, inBand + " but the scale-in cooldown runs until "
          + last.plus(p.scaleInCooldown()) + "; holds at " + current);
    }
    int size = Math.max(0, current + delta);
    return new Recommendation(label, p.metric(), value, size, inBand + ": " + current + " - " + (-delta) + " = " + size);
  }

  static Recommendation predictive(String label, int index, Predictive p, Instant now, MetricsSource metrics,
                                   ScalingState state, ScalingState.Next next) {
    // relearned once per hour (or per bucket when buckets are an hour): the buckets completed since
    // only matter for the same time tomorrow, so a fresher profile would not change the forecast.
    // An update re-reads the last hour and more, so that samples that arrived late are counted.
    long refresh = Math.max(3600, p.resolution().getSeconds());
    long hour = Math.floorDiv(now.getEpochSecond(), refresh);
    DemandProfile profile = state.profile(index);
    if (profile == null || profile.learnedBucket() != hour) {
      try {
        if (profile == null || profile.learnedAt().isAfter(now) || profile.learnedAt().isBefore(now.minus(p.lookback()))) {
          profile = DemandProfile.learn(metrics.range(p.metric(), now.minus(p.lookback()), now, p.resolution()), p.resolution(), now);
        } else {
          Instant from = profile.learnedAt().minusSeconds(refresh);
          profile = profile.update(metrics.range(p.metric(), from, now, p.resolution()), from, now, p.lookback());
        }
      } catch (MetricsException e) {
        return unavailable(label, p.metric(), e);
      }
      profile = profile.learnedAt(hour);
      next.profile(index, profile);
    }
    if (!profile.isReady()) {
      return new Recommendation(label, p.metric(), null, null, "learning: " + io.immut.api.Durations.format(profile.span())
          + " of history, a forecast needs 1 day; abstains");
    }
    // a forecast that checks itself: it raises the floor only while it forecast the last day well,
    // and better than a flat level would have (traffic with no daily or weekly pattern)
    ScalingPolicy.Forecast method = profile.chosen(p.forecast());
    DemandProfile.Backtest check = profile.backtest(method);
    String which = forecastName(method, p.forecast(), profile);
    if (check.buckets() == 0) {
      return new Recommendation(label, p.metric(), null, null, "checking: a backtest of the forecast needs a second day of history; abstains");
    }
    if (check.error() > MAX_FORECAST_ERROR) {
      return new Recommendation(label, p.metric(), null, null, "its forecast of the last day was off by " + pct(check.error())
          + " (" + which + ", weighted, " + check.buckets() + " buckets), more than " + pct(MAX_FORECAST_ERROR) + "; abstains");
    }
    if (check.error() > PATTERN_GAIN * check.flatError()) {
      return new Recommendation(label, p.metric(), null, null, "no daily or weekly pattern: its forecast of the last day was off by "
          + pct(check.error()) + ", a flat level by " + pct(check.flatError()) + " (forecast: " + which + "); abstains");
    }
    OptionalDouble peak = profile.peak(now, now.plus(p.leadTime()), method);
    if (peak.isEmpty()) {
      return new Recommendation(label, p.metric(), null, null, "no history for this time of day; abstains");
    }
    int size = ceil(peak.getAsDouble() / p.targetPerInstance());
    return new Recommendation(label, p.metric(), peak.getAsDouble(), size, "forecast peak of " + p.metric() + " in the next "
        + io.immut.api.Durations.format(p.leadTime()) + " is " + fmt(peak.getAsDouble()) + " (" + (profile.isWeekly(method) ? "weekly" : "daily")
        + " profile, " + which + ", off by " + pct(check.error()) + " over the last day): ceil(" + fmt(peak.getAsDouble()) + " / "
        + fmt(p.targetPerInstance()) + ") = " + size + " as a floor");
  }

  /** Which forecast is in use, and for the best of both what the other's backtest error was. */
  private static String forecastName(ScalingPolicy.Forecast used, ScalingPolicy.Forecast asked, DemandProfile profile) {
    String name = used == ScalingPolicy.Forecast.SEASONAL ? "seasonal shape times the last day's level" : "mean of past peaks";
    if (asked != ScalingPolicy.Forecast.BEST_OF_BACKTEST) {
      return name;
    }
    ScalingPolicy.Forecast other = used == ScalingPolicy.Forecast.SEASONAL ? ScalingPolicy.Forecast.MEAN_OF_PEAKS
        : ScalingPolicy.Forecast.SEASONAL;
    DemandProfile.Backtest o = profile.backtest(other);
    return name + ", chosen over the " + (other == ScalingPolicy.Forecast.SEASONAL ? "seasonal" : "mean of peaks")
        + (o.buckets() == 0 ? " (no backtest yet)" : " (off by " + pct(o.error()) + ")");
  }

  /** The effect of the open windows of a scheduled policy. */
  record WindowEffect(Integer min, Integer max, Integer desired, String reason) {}

  static WindowEffect scheduled(ScalingPolicy.Scheduled p, Instant now) {
    Integer min = null;
    Integer max = null;
    Integer desired = null;
    List<String> open = new ArrayList<>();
    ZonedDateTime at = now.atZone(p.zone());
    for (ScalingPolicy.Window w : p.windows()) {
      int days = (int) w.duration().toDays() + 1;
      Optional<ZonedDateTime> start = w.start().lastFireAtOrBefore(at, p.zone(), days);
      if (start.isPresent() && now.isBefore(start.get().toInstant().plus(w.duration()))) {
        min = maxOf(min, w.min());
        max = maxOf(max, w.max());
        desired = maxOf(desired, w.desired());
        open.add("'" + w.start() + "' for " + io.immut.api.Durations.format(w.duration()) + " (opened "
            + start.get().toLocalDateTime() + " " + p.zone() + ")");
      }
    }
    if (open.isEmpty()) {
      return new WindowEffect(null, null, null, "no window open");
    }
    StringBuilder sb = new StringBuilder("window ").append(String.join(", ", open)).append(" open:");
    if (min != null) {
      sb.append(" min ").append(min);
    }
    if (max != null) {
      sb.append(" max ").append(max);
    }
    if (desired != null) {
      sb.append(" desired ").append(desired);
    }
    return new WindowEffect(min, max, desired, sb.toString());
  }

  private static Integer maxOf(Integer a, Integer b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Recommendation unavailable(String label, String metric, MetricsException e) {
    return new Recommendation(label, metric, null, null, "metric unavailable (" + e.kind() + (e.retryable() ? ", will retry" : "")
        + "): " + e.getMessage() + "; abstains");
  }

  static int ceil(double x) {
    double c = Math.ceil(x - EPSILON);
    return c >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, c);
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double r = Math.round(v * 1000) / 1000.0;
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }

  private static String pct(double fraction) {
    return fmt(fraction * 100) + "%";
  }

  static Duration zeroIfNull(Duration d) {
    return d == null ? Duration.ZERO : d;
  }

  /**
   * Appends a recommendation to a window's history, dropping the earlier ones it dominates (no
   * larger, and older: any later window that holds them holds it too), so that the history is a
   * staircase of falling sizes, a few entries long instead of one per decision of the hold, and the
   * largest size of any window ending now is the same as over every recommendation.
   */
  static void keep(List<TimedSize> history, TimedSize t) {
    while (!history.isEmpty() && history.get(history.size() - 1).size() <= t.size()) {
      history.remove(history.size() - 1);
    }
    history.add(t);
  }
}
