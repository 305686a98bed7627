package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Predictive scaling")
class PredictiveTest {
  // Monday
  static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  final InMemoryMetrics metrics = new InMemoryMetrics();

  /** 1000 rps from 09:00 to 17:00 UTC on weekdays, 100 otherwise; 200 all day on weekends. */
  static double demand(Instant t) {
    var z = t.atZone(ZoneOffset.UTC);
    boolean weekend = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
    if (weekend) {
      return 200;
    }
    return z.getHour() >= 9 && z.getHour() < 17 ? 1000 : 100;
  }

  void fill(Instant from, Instant to) {
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      metrics.record("rps", t, demand(t));
    }
  }

  final Autoscaler predictive = new Autoscaler(Capacity.autoscaled(1, 50,
      ScalingPolicy.predictive("rps", 100, Duration.ofMinutes(5))), Budget.unlimited());

  ScalingDecision at(Instant t, int current) {
    return predictive.decide(t, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
  }

  @Test
  @DisplayName("abstains while it has less than a day of history")
  void learning() {
    fill(START, START.plusSeconds(12 * 3600));
    ScalingDecision d = at(START.plusSeconds(12 * 3600), 2);
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.recommendations().get(0).reason()).contains("learning");
  }

  @Test
  @DisplayName("scales out ahead of the daily peak by the lead time, from the daily profile")
  void daily() {
    fill(START, START.plus(Duration.ofDays(2)));
    Instant wednesday = START.plus(Duration.ofDays(2));
    // 08:50: the next 5 minutes are still quiet
    assertThat(at(wednesday.plusSeconds(8 * 3600 + 50 * 60), 1).desired()).isEqualTo(1);
    // 08:56: 09:00 is within the lead time: ready for 1000 rps = 10 instances
    ScalingDecision ahead = at(wednesday.plusSeconds(8 * 3600 + 56 * 60), 1);
    assertThat(ahead.desired()).isEqualTo(10);
    assertThat(ahead.reason()).contains("predictive[0]").contains("daily profile").contains("ceil(1000 / 100) = 10");
  }

  @Test
  @DisplayName("never scales in on its own")
  void neverScalesIn() {
    fill(START, START.plus(Duration.ofDays(2)));
    Instant evening = START.plus(Duration.ofDays(2)).plusSeconds(20 * 3600);
    ScalingDecision d = at(evening, 10);
    assertThat(d.recommendations().get(0).size()).isEqualTo(1);
    assertThat(d.desired()).isEqualTo(10);
  }

  @Test
  @DisplayName("is a floor under a reactive policy, which scales in down to the forecast")
  void floorUnderReactive() {
    fill(START, START.plus(Duration.ofDays(2)).plusSeconds(8 * 3600 + 57 * 60));
    Autoscaler both = new Autoscaler(Capacity.autoscaled(1, 50,
        ScalingPolicy.targetTracking("rps", 100).withAggregation(ScalingPolicy.Aggregation.TOTAL).withScaleInStabilization(Duration.ZERO),
        ScalingPolicy.predictive("rps", 100, Duration.ofMinutes(5))), Budget.unlimited());
    Instant t = START.plus(Duration.ofDays(2)).plusSeconds(8 * 3600 + 56 * 60);
    ScalingDecision d = both.decide(t, FleetObservation.of(1), metrics, ScalingState.initial()).decision();
    assertThat(d.desired()).as("tracking says 1 (100 rps), the forecast 10").isEqualTo(10);
    Instant evening = START.plus(Duration.ofDays(1)).plusSeconds(20 * 3600);
    ScalingDecision in = both.decide(evening, FleetObservation.of(10), metrics, ScalingState.initial()).decision();
    assertThat(in.desired()).isEqualTo(1);
  }

  @Test
  @DisplayName("uses the weekly profile after a week: a Saturday is not a weekday")
  void weekly() {
    fill(START, START.plus(Duration.ofDays(12)));
    Instant saturday = START.plus(Duration.ofDays(12)).plusSeconds(10 * 3600); // Saturday 14 March, 10:00
    DemandProfile profile = DemandProfile.learn(metrics.range("rps", saturday.minus(Duration.ofDays(14)), saturday, null),
        Duration.ofMinutes(10), saturday);
    assertThat(profile.isWeekly()).isTrue();
    assertThat(profile.forecast(saturday)).hasValue(200.0);
    assertThat(profile.forecast(saturday.plus(Duration.ofDays(2)))).hasValue(1000.0); // Monday 10:00
    ScalingDecision d = at(saturday, 1);
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.reason()).contains("weekly profile");
  }

  @Test
  @DisplayName("a profile bucket keeps the peak of its samples and averages the peaks over days")
  void profileArithmetic() {
    Instant day1 = START;
    metrics.record("x", day1.plusSeconds(600), 10).record("x", day1.plusSeconds(660), 30).record("x", day1.plusSeconds(720), 20);
    metrics.record("x", day1.plus(Duration.ofDays(1)).plusSeconds(600), 50);
    metrics.record("x", day1.plus(Duration.ofDays(1)).plusSeconds(1200), 1);
    Instant now = day1.plus(Duration.ofDays(1)).plusSeconds(1200);
    DemandProfile p = DemandProfile.learn(metrics.range("x", START, now, null), Duration.ofMinutes(10), now);
    // bucket 00:10-00:20: peaks 30 (day 1) and 50 (day 2): mean 40
    assertThat(p.forecast(now.plus(Duration.ofDays(1)).minusSeconds(600))).hasValue(40.0);
    assertThat(p.forecast(now.plus(Duration.ofDays(1)).plusSeconds(3600))).isEmpty();
  }

  @Test
  @DisplayName("a profile updated hour by hour forecasts as one learned at once, and forgets what left the lookback")
  void incrementalEqualsFull() {
    java.util.Random random = new java.util.Random(3);
    for (Instant t = START; t.isBefore(START.plus(Duration.ofDays(9))); t = t.plusSeconds(60)) {
      metrics.record("noisy", t, demand(t) * (0.8 + 0.4 * random.nextDouble()));
    }
    Duration lookback = Duration.ofDays(5);
    Duration res = Duration.ofMinutes(10);
    Instant t = START.plus(Duration.ofDays(1));
    DemandProfile rolling = DemandProfile.learn(metrics.range("noisy", t.minus(lookback), t, res), res, t);
    for (Instant prev = t; t.isBefore(START.plus(Duration.ofDays(9))); prev = t) {
      t = t.plusSeconds(3600);
      Instant from = prev.minusSeconds(3600);
      rolling = rolling.update(metrics.range("noisy", from, t, res), from, t, lookback);
    }
    DemandProfile full = DemandProfile.learn(metrics.range("noisy", t.minus(lookback), t, res), res, t);
    for (Instant at = t; at.isBefore(t.plus(Duration.ofDays(7))); at = at.plusSeconds(600)) {
      assertThat(rolling.forecast(at)).as("forecast at %s", at).isEqualTo(full.forecast(at));
    }
    assertThat(rolling.isWeekly()).isFalse(); // 5 days of lookback never make a week
  }

  @Test
  @DisplayName("checks itself: after one day it says a backtest needs a second, then names its error over the last day")
  void backtestNamed() {
    fill(START, START.plus(Duration.ofHours(24)));
    assertThat(at(START.plus(Duration.ofHours(24)), 1).recommendations().get(0).reason())
        .isEqualTo("checking: a backtest of the forecast needs a second day of history; abstains");
    fill(START.plus(Duration.ofHours(30)), START.plus(Duration.ofDays(3)));
    ScalingDecision ahead = at(START.plus(Duration.ofDays(3)).plusSeconds(8 * 3600 + 56 * 60), 1);
    assertThat(ahead.desired()).isEqualTo(10);
    assertThat(ahead.reason()).contains("off by 0% over the last day");
  }

  @Test
  @DisplayName("abstains on traffic with no daily or weekly pattern, and says so")
  void noPattern() {
    java.util.Random r = new java.util.Random(5);
    for (Instant t = START; t.isBefore(START.plus(Duration.ofDays(4))); t = t.plusSeconds(60)) {
      metrics.record("rps", t, 500 + 300 * r.nextDouble());
    }
    ScalingDecision d = at(START.plus(Duration.ofDays(4)), 3);
    assertThat(d.desired()).isEqualTo(3);
    assertThat(d.recommendations().get(0).size()).isNull();
    assertThat(d.recommendations().get(0).reason()).startsWith("no daily or weekly pattern: its forecast of the last day was off by")
        .contains("a flat level by").endsWith("abstains");
  }

  @Test
  @DisplayName("stops raising the floor when its forecast of the last day was far off (the pattern moved)")
  void patternMoved() {
    fill(START, START.plus(Duration.ofDays(2)));
    // Wednesday the busy hours move to 17:00-01:00
    for (Instant t = START.plus(Duration.ofDays(2)); t.isBefore(START.plus(Duration.ofDays(3))); t = t.plusSeconds(60)) {
      int h = t.atZone(ZoneOffset.UTC).getHour();
      metrics.record("rps", t, h >= 17 ? 1000 : 100);
    }
    ScalingDecision d = at(START.plus(Duration.ofDays(3)).plusSeconds(8 * 3600 + 56 * 60), 1);
    assertThat(d.desired()).isEqualTo(1);
    assertThat(d.recommendations().get(0).reason()).contains("its forecast of the last day was off by").contains("more than 25%");
  }
}
