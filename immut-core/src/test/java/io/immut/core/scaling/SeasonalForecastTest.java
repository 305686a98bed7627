package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Forecast;
import io.immut.core.cost.Budget;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The seasonal forecast (a shape times the last day's level) against the mean of past peaks")
class SeasonalForecastTest {
  // Monday
  static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  static final Duration RES = Duration.ofMinutes(10);
  final InMemoryMetrics metrics = new InMemoryMetrics();

  /** 1000 rps from 09:00 to 17:00 UTC on weekdays, 100 otherwise; 200 all day on weekends. */
  static double weekdays(Instant t) {
    var z = t.atZone(ZoneOffset.UTC);
    if (z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return 200;
    }
    return z.getHour() >= 9 && z.getHour() < 17 ? 1000 : 100;
  }

  /** The same day every day: 1000 rps from 09:00 to 17:00 UTC, 100 otherwise. */
  static double everyDay(Instant t) {
    int h = t.atZone(ZoneOffset.UTC).getHour();
    return h >= 9 && h < 17 ? 1000 : 100;
  }

  void fill(Instant from, Instant to, ToDoubleFunction<Instant> demand) {
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      metrics.record("rps", t, demand.applyAsDouble(t));
    }
  }

  DemandProfile profile(Instant now) {
    return DemandProfile.learn(metrics.range("rps", now.minus(Duration.ofDays(14)), now, RES), RES, now);
  }

  ScalingDecision decide(Forecast forecast, Instant at, int current) {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 50,
        ScalingPolicy.predictive("rps", 100, Duration.ofMinutes(5)).withForecast(forecast)), Budget.unlimited());
    return a.decide(at, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
  }

  @Test
  @DisplayName("a weekly pattern whose level doubles: the seasonal forecast follows the new level, the mean of peaks lags and abstains")
  void levelDoubles() {
    Instant doubled = START.plus(Duration.ofDays(14)); // Monday of the third week
    fill(START, doubled, SeasonalForecastTest::weekdays);
    fill(doubled, doubled.plus(Duration.ofDays(2)).plusSeconds(10 * 3600), t -> 2 * weekdays(t));
    Instant wednesday = doubled.plus(Duration.ofDays(2)).plusSeconds(9 * 3600); // 09:00
    DemandProfile p = profile(wednesday);
    Instant at = wednesday.plusSeconds(3600); // 10:00, demand 2000
    assertThat(p.forecast(at, Forecast.MEAN_OF_PEAKS)).as("the mean of last weeks' peaks").hasValue(1000.0);
    assertThat(p.forecast(at, Forecast.SEASONAL).orElseThrow()).isCloseTo(2000, within(1e-6));
    assertThat(p.backtest(Forecast.SEASONAL).error()).isLessThan(0.05);
    assertThat(p.backtest(Forecast.MEAN_OF_PEAKS).error()).isGreaterThan(0.25);

    Instant ahead = wednesday.plusSeconds(56 * 60); // 09:56: 10:00 is within the lead time
    ScalingDecision seasonal = decide(Forecast.SEASONAL, ahead, 1);
    assertThat(seasonal.desired()).isEqualTo(20);
    assertThat(seasonal.reason()).contains("weekly profile, seasonal shape times the last day's level, off by")
        .contains("ceil(2000 / 100) = 20");
    ScalingDecision mean = decide(Forecast.MEAN_OF_PEAKS, ahead, 1);
    assertThat(mean.desired()).isEqualTo(1);
    assertThat(mean.recommendations().get(0).reason()).contains("its forecast of the last day was off by").contains("(mean of past peaks, weighted")
        .contains("more than 25%");
  }

  @Test
  @DisplayName("a single event last week is not replayed this week; the mean of peaks replays half of it")
  void singleEventNotReplayed() {
    Instant now = START.plus(Duration.ofDays(16)).plusSeconds(13 * 3600); // Wednesday of the third week, 13:00
    fill(START, now, SeasonalForecastTest::everyDay);
    Instant event = START.plus(Duration.ofDays(9)).plusSeconds(14 * 3600); // last week's Wednesday, 14:00 to 14:30
    for (Instant t = event; t.isBefore(event.plusSeconds(1800)); t = t.plusSeconds(60)) {
      metrics.record("rps", t, 5000);
    }
    DemandProfile p = profile(now);
    Instant at = now.plusSeconds(3600); // 14:00
    assertThat(p.forecast(at, Forecast.MEAN_OF_PEAKS)).hasValue(3000.0);
    assertThat(p.forecast(at, Forecast.SEASONAL).orElseThrow()).isCloseTo(1000, within(1e-6));

    Instant ahead = at.minusSeconds(4 * 60); // 13:56
    assertThat(decide(Forecast.SEASONAL, ahead, 1).desired()).isEqualTo(10);
    assertThat(decide(Forecast.MEAN_OF_PEAKS, ahead, 1).desired()).isEqualTo(30);
  }

  @Test
  @DisplayName("no pattern: the seasonal forecast abstains as the mean of peaks does, and says which forecast")
  void noPatternAbstains() {
    Random r = new Random(5);
    fill(START, START.plus(Duration.ofDays(5)), t -> 500 + 300 * r.nextDouble());
    for (Forecast f : Forecast.values()) {
      ScalingDecision d = decide(f, START.plus(Duration.ofDays(5)), 3);
      assertThat(d.desired()).as("%s", f).isEqualTo(3);
      assertThat(d.recommendations().get(0).size()).as("%s", f).isNull();
      assertThat(d.recommendations().get(0).reason()).as("%s", f).startsWith("no daily or weekly pattern: its forecast of the last day was off by")
          .contains("a flat level by").contains("(forecast: ").endsWith("abstains");
    }
  }

  @Test
  @DisplayName("the best of both takes the one that forecast the last day better, and names both errors")
  void bestOfBacktest() {
    Instant doubled = START.plus(Duration.ofDays(14));
    fill(START, doubled, SeasonalForecastTest::weekdays);
    fill(doubled, doubled.plus(Duration.ofDays(2)).plusSeconds(10 * 3600), t -> 2 * weekdays(t));
    Instant ahead = doubled.plus(Duration.ofDays(2)).plusSeconds(9 * 3600 + 56 * 60);
    assertThat(profile(ahead).chosen(Forecast.BEST_OF_BACKTEST)).isEqualTo(Forecast.SEASONAL);
    ScalingDecision d = decide(Forecast.BEST_OF_BACKTEST, ahead, 1);
    assertThat(d.desired()).isEqualTo(20);
    assertThat(d.reason()).contains("(weekly profile, seasonal shape times the last day's level, chosen over the mean of peaks (off by 50%),"
        + " off by 0% over the last day): ceil(2000 / 100) = 20 as a floor");
  }

  @Property(tries = 30, seed = "20261203")
  void periodicDemandAtAnyLevelIsForecastExactly(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                @ForAll @DoubleRange(min = 0.5, max = 2000) double level) {
    // any daily shape (one value per bucket), the same every day, at any level: the seasonal
    // forecast of tomorrow is the shape itself, and its backtest error is nil
    Random r = new Random(seed);
    double[] shape = new double[144];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = level * (0.2 + r.nextDouble());
    }
    InMemoryMetrics m = new InMemoryMetrics();
    Instant now = START.plus(Duration.ofDays(4));
    for (Instant t = START; t.isBefore(now); t = t.plusSeconds(60)) {
      m.record("rps", t, shape[(int) (Math.floorMod(t.getEpochSecond(), 86_400L) / 600)]);
    }
    DemandProfile p = DemandProfile.learn(m.range("rps", START, now, RES), RES, now);
    assertThat(p.backtest(Forecast.SEASONAL).error()).isCloseTo(0, within(1e-9));
    for (int i = 0; i < shape.length; i++) {
      assertThat(p.forecast(now.plusSeconds(600L * i), Forecast.SEASONAL).orElseThrow()).isCloseTo(shape[i], within(1e-6 * level));
    }
  }
}
