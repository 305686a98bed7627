package io.immut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.simulation.DemandTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoscalingBenchmarkTest {
  private static DemandTrace trace;
  private static AutoscalingBenchmark bench;
  private static List<AutoscalingBenchmark.Run> runs;

  /** Six hours of a daily-looking wave with noise and one spike, deterministic. */
  @BeforeAll
  static void runQuickBenchmark() {
    Random random = new Random(7);
    double[] d = new double[360];
    for (int i = 0; i < d.length; i++) {
      double wave = 60 + 40 * Math.sin(i * 2 * Math.PI / 240);
      d[i] = Math.max(0, Math.round(wave + random.nextGaussian() * 8 + (i >= 200 && i < 210 ? 80 : 0)));
    }
    trace = DemandTrace.of(Instant.parse("1995-07-01T00:00:00Z"), Duration.ofMinutes(1), d);
    bench = new AutoscalingBenchmark(trace, new AutoscalingBenchmark.Settings(10, Duration.ofMinutes(3), Duration.ofMinutes(1), 1, true));
    runs = bench.run();
  }

  @Test
  @DisplayName("every contender is replayed, and each family's best is its cheapest run within 0.1% unserved")
  void bestIsCheapestMeetingTheObjective() {
    assertThat(runs).hasSize(bench.contenders().size());
    Map<String, AutoscalingBenchmark.Run> best = AutoscalingBenchmark.best(runs);
    assertThat(best).containsKeys("Kubernetes HPA", "AWS target tracking", "Fixed at peak");
    best.forEach((family, chosen) -> {
      List<AutoscalingBenchmark.Run> same = runs.stream().filter(r -> r.contender().family().equals(family)).toList();
      boolean anyMeets = same.stream().anyMatch(r -> r.result().unservedFraction() <= AutoscalingBenchmark.MAX_UNSERVED);
      if (anyMeets) {
        assertThat(chosen.result().unservedFraction()).isLessThanOrEqualTo(AutoscalingBenchmark.MAX_UNSERVED);
        same.stream().filter(r -> r.result().unservedFraction() <= AutoscalingBenchmark.MAX_UNSERVED)
            .forEach(r -> assertThat(chosen.result().instanceHours()).isLessThanOrEqualTo(r.result().instanceHours()));
      } else {
        same.forEach(r -> assertThat(chosen.result().unservedFraction()).isLessThanOrEqualTo(r.result().unservedFraction()));
      }
    });
  }

  @Test
  @DisplayName("a fleet fixed at the peak runs the peak's instances, serves almost everything and costs more than the oracle")
  void fixedAtPeak() {
    AutoscalingBenchmark.Run fixed = AutoscalingBenchmark.best(runs).get("Fixed at peak");
    double[] ready = fixed.result().readyInstances();
    assertThat(ready[ready.length - 1]).isEqualTo(10);
    // only the first minutes, while the launches of the first decision boot, may fall short
    assertThat(fixed.result().unservedFraction()).isLessThan(0.01);
    assertThat(fixed.result().oracleRatio()).isGreaterThan(1.2);
  }

  @Test
  @DisplayName("the report and the charts are written")
  void writesReport(@TempDir Path out) throws IOException {
    String report = bench.write(runs, out);
    assertThat(report).contains("Oracle (the offline optimum").contains("| Kubernetes HPA | target 0.60 |").contains("× oracle");
    assertThat(Files.readString(out.resolve("autoscaling.md"))).isEqualTo(report);
    assertThat(Files.readString(out.resolve("autoscaling-kubernetes-hpa.svg"))).startsWith("<svg");
    byte[] png = Files.readAllBytes(out.resolve("autoscaling-aws-target-tracking-peak-day.png"));
    assertThat(java.util.Arrays.copyOf(png, 4)).containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }
}
