package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.immut.api.ImmutException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceReplayTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  // 10 per instance: needs 1, 3, 3, 1, 3
  private final DemandTrace tiny = DemandTrace.of(T0, Duration.ofMinutes(1), 10, 25, 25, 5, 30);

  /** A policy that answers a script: the desired size from each minute on. */
  private static SizingPolicy script(int... perMinute) {
    return new SizingPolicy() {
      @Override
      public String name() {
        return "script";
      }

      @Override
      public Duration interval() {
        return Duration.ofMinutes(1);
      }

      @Override
      public Sizing decide(Observation o) {
        int minute = (int) Duration.between(T0, o.now()).toMinutes();
        return new Sizing(perMinute[minute], "minute " + minute);
      }
    };
  }

  @Test
  @DisplayName("a fixed fleet: instance-hours include the initial boot, and unserved demand is summed by hand")
  void fixedFleetByHand() {
    ReplayResult r = TraceReplay.builder(tiny).capacityPerInstance(10).bootDelay(Duration.ofMinutes(2))
        .policy(() -> SizingPolicy.fixed(2)).initialSize(2).build().run();
    // two instances from T0 - 2 min to T0 + 5 min
    assertThat(r.instanceHours()).isCloseTo(2 * 7 / 60.0, within(1e-9));
    assertThat(r.readyInstances()).containsExactly(2, 2, 2, 2, 2);
    // capacity 20 each minute: short 5 + 5 + 0 + 0 + 10 = 20 of 95
    assertThat(r.unservedFraction()).isCloseTo(20 / 95.0, within(1e-12));
    // above 18: 25, 25, 30
    assertThat(r.stepsAbove90()).isEqualTo(3);
    assertThat(r.scalingActions()).isZero();
    assertThat(r.launches()).isEqualTo(2);
    // t3.micro at 0.0104 per hour
    assertThat(r.hourlyPrice()).isEqualByComparingTo("0.0104");
    // the cloud bills 14 instance-minutes of t3.micro
    assertThat(r.spend()).isCloseTo(new BigDecimal("0.0104").multiply(BigDecimal.valueOf(14 / 60.0)), within(new BigDecimal("0.000001")));
  }

  @Test
  @DisplayName("a scale-out decided at a minute's start serves only after the boot delay, counted per 15 s tick")
  void bootDelayCounts() {
    // 1 instance, the policy asks for 3 at minute 1; boot 90 s: the 2 new ones are ready at 2:30
    ReplayResult r = TraceReplay.builder(tiny).capacityPerInstance(10).bootDelay(Duration.ofSeconds(90))
        .policy(() -> script(1, 3, 3, 3, 3)).initialSize(1).build().run();
    assertThat(r.readyInstances()).containsExactly(1, 1, 2, 3, 3);
    assertThat(r.desired()).containsExactly(1, 3, 3, 3, 3);
    // ready capacity 10, 10, 20, 30, 30: short 0 + 15 + 5 + 0 + 0 = 20
    assertThat(r.serviceLevel().unserved()).isCloseTo(20, within(1e-9));
    // 1 instance from -1.5 to 5 (6.5 min) + 2 from 1 to 5 (8 min)
    assertThat(r.instanceHours()).isCloseTo(14.5 / 60, within(1e-9));
    assertThat(r.spend().doubleValue()).isCloseTo(0.0104 * 14.5 / 60, within(1e-6));
    assertThat(r.scalingActions()).isEqualTo(1);
    assertThat(r.decisions().get(0).reason()).isEqualTo("minute 1");
  }

  @Test
  @DisplayName("following the oracle's need one boot ahead costs exactly the oracle")
  void oracleSchedule() {
    // needs 1, 3, 3, 1, 3 with boot 1 min: ask one minute ahead for what the next minute needs,
    // and scale in when the minute starts; the boot of each launch is paid as the oracle pays it
    SizingPolicy p = new SizingPolicy() {
      final int[] need = {1, 3, 3, 1, 3};

      @Override
      public String name() {
        return "clairvoyant";
      }

      @Override
      public Duration interval() {
        return Duration.ofMinutes(1);
      }

      @Override
      public Sizing decide(Observation o) {
        int m = (int) Duration.between(T0, o.now()).toMinutes();
        int next = m + 1 < need.length ? need[m + 1] : 0;
        return new Sizing(Math.max(need[m], next), "need now and next");
      }
    };
    ReplayResult r = TraceReplay.builder(tiny).capacityPerInstance(10).bootDelay(Duration.ofMinutes(1))
        .policy(() -> p).initialSize(1).build().run();
    assertThat(r.unservedFraction()).isZero();
    // the policy runs 3 instances for all 5 minutes (two of them booting in minute 0) plus the
    // initial one's boot: 16 instance-minutes. It keeps two instances through the one-minute dip
    // instead of relaunching them, as the lower bound does, and so costs exactly the lower bound.
    assertThat(r.instanceHours()).isCloseTo(16 / 60.0, within(1e-9));
    assertThat(r.oracle().instanceHours()).isCloseTo((11 + 5) / 60.0, within(1e-9));
    assertThat(r.oracle().lowerBoundInstanceHours()).isCloseTo((11 + 1 + 2 + 2) / 60.0, within(1e-9));
    assertThat(r.lowerBoundRatio()).isCloseTo(1.0, within(1e-9));
    assertThat(r.oracleRatio()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  @DisplayName("a datapoint is published one metric lag after its minute ends, with the ready instances that served it")
  void metricLag() {
    List<Observation> seen = new ArrayList<>();
    SizingPolicy spy = new SizingPolicy() {
      @Override
      public String name() {
        return "spy";
      }

      @Override
      public Duration interval() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Sizing decide(Observation o) {
        seen.add(o);
        return new Sizing(2, "two");
      }
    };
    TraceReplay.builder(tiny).capacityPerInstance(10).bootDelay(Duration.ZERO).metricLag(Duration.ofSeconds(30))
        .policy(() -> spy).initialSize(2).build().run();
    // decisions at 0:00, 0:30, 1:00, 1:30, ...: minute 0 ends at 1:00 and is published at 1:30
    assertThat(seen).hasSize(10);
    assertThat(seen.get(2).metrics()).isEmpty();
    assertThat(seen.get(3).metrics()).hasSize(1);
    Datapoint first = seen.get(3).metrics().get(0);
    assertThat(first.demand()).isEqualTo(10);
    assertThat(first.readyInstances()).isEqualTo(2);
    assertThat(first.perInstance()).isEqualTo(5);
    assertThat(seen.get(9).metrics()).extracting(Datapoint::demand).containsExactly(10.0, 25.0, 25.0, 5.0);
    assertThat(seen.get(9).launchTimes()).hasSize(2);
  }

  @Test
  @DisplayName("the Kubernetes HPA replays end to end and scales with the demand")
  void hpaEndToEnd() {
    double[] d = new double[60];
    for (int i = 0; i < d.length; i++) {
      d[i] = i < 20 ? 10 : i < 40 ? 60 : 10;
    }
    DemandTrace t = DemandTrace.of(T0, Duration.ofMinutes(1), d);
    ReplayResult r = TraceReplay.builder(t).capacityPerInstance(10).bootDelay(Duration.ofMinutes(1))
        .metricLag(Duration.ZERO).policy(() -> KubernetesHpa.builder().targetUtilization(0.5).build()).build().run();
    assertThat(r.desired()[10]).isEqualTo(2);   // 10 requests at 5 per instance
    assertThat(r.desired()[30]).isEqualTo(12);  // 60 requests at 5 per instance
    assertThat(r.desired()[59]).isEqualTo(2);   // back down after the 5-minute window
    assertThat(r.scalingActions()).isGreaterThanOrEqualTo(2);
    assertThat(ReplayChart.svg(r, 0, 60, "step")).startsWith("<svg").contains("polyline").endsWith("</svg>\n");
  }

  @Test
  @DisplayName("a tick that does not divide the step or the policy's interval is refused")
  void badTick() {
    assertThatThrownBy(() -> TraceReplay.builder(tiny).capacityPerInstance(10).tick(Duration.ofSeconds(7))
        .policy(() -> SizingPolicy.fixed(1)).build().run())
        .isInstanceOf(ImmutException.class).hasMessageContaining("does not divide");
    assertThatThrownBy(() -> TraceReplay.builder(tiny).policy(() -> SizingPolicy.fixed(1)).build())
        .isInstanceOf(ImmutException.class).hasMessageContaining("capacityPerInstance");
  }
}
