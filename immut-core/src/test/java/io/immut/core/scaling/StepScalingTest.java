package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Step;
import io.immut.core.cost.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Step scaling")
class StepScalingTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  final InMemoryMetrics metrics = new InMemoryMetrics();
  final Autoscaler autoscaler = new Autoscaler(Capacity.autoscaled(2, 40, new ScalingPolicy.StepScaling("cpu", List.of(
      Step.add(60.0, 80.0, 1),
      Step.add(80.0, null, 3),
      Step.remove(10.0, 30.0, 1),
      Step.percent(null, 10.0, -50)), Duration.ofMinutes(2), Duration.ofMinutes(5))), Budget.unlimited());

  Autoscaler.Result at(long seconds, int current, double cpu, ScalingState state) {
    metrics.record("cpu", T0.plusSeconds(seconds), cpu);
    return autoscaler.decide(T0.plusSeconds(seconds), FleetObservation.of(current), metrics, state);
  }

  @Test
  @DisplayName("the band that contains the value gives the change; no band, no change")
  void bands() {
    assertThat(at(0, 10, 65, ScalingState.initial()).decision().desired()).isEqualTo(11);
    assertThat(at(1, 10, 80, ScalingState.initial()).decision().desired()).as("lower bounds are inclusive").isEqualTo(13);
    assertThat(at(2, 10, 79.99, ScalingState.initial()).decision().desired()).as("upper bounds are exclusive").isEqualTo(11);
    assertThat(at(3, 10, 45, ScalingState.initial()).decision().desired()).isEqualTo(10);
    assertThat(at(4, 10, 20, ScalingState.initial()).decision().desired()).isEqualTo(9);
    ScalingDecision d = at(5, 10, 65, ScalingState.initial()).decision();
    assertThat(d.reason()).contains("stepScaling[0]").contains("cpu=65").contains("[60.0, 80.0): +1").contains("10 + 1 = 11");
  }

  @Test
  @DisplayName("a percentage rounds away from zero, at least one instance, and min still holds")
  void percent() {
    assertThat(at(0, 9, 5, ScalingState.initial()).decision().desired()).isEqualTo(4);   // 9 - ceil(4.5)
    assertThat(at(1, 3, 5, ScalingState.initial()).decision().desired()).isEqualTo(2);   // 3 - 2 = 1, raised to min 2
  }

  @Test
  @DisplayName("cooldowns: no second scale-out within 2 minutes, no scale-in within 5 minutes of any scaling")
  void cooldowns() {
    Autoscaler.Result r = at(0, 10, 90, ScalingState.initial());
    assertThat(r.decision().desired()).isEqualTo(13);
    assertThat(r.state().lastScaleOut()).isEqualTo(T0);
    r = at(60, 13, 90, r.state());
    assertThat(r.decision().desired()).as("scale-out cooldown").isEqualTo(13);
    assertThat(r.decision().reason()).contains("scale-out cooldown runs until 2026-03-02T10:02:00Z");
    r = at(120, 13, 90, r.state());
    assertThat(r.decision().desired()).as("cooldown over at +2m").isEqualTo(16);
    r = at(240, 16, 20, r.state());
    assertThat(r.decision().desired()).as("scale-in waits 5m after the scale-out at +2m").isEqualTo(16);
    r = at(420, 16, 20, r.state());
    assertThat(r.decision().desired()).isEqualTo(15);
    r = at(480, 15, 20, r.state());
    assertThat(r.decision().desired()).as("and 5m after the last scale-in").isEqualTo(15);
    r = at(720, 15, 20, r.state());
    assertThat(r.decision().desired()).isEqualTo(14);
  }

  @Test
  @DisplayName("percentage steps drain 100 instances as fast as 10: the same number of steps to a tenth")
  void percentagesScale() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 1000, new ScalingPolicy.StepScaling("cpu", List.of(
        Step.percent(null, 10.0, -20)), Duration.ZERO, Duration.ZERO)), Budget.unlimited());
    for (int start : new int[] {10, 100}) {
      int current = start;
      int steps = 0;
      ScalingState s = ScalingState.initial();
      long t = 0;
      while (current > start / 10) {
        t += 60;
        metrics.record("cpu", T0.plusSeconds(t), 5);
        Autoscaler.Result r = a.decide(T0.plusSeconds(t), FleetObservation.of(current), metrics, s);
        s = r.state();
        current = r.decision().desired();
        steps++;
      }
      // 10 -> 8 -> 6 -> 4 -> 3 -> 2 -> 1 rounds each step away from zero; 100 -> 80 -> 64 -> ... -> 10
      assertThat(steps).as("steps from " + start + " to a tenth").isBetween(6, 11);
    }
  }
}
