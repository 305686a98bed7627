package io.immut.benchmarks;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Aggregation;
import io.immut.core.cost.Budget;
import io.immut.core.scaling.Autoscaler;
import io.immut.core.simulation.AutoscaledPolicy;
import io.immut.core.simulation.DemandTrace;
import io.immut.core.simulation.SizingPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * immut's own policies as benchmark contenders, each a fleet's autoscaled capacity driven through
 * {@link AutoscaledPolicy} every 15 seconds, on the replay's {@code requests} (fleet total per
 * minute) and {@code utilization} (per ready instance, fraction of capacity) metrics.
 */
final class OurPolicies {
  private OurPolicies() {}

  static List<Contender> contenders(DemandTrace trace, AutoscalingBenchmark.Settings settings, double[] targets) {
    double capacity = trace.capacityForPeak(settings.peakInstances());
    Duration warmup = settings.boot();
    Duration lead = settings.boot().plus(settings.lag()).plus(Duration.ofMinutes(1));
    List<Contender> list = new ArrayList<>();
    list.add(contender("immut Adaptive", "defaults: capacity per instance, warm-up = boot",
        ScalingPolicy.adaptive(AutoscaledPolicy.REQUESTS, capacity, warmup)));
    Duration calm = Duration.ofMinutes(15);
    for (double u : targets) {
      list.add(contender("immut TargetTracking", String.format(Locale.ROOT, "target %.2f, scale-in window 5 min", u),
          tracking(u * capacity, warmup, Duration.ofMinutes(5))));
    }
    for (double u : targets) {
      list.add(contender("immut TargetTracking, 15-min window", String.format(Locale.ROOT, "target %.2f, scale-in window 15 min", u),
          tracking(u * capacity, warmup, calm)));
    }
    double[] predictive = settings.quick() ? new double[] {0.8} : new double[] {0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9};
    for (double u : predictive) {
      list.add(contender("immut TargetTracking + Predictive", String.format(Locale.ROOT,
          "target %.2f, scale-in window 15 min, forecast lead %d min", u, lead.toMinutes()), tracking(u * capacity, warmup, calm),
          new ScalingPolicy.Predictive(AutoscaledPolicy.REQUESTS, u * capacity, Duration.ofDays(14), lead, Duration.ofMinutes(10))));
    }
    for (double u : settings.quick() ? new double[] {0.6} : new double[] {0.5, 0.6, 0.7}) {
      // an operator's schedule from the first week: weekdays 09:00-17:00 New York need about 6 instances
      list.add(contender("immut TargetTracking + Scheduled", String.format(Locale.ROOT,
          "target %.2f, scale-in window 15 min, weekdays 9-17 ET min 6", u), tracking(u * capacity, warmup, calm),
          new ScalingPolicy.Scheduled(ZoneId.of("America/New_York"),
              List.of(ScalingPolicy.Window.of("0 9 * * MON-FRI", Duration.ofHours(8), 6, null, null)))));
    }
    // percentages, so that a fleet of 100 drains as fast as one of 10 (a step of -1 took 15 hours from 100 to 10)
    list.add(contender("immut StepScaling", "utilization ≥0.8: +50%, 0.65-0.8: +10%, <0.35: −20%; cooldowns 3 / 10 min",
        new ScalingPolicy.StepScaling(AutoscaledPolicy.UTILIZATION, List.of(
            ScalingPolicy.Step.percent(0.8, null, 50),
            ScalingPolicy.Step.percent(0.65, 0.8, 10),
            ScalingPolicy.Step.percent(null, 0.35, -20)), Duration.ofMinutes(3), Duration.ofMinutes(10))));
    return list;
  }

  private static ScalingPolicy.TargetTracking tracking(double perInstance, Duration warmup, Duration scaleInWindow) {
    return ScalingPolicy.targetTracking(AutoscaledPolicy.REQUESTS, perInstance).withAggregation(Aggregation.TOTAL).withWarmup(warmup)
        .withScaleInStabilization(scaleInWindow);
  }

  private static Contender contender(String family, String config, ScalingPolicy... policies) {
    FleetSpec spec = FleetSpec.builder("bench")
        .generation(GenerationSpec.builder().image("ami-bench").instanceType("t3.micro").build())
        .capacity(Capacity.autoscaled(1, 100, policies)).build();
    Supplier<SizingPolicy> factory = () -> new AutoscaledPolicy(family + " (" + config + ")",
        new Autoscaler((Capacity.Autoscaled) spec.capacity(), Budget.unlimited()), Duration.ofSeconds(15));
    return new Contender(family, config, factory);
  }
}
