package io.immut.benchmarks;

import io.immut.api.FleetSpec;
import io.immut.core.simulation.AwsTargetTracking;
import io.immut.core.simulation.DemandTrace;
import io.immut.core.simulation.KubernetesHpa;
import io.immut.core.simulation.ReplayChart;
import io.immut.core.simulation.ReplayResult;
import io.immut.core.simulation.SizingPolicy;
import io.immut.core.simulation.TraceReplay;
import io.immut.core.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Replays one trace under one policy and prints the figures; optionally draws the chart.
 *
 * <pre>
 * ReplayTrace --trace my.csv (--peak-instances 20 | --capacity 20.25) [--boot 3m] [--lag 1m]
 *             (--policy hpa:0.7 | --policy aws:0.7 | --spec fleet.yaml) [--svg out.svg] [--png out.png]
 * </pre>
 *
 * {@code --spec} replays a fleet spec whose capacity is autoscaled, with its own policies.
 */
public final class ReplayTrace {
  private ReplayTrace() {}

  /**
   * Runs one replay.
   *
   * @param args see the class comment
   * @throws IOException when a chart cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    if (!a.containsKey("--trace") || !(a.containsKey("--policy") || a.containsKey("--spec"))) {
      System.err.println("usage: ReplayTrace --trace FILE.csv (--peak-instances N | --capacity REQUESTS_PER_STEP) [--boot 3m] [--lag 1m]\n"
          + "                   (--policy hpa:TARGET | --policy aws:TARGET | --spec FLEET.yaml) [--svg FILE] [--png FILE]");
      System.exit(2);
    }
    DemandTrace trace = DemandTrace.read(Path.of(a.get("--trace")));
    double capacity = a.containsKey("--capacity") ? Double.parseDouble(a.get("--capacity"))
        : trace.capacityForPeak(Integer.parseInt(a.getOrDefault("--peak-instances", "20")));
    TraceReplay.Builder replay = TraceReplay.builder(trace).capacityPerInstance(capacity)
        .bootDelay(Args.duration(a.getOrDefault("--boot", "3m"))).metricLag(Args.duration(a.getOrDefault("--lag", "1m")));
    if (a.containsKey("--spec")) {
      FleetSpec spec = SpecCodec.read(Path.of(a.get("--spec")));
      replay.fleet(spec).autoscaledBy(spec);
    } else {
      replay.policy(policy(a.get("--policy")));
    }
    ReplayResult r = replay.build().run();
    System.out.println(r.summary());
    String title = trace.size() + " steps from " + trace.start();
    if (a.containsKey("--svg")) {
      Files.writeString(Path.of(a.get("--svg")), ReplayChart.svg(r, 0, trace.size(), title));
    }
    if (a.containsKey("--png")) {
      Files.write(Path.of(a.get("--png")), ReplayChart.png(r, 0, trace.size(), title));
    }
  }

  static Supplier<SizingPolicy> policy(String text) {
    String[] parts = text.split(":", 2);
    double target = parts.length > 1 ? Double.parseDouble(parts[1]) : 0.7;
    return switch (parts[0].toLowerCase(Locale.ROOT)) {
      case "hpa" -> () -> KubernetesHpa.builder().targetUtilization(target).build();
      case "aws" -> () -> AwsTargetTracking.builder().targetUtilization(target).build();
      default -> throw new IllegalArgumentException("unknown policy '" + text + "': use hpa:TARGET or aws:TARGET (a fraction of an"
          + " instance's capacity, such as hpa:0.7), or --spec FLEET.yaml for a fleet's own autoscaling policies");
    };
  }
}
