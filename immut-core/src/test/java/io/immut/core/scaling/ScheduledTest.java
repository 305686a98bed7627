package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Window;
import io.immut.core.cost.Budget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scheduled windows")
class ScheduledTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  final InMemoryMetrics metrics = new InMemoryMetrics();

  ScalingDecision at(Autoscaler a, String instant, int current) {
    return a.decide(Instant.parse(instant), FleetObservation.of(current), metrics, ScalingState.initial()).decision();
  }

  @Test
  @DisplayName("a weekday window opens at 09:00 Paris time on both sides of the March DST change")
  void dst() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 20, new ScalingPolicy.Scheduled(PARIS,
        List.of(Window.of("0 9 * * MON-FRI", Duration.ofHours(8), 5, null, null)))), Budget.unlimited());
    // Friday 27 March 2026, CET (UTC+1): 09:00 local = 08:00Z
    assertThat(at(a, "2026-03-27T07:59:00Z", 1).desired()).isEqualTo(1);
    assertThat(at(a, "2026-03-27T08:00:00Z", 1).desired()).isEqualTo(5);
    assertThat(at(a, "2026-03-27T15:59:00Z", 1).desired()).isEqualTo(5);
    assertThat(at(a, "2026-03-27T16:00:00Z", 5).desired()).as("closed after 8h; nothing else answers, so it holds").isEqualTo(5);
    assertThat(at(a, "2026-03-27T16:00:00Z", 1).desired()).isEqualTo(1);
    // Saturday and Sunday: closed
    assertThat(at(a, "2026-03-28T08:30:00Z", 1).desired()).isEqualTo(1);
    // Monday 30 March 2026, CEST (UTC+2) since Sunday: 09:00 local = 07:00Z
    assertThat(at(a, "2026-03-30T06:59:00Z", 1).desired()).isEqualTo(1);
    ScalingDecision open = at(a, "2026-03-30T07:00:00Z", 1);
    assertThat(open.desired()).isEqualTo(5);
    assertThat(open.min()).isEqualTo(5);
    assertThat(open.reason()).contains("raised to min 5").contains("0 9 * * MON-FRI").contains("Europe/Paris");
    assertThat(at(a, "2026-03-30T14:59:00Z", 1).desired()).isEqualTo(5);
    assertThat(at(a, "2026-03-30T15:00:00Z", 1).desired()).isEqualTo(1);
  }

  @Test
  @DisplayName("a window whose start falls in the spring-forward gap opens an hour later, and one over midnight stays open")
  void gapAndMidnight() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 20, new ScalingPolicy.Scheduled(PARIS, List.of(
        Window.of("30 2 * * *", Duration.ofHours(1), null, null, 3),
        Window.of("0 22 * * *", Duration.ofHours(4), null, 2, null)))), Budget.unlimited());
    // 29 March 2026 02:30 does not exist in Paris: it becomes 03:30 CEST = 01:30Z
    assertThat(at(a, "2026-03-29T00:45:00Z", 1).desired()).isEqualTo(1);
    assertThat(at(a, "2026-03-29T01:30:00Z", 1).desired()).isEqualTo(3);
    // a normal day: 02:30 CET = 01:30Z
    assertThat(at(a, "2026-03-26T01:30:00Z", 1).desired()).isEqualTo(3);
    // 22:00 to 02:00 local: max 2, even the next morning before 02:00
    ScalingDecision night = at(a, "2026-03-26T00:30:00Z", 6);
    assertThat(night.max()).isEqualTo(2);
    assertThat(night.desired()).isEqualTo(2);
    assertThat(night.reason()).contains("clamped to max 2");
  }

  @Test
  @DisplayName("an open window's desired is a floor under the reactive policies")
  void desiredIsAFloor() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 20,
        ScalingPolicy.targetTracking("cpu", 50).withScaleInStabilization(Duration.ZERO),
        new ScalingPolicy.Scheduled(ZoneId.of("UTC"), List.of(Window.of("0 8 * * *", Duration.ofHours(10), null, null, 6)))),
        Budget.unlimited());
    metrics.record("cpu", Instant.parse("2026-03-02T08:59:00Z"), 10);
    assertThat(at(a, "2026-03-02T09:00:00Z", 8).desired()).isEqualTo(6);   // tracking says 2, window floor 6
    metrics.record("cpu", Instant.parse("2026-03-02T09:30:00Z"), 100);
    assertThat(at(a, "2026-03-02T09:30:00Z", 8).desired()).isEqualTo(16);  // tracking above the floor wins
    metrics.record("cpu", Instant.parse("2026-03-02T19:59:00Z"), 100);
    assertThat(at(a, "2026-03-02T20:00:00Z", 8).desired()).isEqualTo(16);
  }
}
