package io.immut.core.scaling;

import io.immut.api.Durations;
import io.immut.api.ScalingPolicy.Adaptive;
import io.immut.core.scaling.ScalingState.TimedSize;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The arithmetic of {@link Adaptive}: a pure function of the inputs and the previous state. */
final class AdaptiveRule {
  private AdaptiveRule() {}

  static Recommendation decide(String label, int index, Adaptive p, Instant now, FleetObservation fleet, MetricsSource metrics,
                               Duration maxAge, ScalingState state, ScalingState.Next next) {
    int current = fleet.current();
    Optional<MetricSample> latest;
    try {
      latest = metrics.latest(p.metric(), now);
    } catch (MetricsException e) {
      return abstain(label, p, "metric unavailable (" + e.kind() + (e.retryable() ? ", will retry" : "") + "): " + e.getMessage());
    }
    if (latest.isEmpty()) {
      return abstain(label, p, "no data for " + p.metric());
    }
    MetricSample sample = latest.get();
    if (!Double.isFinite(sample.value()) || sample.value() < 0) {
      return abstain(label, p, p.metric() + " is " + sample.value() + ", not a demand");
    }
    Duration age = Duration.between(sample.at(), now);
    if (age.compareTo(maxAge) > 0) {
      return new Recommendation(label, p.metric(), sample.value(), null, p.metric() + "=" + PolicyRules.fmt(sample.value()) + " is "
          + Durations.format(age) + " old, older than the maximum sample age of " + Durations.format(maxAge) + "; abstains");
    }
    // a new instance serves warm-up after the decision, and the sample is already age old
    Duration delay = p.warmup().plus(roundUp(age, p.period()));
    Duration relaunch = p.warmup().plus(p.period());
    DemandGrowth growth = state.growth(index);
    long bucket = DemandGrowth.bucket(now);
    if (growth == null || growth.learnedBucket() != bucket) {
      List<MetricSample> history;
      try {
        history = metrics.range(p.metric(), now.minus(DemandGrowth.WINDOW), now, p.period());
      } catch (MetricsException e) {
        history = null; // keep the headroom learned before, or the learning one
      }
      if (history != null) {
        growth = DemandGrowth.learn(history, delay, relaunch, p.period(), p.capacityPerInstance(), bucket);
        next.growth(index, growth);
      } else if (growth == null) {
        growth = DemandGrowth.learning(bucket, 0, delay, relaunch);
      }
    }
    double demand = sample.value();
    int raw = PolicyRules.ceil(demand * growth.factor() / p.capacityPerInstance());
    String why = p.metric() + "=" + PolicyRules.fmt(demand) + " with headroom x" + PolicyRules.fmt(growth.factor())
        + (growth.learning() ? " (learning: under an hour of history)"
            : " (the least that would have left <= " + PolicyRules.fmt(DemandGrowth.UNSERVED * 100) + "% unserved in the last "
            + Durations.format(DemandGrowth.WINDOW) + " at a reaction of " + Durations.format(growth.delay()) + ", "
            + growth.samples() + " samples)")
        + ", " + PolicyRules.fmt(p.capacityPerInstance()) + " per instance: ceil(" + PolicyRules.fmt(demand) + " x "
        + PolicyRules.fmt(growth.factor()) + " / " + PolicyRules.fmt(p.capacityPerInstance()) + ") = " + raw;

    // scale-in only once the lower size has held for the learned hold, never shorter than a relaunch
    Duration hold = growth.hold();
    Instant horizon = now.minus(hold);
    List<TimedSize> history = new ArrayList<>();
    if (state.recommendations(index).isEmpty()) {
      PolicyRules.keep(history, new TimedSize(now, current)); // a fleet seen for the first time: its size counts as just recommended
    }
    for (TimedSize t : state.recommendations(index)) {
      if (t.at().isAfter(horizon) && !t.at().isAfter(now)) {
        PolicyRules.keep(history, t);
      }
    }
    PolicyRules.keep(history, new TimedSize(now, raw));
    next.recommendations(index, history);
    if (raw >= current) {
      return new Recommendation(label, p.metric(), demand, raw, why + (raw > current ? "; scales out at once" : ""));
    }
    int held = raw;
    for (TimedSize t : history) {
      held = Math.max(held, t.size());
    }
    held = Math.min(current, held);
    if (held > raw) {
      return new Recommendation(label, p.metric(), demand, held, why + "; holds at " + held + ": an instance is released only after "
          + Durations.format(hold) + " below it (the learned hold: relaunching sooner would cost more than keeping it)");
    }
    return new Recommendation(label, p.metric(), demand, raw, why + "; below " + current + " for " + Durations.format(hold)
        + ", scales in to it at once");
  }

  private static Duration roundUp(Duration d, Duration unit) {
    long u = unit.toMillis();
    long n = Math.max(0, Math.floorDiv(d.toMillis() + u - 1, u));
    return unit.multipliedBy(n);
  }

  private static Recommendation abstain(String label, Adaptive p, String why) {
    return new Recommendation(label, p.metric(), null, null, why + "; abstains");
  }
}
