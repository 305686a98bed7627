package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Adaptive policy")
class AdaptiveTest {
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  static final ScalingPolicy.Adaptive POLICY = ScalingPolicy.adaptive("requests", 100, Duration.ofMinutes(3));
  final InMemoryMetrics metrics = new InMemoryMetrics();
  final Autoscaler autoscaler = new Autoscaler(Capacity.autoscaled(1, 500, POLICY), Budget.unlimited());

  /** Records a day of noisy demand around a level, one sample a minute, ending a minute before {@code end}. */
  void history(Instant end, double level, long seed) {
    Random r = new Random(seed);
    for (int m = 1440; m >= 1; m--) {
      metrics.record("requests", end.minus(Duration.ofMinutes(m)), Math.max(0, level + r.nextGaussian() * Math.sqrt(level)));
    }
  }

  @Test
  @DisplayName("before an hour of history it runs 50% headroom and says it is learning")
  void learning() {
    metrics.record("requests", T0, 1000);
    ScalingDecision d = autoscaler.decide(T0.plusSeconds(30), FleetObservation.of(4), metrics, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(15); // ceil(1000 x 1.5 / 100)
    assertThat(d.reason()).contains("requests=1000 with headroom x1.5 (learning: under an hour of history)")
        .contains("ceil(1000 x 1.5 / 100) = 15").contains("scales out at once");
  }

  @Test
  @DisplayName("with a day of history it sizes its headroom from it and explains the figure")
  void learnsHeadroom() {
    Instant now = T0.plus(Duration.ofDays(1));
    history(now, 1000, 1);
    ScalingDecision d = autoscaler.decide(now, FleetObservation.of(10), metrics, ScalingState.initial()).decision();
    Recommendation r = d.recommendations().get(0);
    assertThat(r.reason()).contains("the least that would have left <= 0.05% unserved in the last 168h")
        .contains("1440 samples");
    // steady demand of 1000 +- 32: a headroom of a few percent, far from the learning 50%
    assertThat(r.size()).isBetween(11, 12);
  }

  @Test
  @DisplayName("it scales in only after the learned hold, never sooner than a relaunch, and then all the way at once")
  void scaleInAfterHold() {
    Instant now = T0.plus(Duration.ofDays(1));
    history(now, 10_000, 2);
    Autoscaler.Result r = autoscaler.decide(now, FleetObservation.of(100), metrics, ScalingState.initial());
    int high = r.decision().desired();
    assertThat(high).isBetween(100, 115);
    DemandGrowth learned = r.state().growth(0);
    assertThat(learned.hold()).isGreaterThanOrEqualTo(Duration.ofMinutes(4)); // the warm-up plus a period
    // the demand falls to a tenth
    ScalingState s = r.state();
    Instant t = now;
    int current = high;
    List<Integer> sizes = new ArrayList<>();
    while (t.isBefore(now.plus(learned.hold()).plusSeconds(60))) {
      t = t.plusSeconds(15);
      metrics.record("requests", t.minusSeconds(30), 1000);
      r = autoscaler.decide(t, FleetObservation.of(current), metrics, s);
      s = r.state();
      current = r.decision().desired();
      sizes.add(current);
    }
    // held at the high size until the hold has passed, then straight down: not one instance at a time
    assertThat(sizes.subList(0, (int) (learned.hold().toSeconds() / 15) - 1)).containsOnly(high);
    assertThat(current).isLessThanOrEqualTo(15);
    assertThat(sizes.stream().distinct().count()).isEqualTo(2);
  }

  @Test
  @DisplayName("a stale, missing or failing metric never scales in: it abstains and says why")
  void missingMetrics() {
    Instant now = T0.plus(Duration.ofDays(1));
    ScalingDecision none = autoscaler.decide(now, FleetObservation.of(7), metrics, ScalingState.initial()).decision();
    assertThat(none.desired()).isEqualTo(7);
    assertThat(none.recommendations().get(0).reason()).isEqualTo("no data for requests; abstains");

    metrics.record("requests", now.minus(Duration.ofMinutes(6)), 10);
    ScalingDecision stale = autoscaler.decide(now, FleetObservation.of(7), metrics, ScalingState.initial()).decision();
    assertThat(stale.desired()).isEqualTo(7);
    assertThat(stale.recommendations().get(0).reason()).contains("is 6m old, older than the maximum sample age of 5m; abstains");

    MetricsSource failing = new MetricsSource() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Optional<MetricSample> latest(String query, Instant at) {
        throw new MetricsException(MetricsException.Kind.UNAVAILABLE, "failing", query, "down for maintenance", null);
      }

      @Override
      public List<MetricSample> range(String query, Instant from, Instant to, Duration step) {
        throw new MetricsException(MetricsException.Kind.UNAVAILABLE, "failing", query, "down for maintenance", null);
      }
    };
    ScalingDecision failed = autoscaler.decide(now, FleetObservation.of(7), failing, ScalingState.initial()).decision();
    assertThat(failed.desired()).isEqualTo(7);
    assertThat(failed.recommendations().get(0).reason()).contains("metric unavailable (UNAVAILABLE").contains("abstains");
  }

  @Test
  @DisplayName("its fields are validated together")
  void validation() {
    assertThatThrownBy(() -> new ScalingPolicy.Adaptive(" ", -1, Duration.ofHours(2), Duration.ZERO))
        .isInstanceOf(io.immut.api.InvalidSpecException.class)
        .hasMessageContaining("metric").hasMessageContaining("capacityPerInstance").hasMessageContaining("warmup")
        .hasMessageContaining("period");
  }
}
