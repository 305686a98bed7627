package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Aggregation;
import io.immut.core.cost.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stale metric samples")
class StaleMetricsTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  final InMemoryMetrics metrics = new InMemoryMetrics();

  static Autoscaler autoscaler(ScalingPolicy... policies) {
    return new Autoscaler(Capacity.autoscaled(1, 10, policies), Budget.unlimited());
  }

  /** Steps a controller every 15 s for a minute, as the engine's loop does, and returns the sizes. */
  static List<Integer> loop(Autoscaler a, InMemoryMetrics metrics, int start) {
    ScalingController c = new ScalingController("web", a, metrics);
    List<Integer> sizes = new ArrayList<>();
    int current = start;
    for (int i = 1; i <= 4; i++) {
      current = c.step(T0.plusSeconds(15L * i), FleetObservation.of(current)).desired();
      sizes.add(current);
    }
    return sizes;
  }

  @Test
  @DisplayName("one cpu=90 sample re-read at every interval scales once, not 2 -> 3 -> 5 -> 8 -> 10")
  void oneSampleScalesOnce() {
    metrics.record("cpu", T0, 90);
    List<Integer> sizes = loop(autoscaler(ScalingPolicy.targetTracking("cpu", 60)), metrics, 2);
    assertThat(sizes).containsExactly(3, 3, 3, 3);
  }

  @Test
  @DisplayName("after a scaling action, the policy says it waits for a sample newer than the action plus the warm-up")
  void waitsForNewerSample() {
    Autoscaler a = autoscaler(ScalingPolicy.targetTracking("cpu", 60).withWarmup(Duration.ofMinutes(2)));
    metrics.record("cpu", T0, 90);
    Autoscaler.Result r = a.decide(T0.plusSeconds(15), FleetObservation.of(2), metrics, ScalingState.initial());
    assertThat(r.decision().desired()).isEqualTo(3);
    // a sample one minute after the action is still inside the warm-up: it does not count
    metrics.record("cpu", T0.plusSeconds(75), 95);
    Autoscaler.Result held = a.decide(T0.plusSeconds(90), FleetObservation.of(3), metrics, r.state());
    assertThat(held.decision().desired()).isEqualTo(3);
    assertThat(held.decision().recommendations()).singleElement().satisfies(rec -> {
      assertThat(rec.size()).isNull();
      assertThat(rec.reason()).contains("not after the last scaling action at " + T0.plusSeconds(15))
          .contains("plus the warm-up of 2m").contains("abstains");
    });
    // a sample after the warm-up is used
    metrics.record("cpu", T0.plusSeconds(150), 90);
    Autoscaler.Result next = a.decide(T0.plusSeconds(150), FleetObservation.of(3), metrics, held.state());
    assertThat(next.decision().desired()).isEqualTo(5); // ceil(3 x 90 / 60)
  }

  @Test
  @DisplayName("a sample older than the maximum age abstains, and the fleet never scales in on it")
  void maxAge() {
    Autoscaler a = autoscaler(ScalingPolicy.targetTracking("cpu", 60).withScaleInStabilization(Duration.ZERO))
        .withMaxSampleAge(Duration.ofMinutes(3));
    metrics.record("cpu", T0, 5);
    ScalingDecision d = a.decide(T0.plus(Duration.ofMinutes(4)), FleetObservation.of(6), metrics, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(6);
    assertThat(d.reason()).contains("no reactive policy answered; holds at 6");
    assertThat(d.recommendations().get(0).reason()).contains("cpu=5 is 4m old, older than the maximum sample age of 3m; abstains");
    // the same sample within the age is used
    assertThat(a.decide(T0.plus(Duration.ofMinutes(2)), FleetObservation.of(6), metrics, ScalingState.initial()).decision().desired())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("the default maximum age is 5 minutes")
  void defaultMaxAge() {
    Autoscaler a = autoscaler(ScalingPolicy.targetTracking("cpu", 60));
    assertThat(a.maxSampleAge()).isEqualTo(Duration.ofMinutes(5));
    metrics.record("cpu", T0, 120);
    assertThat(a.decide(T0.plus(Duration.ofMinutes(5)), FleetObservation.of(2), metrics, ScalingState.initial()).decision().desired())
        .isEqualTo(4);
    assertThat(a.decide(T0.plus(Duration.ofSeconds(301)), FleetObservation.of(2), metrics, ScalingState.initial()).decision().desired())
        .isEqualTo(2);
    assertThatThrownBy(() -> a.withMaxSampleAge(Duration.ZERO)).hasMessageContaining("must be positive");
  }

  @Test
  @DisplayName("a step-scaling band re-read from one sample adds its step once")
  void stepOnce() {
    metrics.record("cpu", T0, 90);
    Autoscaler a = autoscaler(new ScalingPolicy.StepScaling("cpu", List.of(ScalingPolicy.Step.percent(80.0, null, 50)),
        Duration.ZERO, Duration.ZERO));
    assertThat(loop(a, metrics, 2)).containsExactly(3, 3, 3, 3);
  }

  @Test
  @DisplayName("a fleet-total metric does not depend on the fleet's size: its sample still answers after an action")
  void totalStillAnswers() {
    metrics.record("requests", T0, 500);
    Autoscaler a = autoscaler(ScalingPolicy.targetTracking("requests", 100).withAggregation(Aggregation.TOTAL));
    assertThat(loop(a, metrics, 2)).containsExactly(5, 5, 5, 5);
  }
}
