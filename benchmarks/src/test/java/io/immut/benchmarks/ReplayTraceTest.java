package io.immut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.core.spec.SpecCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTraceTest {
  /** The fleet spec file of docs/cost.md, section Simulator. */
  static final String FLEET = """
      name: web
      generation: { image: ami-0abc123, instanceType: t3.micro }
      capacity:
        autoscaled:
          min: 1
          max: 40
          policies:
            - targetTracking: { metric: requests, target: 14, aggregation: TOTAL, warmup: 3m, scaleInStabilization: 15m }
            - predictive: { metric: requests, targetPerInstance: 14, leadTime: 5m }
      """;

  @Test
  @DisplayName("the documented command replays the documented fleet spec on a trace file and draws the chart")
  void replaysASpecFile(@TempDir Path dir) throws Exception {
    FleetSpec spec = SpecCodec.parseYaml(FLEET);
    assertThat(spec.capacity()).isInstanceOf(Capacity.Autoscaled.class);
    StringBuilder csv = new StringBuilder("timestamp_seconds,requests\n");
    for (int i = 0; i < 120; i++) {
      csv.append(804571200L + 60L * i).append(',').append(i < 60 ? 30 : 120).append('\n');
    }
    Path trace = Files.writeString(dir.resolve("trace.csv"), csv);
    Path fleet = Files.writeString(dir.resolve("fleet.yaml"), FLEET);
    Path svg = dir.resolve("replay.svg");
    ReplayTrace.main(new String[] {"--trace", trace.toString(), "--capacity", "20.25", "--boot", "3m", "--lag", "1m",
        "--spec", fleet.toString(), "--svg", svg.toString()});
    assertThat(Files.readString(svg)).startsWith("<svg").contains("web");
  }

  @Test
  @DisplayName("baselines are named hpa:TARGET and aws:TARGET")
  void baselines() {
    assertThat(ReplayTrace.policy("hpa:0.6").get().name()).isEqualTo("k8s-hpa(target=0.60)");
    assertThat(ReplayTrace.policy("aws:0.7").get().name()).isEqualTo("aws-target-tracking(target=0.70)");
  }
}
