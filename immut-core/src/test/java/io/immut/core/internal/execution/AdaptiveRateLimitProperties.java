package io.immut.core.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.clock.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The invariants of {@link AdaptiveRateLimit}: it stays within its bounds (and grants no more
 * calls than its maximum allows), it collapses while the cloud throttles every call, and it climbs
 * back to the rate before the throttling within a bounded time once the throttling stops, whatever
 * came before. Seeds are fixed by the build.
 */
class AdaptiveRateLimitProperties {

  /** One step of a history: wait {@code gapMillis}, then a success, a throttle or a reservation. */
  record Step(int gapMillis, int kind) {}

  private static AdaptiveRateLimit limit(double min, double initialShare, double maxFactor) {
    double max = min * maxFactor;
    double initial = Math.min(max, min + (max - min) * initialShare);
    return AdaptiveRateLimit.builder().minRate(min).maxRate(max).initialRate(initial).build();
  }

  private static Instant play(AdaptiveRateLimit limit, Instant t, List<Integer> gaps, List<Integer> kinds) {
    for (int i = 0; i < gaps.size(); i++) {
      t = t.plusMillis(gaps.get(i));
      switch (kinds.get(i % kinds.size())) {
        case 0 -> limit.onSuccess(t);
        case 1 -> limit.onThrottled(t);
        default -> limit.reserve(t);
      }
      assertThat(limit.rate(t)).isBetween(limit.minRate(), limit.maxRate());
    }
    return t;
  }

  @Property(tries = 300)
  void theRateNeverLeavesItsBounds(@ForAll @DoubleRange(min = 0.1, max = 50) double min,
                                   @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
                                   @ForAll @DoubleRange(min = 1, max = 1000) double maxFactor,
                                   @ForAll @Size(max = 300) List<@IntRange(max = 5000) Integer> gaps,
                                   @ForAll @Size(min = 1, max = 20) List<@IntRange(max = 2) Integer> kinds) {
    AdaptiveRateLimit limit = limit(min, initialShare, maxFactor);
    Instant end = play(limit, Instant.EPOCH, gaps, kinds);
    // long after, with nothing in between, still within bounds
    assertThat(limit.rate(end.plus(Duration.ofDays(400)))).isBetween(limit.minRate(), limit.maxRate());
  }

  @Property(tries = 200)
  void noMoreCallsAreGrantedThanTheMaximumRateAndOneBucketAllow(
      @ForAll @DoubleRange(min = 0.5, max = 20) double min, @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
      @ForAll @DoubleRange(min = 1, max = 100) double maxFactor, @ForAll @IntRange(min = 1, max = 3000) int calls,
      @ForAll @Size(max = 50) List<@IntRange(max = 3000) Integer> gaps,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(max = 1) Integer> kinds) throws InterruptedException {
    AdaptiveRateLimit limit = limit(min, initialShare, maxFactor);
    VirtualClock clock = new VirtualClock();
    Instant t = play(limit, clock.now(), gaps, kinds);
    clock.runUntil(t);
    Instant first = null;
    for (int i = 0; i < calls; i++) {
      limit.acquire(clock);
      if (first == null) {
        first = clock.now();
      }
    }
    double seconds = Duration.between(first, clock.now()).toNanos() / 1e9;
    // a full bucket holds at most one second of calls at the maximum (at least one call)
    assertThat((double) calls).isLessThanOrEqualTo(limit.maxRate() * seconds + Math.max(1, limit.maxRate()) + 1);
  }

  @Property(tries = 200)
  void throttlingEveryCallCollapsesTheRate(@ForAll @DoubleRange(min = 0.1, max = 10) double min,
                                           @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
                                           @ForAll @DoubleRange(min = 64, max = 10_000) double maxFactor,
                                           @ForAll @Size(max = 200) List<@IntRange(max = 2000) Integer> gaps,
                                           @ForAll @Size(min = 1, max = 10) List<@IntRange(max = 2) Integer> kinds,
                                           @ForAll @IntRange(min = 1, max = 100) int spacingMillis) {
    AdaptiveRateLimit limit = limit(min, initialShare, maxFactor);
    Instant t = play(limit, Instant.EPOCH, gaps, kinds);
    double before = limit.rate(t);
    Instant end = t.plusSeconds(20);
    while (t.isBefore(end)) {
      double r = limit.rate(t);
      limit.onThrottled(t);
      // a throttle never raises the rate
      assertThat(limit.rate(t)).isLessThanOrEqualTo(r);
      t = t.plusMillis(spacingMillis);
    }
    assertThat(limit.rate(t)).isLessThanOrEqualTo(Math.max(limit.minRate() * 1.0001, before / 32));
  }

  @Property(tries = 300)
  void afterThrottlingStopsTheRateClimbsBackWithinABoundedTime(
      @ForAll @DoubleRange(min = 0.1, max = 50) double min, @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
      @ForAll @DoubleRange(min = 1, max = 1000) double maxFactor,
      @ForAll @Size(max = 100) List<@IntRange(max = 3000) Integer> warmUp,
      @ForAll @Size(min = 1, max = 300) List<@IntRange(max = 500) Integer> throttling,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(max = 2) Integer> kinds,
      @ForAll @DoubleRange(min = 0, max = 1) double throttledShare) {
    AdaptiveRateLimit limit = limit(min, initialShare, maxFactor);
    Instant t = play(limit, Instant.EPOCH, warmUp, List.of(0, 2));
    double before = limit.rate(t);
    // a spell where a share of the calls is throttled
    for (int i = 0; i < throttling.size(); i++) {
      t = t.plusMillis(throttling.get(i));
      if ((i * 0.618034) % 1 < throttledShare || kinds.get(i % kinds.size()) == 1) {
        limit.onThrottled(t);
      } else {
        limit.onSuccess(t);
      }
    }
    // then only successes: by the bound, the rate is back to where it was (or the maximum)
    double t0 = limit.recoveryTime().toNanos() / 1e9;
    Duration bound = Duration.ofNanos((long) (t0 * (1 + Math.cbrt(2 * limit.maxRate() / limit.minRate())) * 1e9));
    Instant back = t.plus(bound);
    limit.onSuccess(back);
    assertThat(limit.rate(back)).isGreaterThanOrEqualTo(Math.min(limit.maxRate(), before) * 0.9999);
    // and it stays there
    assertThat(limit.rate(back.plusSeconds(3600))).isGreaterThanOrEqualTo(Math.min(limit.maxRate(), before) * 0.9999);
  }

  @Property(tries = 100)
  void oneRecoveryTimeAfterASingleCutTheRateIsBackWhereItWasCutFrom(
      @ForAll @DoubleRange(min = 0.1, max = 50) double min, @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
      @ForAll @DoubleRange(min = 1, max = 1000) double maxFactor,
      @ForAll @Size(max = 100) List<@IntRange(max = 3000) Integer> warmUp) {
    AdaptiveRateLimit limit = limit(min, initialShare, maxFactor);
    Instant t = play(limit, Instant.EPOCH, warmUp, List.of(0));
    t = t.plusSeconds(10);
    double before = limit.rate(t);
    limit.onThrottled(t);
    assertThat(limit.rate(t)).isLessThanOrEqualTo(before);
    assertThat(limit.rate(t.plus(limit.recoveryTime()))).isGreaterThanOrEqualTo(before * 0.9999);
  }
}
