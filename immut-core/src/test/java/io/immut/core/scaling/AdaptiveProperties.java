package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import io.immut.spi.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the adaptive policy's decisions and of the headroom it learns (fixed seeds). */
class AdaptiveProperties {
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  /** A random walk of demand with bursts, one sample a minute. */
  static List<MetricSample> demand(long seed, int minutes, double level) {
    Random r = new Random(seed);
    List<MetricSample> list = new ArrayList<>();
    double x = level;
    for (int m = 0; m < minutes; m++) {
      x = Math.max(1, x * Math.exp(0.05 * r.nextGaussian()));
      double burst = r.nextInt(200) == 0 ? 3 : 1;
      list.add(new MetricSample(T0.plus(Duration.ofMinutes(m)), Math.round(x * burst)));
    }
    return list;
  }

  @Property(tries = 60, seed = "20260302")
  void learnedHeadroomMeetsItsObjectiveOnItsHistory(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                    @ForAll @DoubleRange(min = 5, max = 5000) double level,
                                                    @ForAll @IntRange(min = 0, max = 10) int warmupMinutes) {
    List<MetricSample> h = demand(seed, 2000, level);
    Duration delay = Duration.ofMinutes(warmupMinutes + 1);
    Duration relaunch = Duration.ofMinutes(warmupMinutes + 1);
    double capacity = level / 4;
    DemandGrowth g = DemandGrowth.learn(h, delay, relaunch, Duration.ofMinutes(1), capacity, 0);
    assertThat(g.learning()).isFalse();
    assertThat(g.factor()).isGreaterThanOrEqualTo(1);
    assertThat(g.hold()).isGreaterThanOrEqualTo(relaunch);
    // replaying the learned rule on the same history leaves at most the objective unserved
    double missing = 0;
    double total = 0;
    for (int s = 0; s < h.size(); s++) {
      Instant to = h.get(s).at().minus(delay);
      Instant from = to.minus(g.hold());
      double seen = Double.NaN;
      for (MetricSample m : h) {
        if (!m.at().isBefore(from) && !m.at().isAfter(to)) {
          seen = Double.isNaN(seen) ? m.value() : Math.max(seen, m.value());
        }
      }
      if (!Double.isNaN(seen)) {
        double served = PolicyRules.ceil(g.factor() * seen / capacity) * capacity;
        missing += Math.max(0, h.get(s).value() - served);
        total += h.get(s).value();
      }
    }
    assertThat(missing).isLessThanOrEqualTo(DemandGrowth.UNSERVED * total + 1e-6);
  }

  @Property(tries = 60, seed = "20260302")
  void neverBelowTheDemandSeenAndNeverScalesInOnAStaleSample(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                              @ForAll @IntRange(min = 1, max = 300) int current,
                                                              @ForAll @IntRange(min = 0, max = 20) int ageMinutes) {
    ScalingPolicy.Adaptive p = ScalingPolicy.adaptive("requests", 50, Duration.ofMinutes(3));
    Autoscaler a = new Autoscaler(Capacity.autoscaled(0, 10_000, p), Budget.unlimited());
    InMemoryMetrics metrics = new InMemoryMetrics();
    List<MetricSample> h = demand(seed, 600, 2000);
    h.forEach(s -> metrics.record("requests", s.at(), s.value()));
    MetricSample last = h.get(h.size() - 1);
    Instant now = last.at().plus(Duration.ofMinutes(ageMinutes)).plusSeconds(5);
    ScalingDecision d = a.decide(now, FleetObservation.of(current), metrics, ScalingState.initial()).decision();
    if (ageMinutes >= 5) {
      assertThat(d.desired()).isEqualTo(current);
      assertThat(d.recommendations().get(0).size()).isNull();
    } else {
      assertThat(d.desired()).isGreaterThanOrEqualTo(PolicyRules.ceil(last.value() / 50));
      // a fleet seen for the first time is never scaled in before a hold has passed
      assertThat(d.desired()).isGreaterThanOrEqualTo(current);
    }
    // the same inputs give the same decision
    assertThat(a.decide(now, FleetObservation.of(current), metrics, ScalingState.initial()).decision().toString()).isEqualTo(d.toString());
  }

  @Property(tries = 40, seed = "20260302")
  void aScaleInWindowKeepsTheLargestRecommendationOfEveryWindow(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                                @ForAll @IntRange(min = 1, max = 200) int count,
                                                                @ForAll @IntRange(min = 1, max = 200) int window) {
    Random r = new Random(seed);
    List<ScalingState.TimedSize> all = new ArrayList<>();
    List<ScalingState.TimedSize> kept = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ScalingState.TimedSize t = new ScalingState.TimedSize(T0.plusSeconds(15L * i), r.nextInt(20));
      all.add(t);
      PolicyRules.keep(kept, t);
    }
    Instant now = all.get(count - 1).at();
    Instant horizon = now.minusSeconds(15L * window);
    int expected = all.stream().filter(t -> t.at().isAfter(horizon)).mapToInt(ScalingState.TimedSize::size).max().orElseThrow();
    int actual = kept.stream().filter(t -> t.at().isAfter(horizon)).mapToInt(ScalingState.TimedSize::size).max().orElseThrow();
    assertThat(actual).isEqualTo(expected);
    assertThat(kept.get(kept.size() - 1)).isEqualTo(all.get(count - 1)); // the newest is always kept
    for (int i = 1; i < kept.size(); i++) {
      assertThat(kept.get(i).size()).isLessThan(kept.get(i - 1).size()); // a staircase of falling sizes
    }
  }
}
