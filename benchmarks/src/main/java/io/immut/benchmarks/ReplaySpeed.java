package io.immut.benchmarks;

import io.immut.api.ScalingPolicy;
import io.immut.core.simulation.AutoscaledPolicy;
import io.immut.core.simulation.DemandTrace;
import io.immut.core.simulation.KubernetesHpa;
import io.immut.core.simulation.ReplayResult;
import io.immut.core.simulation.SizingPolicy;
import io.immut.core.simulation.TraceReplay;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How much CPU a replay of a whole trace costs, per policy: each replay's own thread CPU time
 * (user and system, without the JVM's start-up, its compilers and its collector), and its exact
 * figures, so that a change made for speed can be shown not to change them.
 *
 * <pre>
 * ReplaySpeed --trace nasa.csv [--policy adaptive|adaptive+predictive|hpa] [--peak 20] [--boot 3m] [--repeat 1]
 *     [--forecast MEAN_OF_PEAKS|SEASONAL|BEST_OF_BACKTEST] (the predictive policy's forecast)
 * </pre>
 *
 * Run it under {@code /usr/bin/time -v} for the whole JVM's CPU time.
 */
public final class ReplaySpeed {
  private ReplaySpeed() {}

  /**
   * Replays the trace {@code --repeat} times and prints each replay's CPU time and figures.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    Map<String, String> a = Args.parse(args);
    if (!a.containsKey("--trace")) {
      System.err.println("usage: ReplaySpeed --trace FILE.csv [--policy adaptive|adaptive+predictive|hpa] [--peak 20] [--boot 3m] [--repeat 1] [--forecast MEAN_OF_PEAKS|SEASONAL|BEST_OF_BACKTEST]");
      System.exit(2);
    }
    DemandTrace trace = DemandTrace.read(Path.of(a.get("--trace")));
    int peak = Integer.parseInt(a.getOrDefault("--peak", "20"));
    Duration boot = Args.duration(a.getOrDefault("--boot", "3m"));
    String name = a.getOrDefault("--policy", "adaptive");
    double capacity = trace.capacityForPeak(peak);
    ScalingPolicy.Forecast forecast = ScalingPolicy.Forecast.valueOf(a.getOrDefault("--forecast",
        ScalingPolicy.Predictive.DEFAULT_FORECAST.name()).toUpperCase(Locale.ROOT));
    Supplier<SizingPolicy> policy = switch (name) {
      case "adaptive" -> RobustnessBenchmark.ours(ScalingPolicy.adaptive(AutoscaledPolicy.REQUESTS, capacity, boot));
      case "adaptive+predictive" -> RobustnessBenchmark.ours(ScalingPolicy.adaptive(AutoscaledPolicy.REQUESTS, capacity, boot),
          ScalingPolicy.predictive(AutoscaledPolicy.REQUESTS, capacity, boot.plus(Duration.ofMinutes(2))).withForecast(forecast));
      case "hpa" -> () -> KubernetesHpa.builder().targetUtilization(0.7).replicas(1, 1000).build();
      default -> throw new IllegalArgumentException("unknown policy '" + name + "': use adaptive, adaptive+predictive or hpa");
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int repeat = Integer.parseInt(a.getOrDefault("--repeat", "1"));
    for (int i = 0; i < repeat; i++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long user = threads.getCurrentThreadUserTime();
      ReplayResult r = TraceReplay.builder(trace).capacityPerInstance(capacity).bootDelay(boot).metricLag(Duration.ofMinutes(1))
          .policy(policy).build().run();
      System.out.printf(Locale.ROOT, "%s, peak %d, boot %d min, %d minutes: replay thread CPU %.2f s (user %.2f s);"
              + " instance-hours %s, unserved %s, %d scaling actions, %d launches%n", name, peak, boot.toMinutes(), trace.size(),
          (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (threads.getCurrentThreadUserTime() - user) / 1e9,
          Double.toString(r.instanceHours()), Double.toString(r.unservedFraction()), r.scalingActions(), r.launches());
    }
  }
}
