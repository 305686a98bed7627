package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesHpaTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final double CAPACITY = 10;

  /** An observation whose newest datapoint gives each of {@code readyInDatapoint} instances {@code perInstance} requests. */
  private static Observation at(Duration after, int desired, int live, int ready, double perInstance) {
    Datapoint dp = new Datapoint(T0.plus(after).minusSeconds(60), Duration.ofMinutes(1), perInstance * ready, ready);
    return new Observation(T0.plus(after), desired, live, ready, List.of(dp), CAPACITY, List.of());
  }

  private static KubernetesHpa hpa() {
    return KubernetesHpa.builder().targetUtilization(0.5).replicas(1, 50).build();
  }

  @Test
  @DisplayName("a ratio within the 0.1 tolerance keeps the current count; just outside it scales")
  void tolerance() {
    // target 0.5 of 10 = 5 requests per instance
    assertThat(hpa().decide(at(Duration.ZERO, 4, 4, 4, 5.4)).desired()).isEqualTo(4);   // ratio 1.08
    assertThat(hpa().decide(at(Duration.ZERO, 4, 4, 4, 4.6)).desired()).isEqualTo(4);   // ratio 0.92
    assertThat(hpa().decide(at(Duration.ZERO, 4, 4, 4, 5.6)).desired()).isEqualTo(5);   // ceil(1.12 x 4) = 5
    assertThat(hpa().decide(at(Duration.ZERO, 10, 10, 10, 7.5)).desired()).isEqualTo(15); // ceil(1.5 x 10)
  }

  @Test
  @DisplayName("pods still booting are ignored: the ratio multiplies the ready pods only")
  void pendingIgnored() {
    // 6 desired, 2 ready, ratio 2.0: ceil(2 x 2) = 4 < 6, and the fresh window holds nothing higher
    Sizing s = hpa().decide(at(Duration.ZERO, 6, 6, 2, 10));
    assertThat(s.desired()).isEqualTo(4);
  }

  @Test
  @DisplayName("pods ready since the metric's period have no metric: 0 on a scale-up, the target on a scale-down")
  void missingMetrics() {
    // 6 ready now, but the newest datapoint was served by 2 at twice the target: with the 4
    // newcomers at 0 the ratio is 4/6 < 1, the direction reverses, so nothing changes
    Datapoint busy = new Datapoint(T0.minusSeconds(60), Duration.ofMinutes(1), 2 * 10.0, 2);
    Sizing up = hpa().decide(new Observation(T0, 6, 6, 6, List.of(busy), CAPACITY, List.of()));
    assertThat(up.desired()).isEqualTo(6);
    assertThat(up.reason()).contains("without a metric");
    // 6 ready, the datapoint was served by 4 at half the target: (0.5 x 4 + 2) / 6 = 0.667, ceil(0.667 x 6) = 4
    Datapoint quiet = new Datapoint(T0.minusSeconds(60), Duration.ofMinutes(1), 4 * 2.5, 4);
    assertThat(hpa().decide(new Observation(T0, 6, 6, 6, List.of(quiet), CAPACITY, List.of())).desired()).isEqualTo(4);
  }

  @Test
  @DisplayName("scale-down waits for the 5-minute stabilization window: the highest recommendation in it wins")
  void downscaleStabilization() {
    KubernetesHpa h = hpa();
    assertThat(h.decide(at(Duration.ZERO, 4, 4, 4, 10)).desired()).isEqualTo(8); // ceil(2 x 4)
    int desired = 8;
    for (int s = 15; s < 300; s += 15) {
      Sizing low = h.decide(at(Duration.ofSeconds(s), desired, 8, 8, 1)); // recommendation ceil(0.2 x 8) = 2
      assertThat(low.desired()).as("at %d s", s).isEqualTo(8);
      desired = low.desired();
    }
    // the recommendation of 8 made at 0 s leaves the window at 300 s
    assertThat(h.decide(at(Duration.ofSeconds(300), 8, 8, 8, 1)).desired()).isEqualTo(2);
  }

  @Test
  @DisplayName("a scale-up is immediate but limited to max(100%, 4 pods) per 15 seconds")
  void scaleUpRateLimit() {
    KubernetesHpa h = hpa();
    // 1 ready pod at 100 requests: ratio 20, wants 20; limit max(2 x 1, 1 + 4) = 5
    assertThat(h.decide(at(Duration.ZERO, 1, 1, 1, 100)).desired()).isEqualTo(5);
    // 10 s later the period still started at 1 replica: no further room
    assertThat(h.decide(at(Duration.ofSeconds(10), 5, 5, 1, 100)).desired()).isEqualTo(5);
    // 15 s after the first event the period starts at 5: limit max(10, 9) = 10
    assertThat(h.decide(at(Duration.ofSeconds(15), 5, 5, 1, 100)).desired()).isEqualTo(10);
  }

  @Test
  @DisplayName("the answer is clamped to the replica bounds")
  void clamp() {
    KubernetesHpa h = KubernetesHpa.builder().targetUtilization(0.5).replicas(3, 6).build();
    assertThat(h.decide(at(Duration.ZERO, 3, 3, 3, 0.1)).desired()).isEqualTo(3);
    assertThat(h.decide(at(Duration.ofMinutes(10), 5, 5, 5, 9)).desired()).isEqualTo(6); // ceil(1.8 x 5) = 9
  }
}
