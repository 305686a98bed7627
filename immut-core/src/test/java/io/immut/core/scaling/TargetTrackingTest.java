package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Aggregation;
import io.immut.api.ScalingPolicy.TargetTracking;
import io.immut.core.cost.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Target tracking")
class TargetTrackingTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  final InMemoryMetrics metrics = new InMemoryMetrics();

  static Autoscaler autoscaler(int min, int max, ScalingPolicy... policies) {
    return new Autoscaler(Capacity.autoscaled(min, max, policies), Budget.unlimited());
  }

  ScalingDecision decide(Autoscaler a, Instant at, int current, double cpu) {
    metrics.record("cpu", at, cpu);
    return a.decide(at, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
  }

  @Test
  @DisplayName("scales out at once to ceil(current x value / target)")
  void scalesOut() {
    Autoscaler a = autoscaler(1, 20, ScalingPolicy.targetTracking("cpu", 60));
    ScalingDecision d = decide(a, T0, 4, 90);
    assertThat(d.desired()).isEqualTo(6); // ceil(4 * 90 / 60)
    assertThat(d.reason()).contains("targetTracking[0]").contains("cpu=90").contains("ceil(4 x 90 / 60) = 6");
    assertThat(d.recommendations()).singleElement().satisfies(r -> {
      assertThat(r.value()).isEqualTo(90.0);
      assertThat(r.size()).isEqualTo(6);
    });
  }

  @Test
  @DisplayName("keeps the size while the metric is within the tolerance of the target")
  void tolerance() {
    Autoscaler a = autoscaler(1, 20, ScalingPolicy.targetTracking("cpu", 60).withTolerance(0.1));
    assertThat(decide(a, T0, 10, 65.9).desired()).isEqualTo(10);          // ratio 1.098: within 10%
    assertThat(decide(a, T0.plusSeconds(1), 10, 66.6).desired()).isEqualTo(12); // ratio 1.11: ceil(11.1)
    assertThat(decide(a, T0.plusSeconds(2), 10, 54.1).desired()).isEqualTo(10); // ratio 0.902: within
  }

  @Test
  @DisplayName("scale-in takes the largest recommendation of the stabilization window")
  void stabilization() {
    Autoscaler a = autoscaler(1, 20, ScalingPolicy.targetTracking("cpu", 50).withScaleInStabilization(Duration.ofMinutes(5)));
    ScalingState s = ScalingState.initial();
    metrics.record("cpu", T0, 75);
    Autoscaler.Result r = a.decide(T0, FleetObservation.of(4), metrics, s);   // ceil(4*1.5) = 6
    assertThat(r.decision().desired()).isEqualTo(6);
    metrics.record("cpu", T0.plusSeconds(60), 20);
    r = a.decide(T0.plusSeconds(60), FleetObservation.of(6), metrics, r.state()); // raw ceil(6*0.4) = 3, window holds 6
    assertThat(r.decision().desired()).isEqualTo(6);
    assertThat(r.decision().reason()).contains("stabilized at 6");
    metrics.record("cpu", T0.plusSeconds(120), 30);
    r = a.decide(T0.plusSeconds(120), FleetObservation.of(6), metrics, r.state()); // raw ceil(6*0.6) = 4
    assertThat(r.decision().desired()).isEqualTo(6);
    // 5 minutes after the recommendation of 6 it has left the window; the largest left is 4 (at +2m)
    r = a.decide(T0.plusSeconds(301), FleetObservation.of(6), metrics, r.state()); // cpu still 30 -> raw 4
    assertThat(r.decision().desired()).isEqualTo(4);
    metrics.record("cpu", T0.plusSeconds(430), 10);
    r = a.decide(T0.plusSeconds(430), FleetObservation.of(4), metrics, r.state()); // raw ceil(4*0.2) = 1; window has 4 (at +301s)
    assertThat(r.decision().desired()).isEqualTo(4);
    r = a.decide(T0.plusSeconds(602), FleetObservation.of(4), metrics, r.state()); // +301s left the window
    assertThat(r.decision().desired()).isEqualTo(1);
  }

  @Test
  @DisplayName("a scale-out is never delayed by the stabilization window")
  void scaleOutNotStabilized() {
    Autoscaler a = autoscaler(1, 20, ScalingPolicy.targetTracking("cpu", 50));
    ScalingState s = ScalingState.initial();
    metrics.record("cpu", T0, 10);
    Autoscaler.Result r = a.decide(T0, FleetObservation.of(5), metrics, s);
    assertThat(r.decision().desired()).isEqualTo(5); // raw 1, but stabilization holds the current 5
    metrics.record("cpu", T0.plusSeconds(15), 100);
    r = a.decide(T0.plusSeconds(15), FleetObservation.of(5), metrics, r.state());
    assertThat(r.decision().desired()).isEqualTo(10);
  }

  @Test
  @DisplayName("instances in warm-up do not count, and no scale-in happens while any warms up")
  void warmup() {
    Autoscaler a = autoscaler(1, 20, ScalingPolicy.targetTracking("cpu", 60).withWarmup(Duration.ofMinutes(3))
        .withScaleInStabilization(Duration.ZERO));
    List<Instant> launches = new java.util.ArrayList<>(Collections.nCopies(4, T0.minusSeconds(3600)));
    launches.add(T0.minusSeconds(60));
    launches.add(T0.minusSeconds(60));
    FleetObservation fleet = new FleetObservation(6, launches);
    metrics.record("cpu", T0, 90);
    // the 4 warmed instances at 90% need ceil(4 x 1.5) = 6: the 2 warming ones already cover it
    assertThat(a.decide(T0, fleet, metrics, ScalingState.initial()).decision().desired()).isEqualTo(6);
    metrics.record("cpu", T0.plusSeconds(1), 120);
    assertThat(a.decide(T0.plusSeconds(1), fleet, metrics, ScalingState.initial()).decision().desired()).isEqualTo(8);
    metrics.record("cpu", T0.plusSeconds(2), 15);
    ScalingDecision held = a.decide(T0.plusSeconds(2), fleet, metrics, ScalingState.initial()).decision();
    assertThat(held.desired()).isEqualTo(6);
    assertThat(held.reason()).contains("2 instances are warming up");
    // once warmed, 6 instances at 15% need ceil(6 x 0.25) = 2
    assertThat(a.decide(T0.plusSeconds(200), fleet, metrics, ScalingState.initial()).decision().desired()).isEqualTo(2);
  }

  @Test
  @DisplayName("a TOTAL metric needs ceil(value / target) instances")
  void total() {
    TargetTracking p = ScalingPolicy.targetTracking("rps", 100).withAggregation(Aggregation.TOTAL);
    Autoscaler a = autoscaler(0, 50, p);
    metrics.record("rps", T0, 950);
    assertThat(a.decide(T0, FleetObservation.of(3), metrics, ScalingState.initial()).decision().desired()).isEqualTo(10);
    assertThat(a.decide(T0, FleetObservation.of(0), metrics, ScalingState.initial()).decision().desired()).isEqualTo(10);
    assertThat(a.decide(T0, FleetObservation.of(9), metrics, ScalingState.initial()).decision().desired())
        .as("950 / (9 x 100) = 1.056 is within 10%").isEqualTo(9);
  }

  @Test
  @DisplayName("the answer is clamped to min and max, then to the budget")
  void clamps() {
    Autoscaler a = autoscaler(3, 8, ScalingPolicy.targetTracking("cpu", 50).withScaleInStabilization(Duration.ZERO));
    ScalingDecision high = decide(a, T0, 6, 100);
    assertThat(high.desired()).isEqualTo(8);
    assertThat(high.reason()).contains("clamped to max 8");
    ScalingDecision low = decide(a, T0.plusSeconds(1), 6, 5);
    assertThat(low.desired()).isEqualTo(3);
    assertThat(low.reason()).contains("raised to min 3");

    var catalog = io.immut.core.cost.PriceTable.of(java.util.Map.of("t3.large", new java.math.BigDecimal("0.0832")));
    Budget budget = Budget.of(new io.immut.api.CostPolicy(new java.math.BigDecimal("0.50")), catalog, "t3.large");
    assertThat(budget.maxInstances()).hasValue(6); // floor(0.50 / 0.0832) = floor(6.0096)
    Autoscaler limited = new Autoscaler(Capacity.autoscaled(3, 8, ScalingPolicy.targetTracking("cpu", 50)), budget);
    ScalingDecision capped = decide(limited, T0.plusSeconds(2), 6, 100);
    assertThat(capped.desired()).isEqualTo(6);
    assertThat(capped.budgetLimit()).isEqualTo(6);
    assertThat(capped.reason()).contains("limited to 6 by the budget");
  }

  @Test
  @DisplayName("without data the policy abstains and the fleet keeps its size")
  void noData() {
    Autoscaler a = autoscaler(1, 10, ScalingPolicy.targetTracking("cpu", 50));
    ScalingDecision d = a.decide(T0, FleetObservation.of(4), metrics, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.recommendations().get(0).size()).isNull();
    assertThat(d.reason()).contains("no reactive policy answered; holds at 4");
  }

  @Test
  @DisplayName("a failing metrics source makes the policy abstain with the failure as reason")
  void failingSource() {
    var failing = new io.immut.spi.MetricsSource() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public java.util.Optional<io.immut.spi.MetricSample> latest(String query, Instant at) {
        throw new io.immut.spi.MetricsException(io.immut.spi.MetricsException.Kind.UNREACHABLE, "broken", query, "connection refused", null);
      }

      @Override
      public List<io.immut.spi.MetricSample> range(String query, Instant from, Instant to, Duration step) {
        return List.of();
      }
    };
    Autoscaler a = autoscaler(1, 10, ScalingPolicy.targetTracking("cpu", 50));
    ScalingDecision d = a.decide(T0, FleetObservation.of(4), failing, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.recommendations().get(0).reason()).contains("UNREACHABLE").contains("will retry").contains("connection refused");
  }

  @Test
  @DisplayName("the largest answer of several policies wins")
  void largestWins() {
    Autoscaler a = autoscaler(1, 30,
        ScalingPolicy.targetTracking("cpu", 50),
        ScalingPolicy.targetTracking("rps", 100).withAggregation(Aggregation.TOTAL));
    metrics.record("cpu", T0, 100).record("rps", T0, 1450);
    ScalingDecision d = a.decide(T0, FleetObservation.of(5), metrics, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(15);
    assertThat(d.reason()).startsWith("targetTracking[1]");
  }
}
