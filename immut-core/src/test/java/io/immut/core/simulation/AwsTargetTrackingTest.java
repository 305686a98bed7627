package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AwsTargetTrackingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final double CAPACITY = 10;

  private final List<Datapoint> points = new ArrayList<>();

  /** Publishes the next minute's datapoint: {@code demand} over {@code ready} instances. */
  private void publish(double demand, double ready) {
    points.add(new Datapoint(T0.plus(Duration.ofMinutes(points.size())), Duration.ofMinutes(1), demand, ready));
  }

  private Observation now(int desired, int live, int ready) {
    return new Observation(T0.plus(Duration.ofMinutes(points.size())), desired, live, ready, points, CAPACITY, List.of());
  }

  private static AwsTargetTracking policy() {
    return AwsTargetTracking.builder().targetUtilization(0.5).capacity(1, 50).build();
  }

  @Test
  @DisplayName("scale-out needs 3 consecutive high datapoints, then goes to the proportional capacity")
  void threeHigh() {
    AwsTargetTracking p = policy();
    publish(30, 4); // 7.5 per instance = 0.75 > 0.5
    assertThat(p.decide(now(4, 4, 4)).desired()).isEqualTo(4);
    publish(30, 4);
    assertThat(p.decide(now(4, 4, 4)).desired()).isEqualTo(4);
    publish(32, 4);
    Sizing s = p.decide(now(4, 4, 4));
    assertThat(s.desired()).isEqualTo(7); // ceil(32 / (0.5 x 10)) = 7
    assertThat(s.reason()).contains("high alarm");
  }

  @Test
  @DisplayName("a datapoint at or below the target breaks the high series")
  void brokenHighSeries() {
    AwsTargetTracking p = policy();
    publish(30, 4);
    p.decide(now(4, 4, 4));
    publish(20, 4); // exactly 0.5: not above
    p.decide(now(4, 4, 4));
    publish(30, 4);
    p.decide(now(4, 4, 4));
    publish(30, 4);
    assertThat(p.decide(now(4, 4, 4)).desired()).isEqualTo(4);
    publish(30, 4);
    assertThat(p.decide(now(4, 4, 4)).desired()).isEqualTo(6);
  }

  @Test
  @DisplayName("warming instances count toward capacity: a repeated firing does not add twice")
  void warmingCounts() {
    AwsTargetTracking p = policy();
    for (int i = 0; i < 3; i++) {
      publish(32, 4);
      p.decide(now(4, 4, 4));
    }
    publish(32, 4); // the alarm is still high, 3 instances warm up
    assertThat(p.decide(now(7, 7, 4)).desired()).isEqualTo(7);
  }

  @Test
  @DisplayName("scale-in needs 15 consecutive datapoints below 90% of the target, and goes to what the highest needs")
  void fifteenLow() {
    AwsTargetTracking p = policy();
    for (int i = 0; i < 14; i++) {
      publish(i == 3 ? 14 : 8, 10); // 0.08 and 0.14 of capacity, below 0.45
      assertThat(p.decide(now(10, 10, 10)).desired()).as("after %d low datapoints", i + 1).isEqualTo(10);
    }
    publish(8, 10);
    Sizing s = p.decide(now(10, 10, 10));
    assertThat(s.desired()).isEqualTo(3); // the highest, 14 requests, needs ceil(14 / 5) = 3
    assertThat(s.reason()).contains("low alarm");
  }

  @Test
  @DisplayName("no scale-in while an instance is warming up")
  void noScaleInWhileWarming() {
    AwsTargetTracking p = policy();
    for (int i = 0; i < 15; i++) {
      publish(8, 10);
    }
    assertThat(p.decide(now(11, 11, 10)).desired()).isEqualTo(11);
  }

  @Test
  @DisplayName("a datapoint between 90% and 100% of the target keeps both alarms quiet")
  void deadBand() {
    AwsTargetTracking p = policy();
    for (int i = 0; i < 20; i++) {
      publish(47, 10); // 0.47: neither > 0.5 nor < 0.45
      assertThat(p.decide(now(10, 10, 10)).desired()).isEqualTo(10);
    }
  }

  @Test
  @DisplayName("each datapoint is evaluated once, however often the policy is asked")
  void oncePerDatapoint() {
    AwsTargetTracking p = policy();
    for (int i = 0; i < 3; i++) {
      publish(32, 4);
    }
    assertThat(p.decide(now(4, 4, 4)).desired()).isEqualTo(7);
    assertThat(p.decide(now(4, 4, 4)).reason()).isEqualTo("no new datapoint");
  }
}
