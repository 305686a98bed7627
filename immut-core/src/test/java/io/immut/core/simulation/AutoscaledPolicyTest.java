package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Aggregation;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AutoscaledPolicyTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private static FleetSpec fleet(Capacity capacity) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build())
        .capacity(capacity).build();
  }

  private static DemandTrace steps(double... perTenMinutes) {
    double[] d = new double[perTenMinutes.length * 10];
    for (int i = 0; i < d.length; i++) {
      d[i] = perTenMinutes[i / 10];
    }
    return DemandTrace.of(T0, Duration.ofMinutes(1), d);
  }

  @Test
  @DisplayName("a fleet's target tracking on the total request count follows ceil(requests / target) and waits 5 minutes to scale in")
  void targetTrackingOnTotal() {
    FleetSpec web = fleet(Capacity.autoscaled(1, 50,
        ScalingPolicy.targetTracking(AutoscaledPolicy.REQUESTS, 10).withAggregation(Aggregation.TOTAL)));
    ReplayResult r = TraceReplay.builder(steps(30, 80, 30)).capacityPerInstance(20).bootDelay(Duration.ofMinutes(1))
        .fleet(web).autoscaledBy(web).build().run();
    assertThat(r.desired()[8]).isEqualTo(3);    // 30 / 10
    assertThat(r.desired()[18]).isEqualTo(8);   // 80 / 10, one minute after the datapoint
    assertThat(r.desired()[22]).isEqualTo(8);   // the 5-minute window still holds the 8
    assertThat(r.desired()[29]).isEqualTo(3);
    assertThat(r.policy()).isEqualTo("web");
    assertThat(r.decisions()).anySatisfy(d -> assertThat(d.reason()).contains("requests"));
    // 80 per minute on 8 instances of 20 leaves nothing unserved once they are ready
    assertThat(r.readyInstances()[19]).isEqualTo(8);
  }

  @Test
  @DisplayName("the fleet's bounds clamp the answer")
  void bounds() {
    FleetSpec web = fleet(Capacity.autoscaled(2, 5,
        ScalingPolicy.targetTracking(AutoscaledPolicy.REQUESTS, 10).withAggregation(Aggregation.TOTAL)));
    ReplayResult r = TraceReplay.builder(steps(5, 200)).capacityPerInstance(20).bootDelay(Duration.ofMinutes(1))
        .fleet(web).autoscaledBy(web).build().run();
    assertThat(Arrays.stream(r.desired()).min().orElseThrow()).isEqualTo(2);
    assertThat(Arrays.stream(r.desired()).max().orElseThrow()).isEqualTo(5);
    assertThat(r.unservedFraction()).isGreaterThan(0);
  }

  @Test
  @DisplayName("a predictive policy learns only from published datapoints: it abstains until a day of history")
  void predictiveNeedsADay() {
    // two days of a square wave: 20 per minute, 200 from 12:00 to 13:00
    double[] d = new double[2 * 1440];
    for (int i = 0; i < d.length; i++) {
      d[i] = (i % 1440) >= 720 && (i % 1440) < 780 ? 200 : 20;
    }
    DemandTrace trace = DemandTrace.of(T0, Duration.ofMinutes(1), d);
    FleetSpec web = fleet(Capacity.autoscaled(1, 50,
        ScalingPolicy.targetTracking(AutoscaledPolicy.REQUESTS, 20).withAggregation(Aggregation.TOTAL),
        new ScalingPolicy.Predictive(AutoscaledPolicy.REQUESTS, 20, Duration.ofDays(14), Duration.ofMinutes(5), Duration.ofMinutes(10))));
    ReplayResult r = TraceReplay.builder(trace).capacityPerInstance(20).bootDelay(Duration.ofMinutes(3))
        .fleet(web).autoscaledBy(web).build().run();
    // day 1: purely reactive, short at the step up; day 2: the forecast raises the floor ahead of it
    assertThat(r.desired()[715]).isEqualTo(1);
    assertThat(r.desired()[1440 + 715]).isEqualTo(10);
    assertThat(r.readyInstances()[1440 + 720]).isEqualTo(10);
    double shortDay1 = 0;
    double shortDay2 = 0;
    for (int i = 0; i < 1440; i++) {
      shortDay1 += Math.max(0, d[i] - 20 * r.readyInstances()[i]);
      shortDay2 += Math.max(0, d[1440 + i] - 20 * r.readyInstances()[1440 + i]);
    }
    assertThat(shortDay1).isGreaterThan(0);
    assertThat(shortDay2).isZero();
  }

  @Test
  @DisplayName("a fixed capacity cannot be replayed as autoscaled")
  void fixedRefused() {
    FleetSpec fixed = fleet(Capacity.fixed(3));
    assertThatThrownBy(() -> TraceReplay.builder(steps(1)).autoscaledBy(fixed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fixed capacity");
  }
}
