package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.InvalidSpecException;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Step;
import io.immut.api.ScalingPolicy.Window;
import io.immut.api.SpecProblem;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Spec files with autoscaled capacity and idle reaping")
class ScalingSpecCodecTest {

  static FleetSpec spec() {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image("ami-0abc123").instanceType("t3.micro").build())
        .capacity(Capacity.autoscaled(2, 20,
            ScalingPolicy.targetTracking("avg(cpu)", 60.5).withWarmup(Duration.ofMinutes(3)).withTolerance(0.05),
            ScalingPolicy.targetTracking("sum(rate(http_requests_total[1m]))", 100).withAggregation(ScalingPolicy.Aggregation.TOTAL),
            new ScalingPolicy.StepScaling("avg(cpu)", List.of(Step.add(80.0, 95.0, 2), Step.add(95.0, null, 4),
                Step.percent(null, 10.0, -10)), Duration.ofMinutes(1), Duration.ofMinutes(5)),
            new ScalingPolicy.Scheduled(ZoneId.of("Europe/Paris"), List.of(
                Window.of("0 8 * * MON-FRI", Duration.ofHours(10), 4, 30, 6),
                Window.of("0 22 * * *", Duration.ofHours(6), null, 5, null))),
            ScalingPolicy.predictive("sum(rate(http_requests_total[1m]))", 100, Duration.ofMinutes(3)),
            new ScalingPolicy.Adaptive("sum(increase(http_requests_total[1m]))", 1200, Duration.ofMinutes(3), Duration.ofSeconds(30))))
        .cost(new CostPolicy(new BigDecimal("12.50"),
            new CostPolicy.IdleReaping("cpu{instance=\"{instance}\"}", 2.5, Duration.ofMinutes(30))))
        .build();
  }

  @Test
  @DisplayName("every policy kind and the idle-reaping rule round-trip through YAML and JSON")
  void roundTrip() {
    FleetSpec spec = spec();
    String yaml = SpecCodec.writeYaml(spec);
    assertThat(yaml).contains("autoscaled:").contains("targetTracking:").contains("stepScaling:").contains("scheduled:")
        .contains("predictive:").contains("adaptive:").contains("capacityPerInstance:").contains("idleReaping:").contains("-10%");
    assertThat(SpecCodec.parseYaml(yaml)).isEqualTo(spec);
    assertThat(SpecCodec.parseJson(SpecCodec.writeJson(spec))).isEqualTo(spec);
    assertThat(SpecCodec.parseYaml(yaml).generationId()).isEqualTo(spec.generationId());
  }

  @Test
  @DisplayName("an adaptive policy needs its warm-up, and its period defaults to a minute")
  void adaptive() {
    String head = String.join("\n", "name: web", "capacity:", "  autoscaled:", "    min: 1", "    max: 9", "    policies:");
    FleetSpec spec = SpecCodec.parseYaml(head + "\n      - adaptive: { metric: requests, capacityPerInstance: 600, warmup: 3m }\n"
        + "generation: { image: ami-1, instanceType: t3.micro }\n");
    assertThat(((Capacity.Autoscaled) spec.capacity()).policies())
        .containsExactly(ScalingPolicy.adaptive("requests", 600, Duration.ofMinutes(3)));
    assertThatThrownBy(() -> SpecCodec.parseYaml(head + "\n      - adaptive: { metric: requests, capacityPerInstance: 600 }\n"
        + "generation: { image: ami-1, instanceType: t3.micro }\n"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("warmup");
  }

  @Test
  @DisplayName("a hand-written file with defaults left out reads with the defaults")
  void defaults() {
    FleetSpec spec = SpecCodec.parseYaml(String.join("\n",
        "name: web",
        "capacity:",
        "  autoscaled:",
        "    min: 1",
        "    max: 8",
        "    policies:",
        "      - targetTracking: { metric: cpu, target: 60 }",
        "      - predictive: { metric: rps, targetPerInstance: 50 }",
        "      - predictive: { metric: rps, targetPerInstance: 50, forecast: mean_of_peaks }",
        "cost:",
        "  idleReaping: { metric: 'cpu{instance=\"{instance}\"}', threshold: 5, window: 30m }",
        "generation: { image: ami-0abc123, instanceType: t3.micro }",
        ""));
    Capacity.Autoscaled a = (Capacity.Autoscaled) spec.capacity();
    assertThat(a.policies().get(0)).isEqualTo(ScalingPolicy.targetTracking("cpu", 60));
    assertThat(a.policies().get(1)).isEqualTo(ScalingPolicy.predictive("rps", 50, Duration.ZERO));
    assertThat(((ScalingPolicy.Predictive) a.policies().get(1)).forecast()).isEqualTo(ScalingPolicy.Forecast.BEST_OF_BACKTEST);
    assertThat(a.policies().get(2)).isEqualTo(ScalingPolicy.predictive("rps", 50, Duration.ZERO)
        .withForecast(ScalingPolicy.Forecast.MEAN_OF_PEAKS));
    assertThat(spec.cost().budget()).isEmpty();
    assertThat(spec.cost().idle()).isPresent();
  }

  @Test
  @DisplayName("every problem of the scaling part is reported at once, with its path")
  void problems() {
    String yaml = String.join("\n",
        "name: web",
        "capacity:",
        "  autoscaled:",
        "    min: 5",
        "    max: 3",
        "    policies:",
        "      - targetTracking: { metric: cpu, target: -1, tolerance: 2 }",
        "      - stepScaling: { metric: cpu, steps: [ { lower: 10, change: 0 }, { upper: 5, change: lots } ] }",
        "      - scheduled: { zone: Mars/Olympus, windows: [ { start: '0 25 * * *', duration: 1h, min: 1 } ] }",
        "      - predictive: { metric: rps, targetPerInstance: 10, resolution: 7m, forecast: psychic }",
        "      - sometimes: {}",
        "cost:",
        "  idleReaping: { metric: cpu, threshold: 5, window: 30m }",
        "generation: { image: ami-0abc123, instanceType: t3.micro }",
        "");
    assertThatThrownBy(() -> SpecCodec.parseYaml(yaml)).isInstanceOfSatisfying(InvalidSpecException.class, e ->
        assertThat(e.problems()).extracting(SpecProblem::path).contains(
            "capacity.autoscaled.policies[0].targetTracking.target",
            "capacity.autoscaled.policies[0].targetTracking.tolerance",
            "capacity.autoscaled.policies[1].stepScaling.steps[0].change",
            "capacity.autoscaled.policies[1].stepScaling.steps[1].change",
            "capacity.autoscaled.policies[2].scheduled.zone",
            "capacity.autoscaled.policies[2].scheduled.windows[0].start",
            "capacity.autoscaled.policies[3].predictive.resolution",
            "capacity.autoscaled.policies[3].predictive.forecast",
            "capacity.autoscaled.policies[4].sometimes",
            "cost.idleReaping.metric"));
  }

  @Test
  @DisplayName("a time zone or a change with control characters is quoted escaped in its problem, never raw")
  void controlCharactersInValuesAreEscaped() {
    String yaml = String.join("\n",
        "name: web",
        "capacity:",
        "  autoscaled:",
        "    min: 1",
        "    max: 3",
        "    policies:",
        "      - stepScaling: { metric: cpu, steps: [ { lower: 10, change: \"a\\tb\" } ] }",
        "      - scheduled: { zone: \"\\t\\n\", windows: [ { start: '0 8 * * *', duration: 1h, min: 1 } ] }",
        "generation: { image: ami-0abc123, instanceType: t3.micro }",
        "");
    assertThatThrownBy(() -> SpecCodec.parseYaml(yaml)).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
      assertThat(e.problems()).filteredOn(p -> p.path().endsWith("scheduled.zone")).singleElement()
          .satisfies(p -> assertThat(p.problem()).contains("is not a time zone").doesNotContain("\t", "\n"));
      assertThat(e.problems()).filteredOn(p -> p.path().endsWith("steps[0].change")).singleElement()
          .satisfies(p -> assertThat(p.problem()).contains("is not a change").doesNotContain("\t"));
    });
  }
}
