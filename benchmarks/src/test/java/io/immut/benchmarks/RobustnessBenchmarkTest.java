package io.immut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.simulation.DemandTrace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RobustnessBenchmarkTest {

  @Test
  @DisplayName("a synthetic trace is reproducible from its seed, and another seed gives other events")
  void syntheticTraces() {
    List<SyntheticTrace> one = SyntheticTrace.robustnessSet(1, 2);
    List<SyntheticTrace> again = SyntheticTrace.robustnessSet(1, 2);
    List<SyntheticTrace> other = SyntheticTrace.robustnessSet(2, 2);
    assertThat(one).hasSize(5);
    for (int i = 0; i < one.size(); i++) {
      DemandTrace t = one.get(i).trace();
      assertThat(t.size()).isEqualTo(2 * 1440);
      assertThat(t.values()).isEqualTo(again.get(i).trace().values()).isNotEqualTo(other.get(i).trace().values());
      assertThat(java.util.Arrays.stream(t.values()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(t.peak()).isGreaterThan(0);
    }
    SyntheticTrace outages = one.get(4);
    assertThat(outages.metricOutages()).hasSize(8).allSatisfy(o -> {
      assertThat(o[0]).isGreaterThanOrEqualTo(0);
      assertThat(o[1] - o[0]).isBetween(10, 60);
      assertThat(o[1]).isLessThanOrEqualTo(2 * 1440);
    });
  }

  @Test
  @DisplayName("a quick run replays each policy on each case and prints one table with the tuned baselines beside the defaults")
  void quickRun() {
    List<RobustnessBenchmark.Case> cases = List.of(new RobustnessBenchmark.Case("flat",
        SyntheticTrace.robustnessSet(1, 1).get(2).trace().slice(0, 360), List.of(new int[] {100, 130})));
    var runs = RobustnessBenchmark.run(RobustnessBenchmark.jobs(cases, new int[] {10}, new Duration[] {Duration.ofMinutes(3)}, true,
        java.util.List.of(io.immut.api.ScalingPolicy.Predictive.DEFAULT_FORECAST)), 1);
    assertThat(runs).extracting(RobustnessBenchmark.Run::family).contains("immut Adaptive", "immut Adaptive + Predictive",
        "immut StepScaling", "Kubernetes HPA", "AWS target tracking");
    String report = RobustnessBenchmark.report(runs);
    assertThat(report).contains("× oracle (offline optimum)").contains("(best for this trace)")
        .contains("immut Adaptive at its defaults, over 1 trace × size × boot settings");
    runs.forEach(r -> assertThat(r.result().lowerBoundRatio()).isGreaterThan(0.99));
  }
}
