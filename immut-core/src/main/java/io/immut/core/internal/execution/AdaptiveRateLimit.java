package io.immut.core.internal.execution;

import io.immut.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A call rate for one kind of driver call (reads, or mutating calls) that adapts to the cloud's
 * throttling the way the AWS SDK's adaptive retry mode does (after TCP CUBIC): a token bucket whose
 * fill rate is cut when calls are throttled and <em>recovers on time</em>, along a cubic curve,
 * not per successful call.
 *
 * <ul>
 *   <li><b>Cut.</b> At most once per {@linkplain Builder#reactionInterval reaction interval}, a
 *       throttled call cuts the rate by half the fraction of calls throttled since the cut before
 *       the last one (all throttled: halved; one in five: less a tenth), as DCTCP sizes its cut by
 *       the fraction of marked packets. Throttles within the interval after a cut answer calls made
 *       at the old rate and only count towards the next cut's fraction. When at least half the calls
 *       were throttled and the rate had not yet climbed back to where the previous cut took it
 *       from, the cut also lowers the target it climbs back to (CUBIC's fast convergence), so that a
 *       cloud that refuses every call brings the rate down to the floor within seconds; a cloud
 *       that refuses a few calls whatever the rate costs a few percent of it.</li>
 *   <li><b>Recovery.</b> After a cut the rate climbs back, concave, to the rate it was cut from
 *       (or the lowered target) in exactly the {@linkplain Builder#recoveryTime recovery time}, then
 *       probes above it, convex, up to the ceiling: {@code rate(t) = target + a × ((t − cut) / T −
 *       1)³}, with {@code a} the size of the cut (above the target at least half the target, so
 *       that a rate cut to the floor climbs back too). The climb depends on the time since the cut only, not on how many
 *       calls succeeded, so a low rate does not recover more slowly than a high one. Before any
 *       throttle the rate probes up from the initial rate the same way.</li>
 *   <li><b>Pacing.</b> A token bucket holding at most one second of calls at the current rate (at
 *       least one call): calls after a quiet spell go at once, a burst is spread at the rate.
 *       Callers reserve their token and wait on the engine's clock, so in virtual time waiting costs
 *       nothing real and the order of grants is the order of calls.</li>
 * </ul>
 *
 * <p>The rate never leaves {@code [minRate, maxRate]}. Thread-safe.
 */
public final class AdaptiveRateLimit {
  private static final double NANOS = 1e9;

  private final double min;
  private final double max;
  private final double recoverySeconds;
  private final Duration reaction;

  private boolean started;
  /** The rate the curve climbs back to: the rate of the last cut, or the initial rate. */
  private double target;
  /** How far above the target the curve is one recovery time after reaching it, at least. */
  private double amplitude;
  /** The instant the curve is at {@code target − amplitude}, floored at {@link #floor}. */
  private Instant origin;
  /** The lowest the curve goes: the rate right after the last cut. */
  private double floor;
  private Instant lastCut;
  /** Outcomes and throttles since the last cut, and between the two cuts before. */
  private long outcomes;
  private long throttles;
  private long previousOutcomes;
  private long previousThrottles;

  private double tokens;
  private Instant refilled;

  private AdaptiveRateLimit(Builder b) {
    this.min = b.min;
    this.max = b.max;
    this.recoverySeconds = b.recovery.toNanos() / NANOS;
    this.reaction = b.reaction;
    this.target = b.initial;
    this.amplitude = b.initial / 2;
    this.floor = b.initial;
  }

  /**
   * Starts a builder with the defaults of {@link #standard()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default for mutating calls: 20 calls per second at first, between one every two seconds
   * and 100, recovering in 2 s, reacting at most once a second.
   *
   * @return a new limit
   */
  public static AdaptiveRateLimit standard() {
    return builder().build();
  }

  /**
   * The default for reads (list, inspect, health): 5,000 calls per second at first and at most,
   * down to one every two seconds, recovering in 2 s, reacting at most once a second. Clouds
   * meter reads apart from writes (EC2's non-mutating actions, Azure Resource Manager's reads,
   * Compute Engine's read requests), and allow many more; the cut finds the cloud's rate when it
   * throttles.
   *
   * @return a new limit
   */
  public static AdaptiveRateLimit reads() {
    return builder().initialRate(5000).maxRate(5000).build();
  }

  private void start(Instant now) {
    if (!started) {
      started = true;
      // Before any throttle the curve sits at its target now and probes upwards from here.
      origin = now.minusNanos((long) (recoverySeconds * NANOS));
      refilled = now;
      tokens = capacity(target);
    }
  }

  private double capacity(double rate) {
    return Math.max(1, rate);
  }

  private double rateAt(Instant now) {
    double x = Duration.between(origin, now).toNanos() / NANOS / recoverySeconds - 1;
    // concave back up to the target by the size of the cut, then convex above it by at least half
    // the target, so that a rate cut to the floor (a cut of nothing) probes upwards too
    double a = x < 0 ? target - floor : Math.max(target - floor, amplitude);
    double r = Math.max(floor, target + a * x * x * x);
    return Math.min(max, Math.max(min, r));
  }

  private void refill(Instant now) {
    if (now.isAfter(refilled)) {
      double rate = rateAt(now);
      tokens = Math.min(capacity(rate), tokens + Duration.between(refilled, now).toNanos() / NANOS * rate);
      refilled = now;
    }
  }

  /**
   * Reserves the next call's token and returns when it may be made.
   *
   * @param now the current instant
   * @return the instant the call may be made, {@code now} or later
   */
  public synchronized Instant reserve(Instant now) {
    start(now);
    refill(now);
    tokens -= 1;
    if (tokens >= 0) {
      return now;
    }
    return now.plusNanos((long) Math.ceil(-tokens / rateAt(now) * NANOS));
  }

  /**
   * Waits for the next call's turn on the clock.
   *
   * @param clock the clock to wait on
   * @throws InterruptedException when interrupted
   */
  public void acquire(Clock clock) throws InterruptedException {
    Instant now = clock.now();
    Instant slot = reserve(now);
    if (slot.isAfter(now)) {
      clock.sleep(Duration.between(now, slot));
    }
  }

  /**
   * A call succeeded.
   *
   * @param now when its answer came
   */
  public synchronized void onSuccess(Instant now) {
    start(now);
    outcomes++;
  }

  /**
   * A call was throttled: the rate is cut, unless it was cut less than a reaction interval ago.
   *
   * @param now when its answer came
   */
  public synchronized void onThrottled(Instant now) {
    start(now);
    outcomes++;
    throttles++;
    if (lastCut != null && Duration.between(lastCut, now).compareTo(reaction) < 0) {
      return;
    }
    refill(now);
    double current = rateAt(now);
    double fraction = (throttles + previousThrottles) / (double) (outcomes + previousOutcomes);
    double cut = Math.max(min, current * (1 - fraction / 2));
    boolean converge = current < target && fraction >= 0.5;
    target = converge ? Math.max(cut, current * (1 - fraction / 4)) : current;
    floor = cut;
    amplitude = target / 2;
    // Place the curve so that it is at the target one recovery time after now: rate(now) <= cut.
    origin = now;
    lastCut = now;
    previousOutcomes = outcomes;
    previousThrottles = throttles;
    outcomes = 0;
    throttles = 0;
    tokens = Math.min(tokens, capacity(cut));
  }

  /**
   * The rate now.
   *
   * @param now the current instant
   * @return calls per second
   */
  public synchronized double rate(Instant now) {
    start(now);
    return rateAt(now);
  }

  /**
   * The highest rate.
   *
   * @return calls per second
   */
  public double maxRate() {
    return max;
  }

  /**
   * The lowest rate.
   *
   * @return calls per second
   */
  public double minRate() {
    return min;
  }

  /**
   * The time the rate takes to climb back to the rate it was cut from.
   *
   * @return the recovery time
   */
  public Duration recoveryTime() {
    return Duration.ofNanos((long) (recoverySeconds * NANOS));
  }

  /**
   * The shortest time between two cuts.
   *
   * @return the reaction interval
   */
  public Duration reactionInterval() {
    return reaction;
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveRateLimit[" + min + ".." + max + " calls/s, target " + target + ", recovery " + recoveryTime() + "]";
  }

  /** A builder of {@link AdaptiveRateLimit}. */
  public static final class Builder {
    private double initial = 20;
    private double min = 0.5;
    private double max = 100;
    private Duration recovery = Duration.ofSeconds(2);
    private Duration reaction = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The rate at first.
     *
     * @param callsPerSecond between the minimum and the maximum; default 20
     * @return this builder
     */
    public Builder initialRate(double callsPerSecond) {
      this.initial = callsPerSecond;
      return this;
    }

    /**
     * The lowest rate throttling can bring it to.
     *
     * @param callsPerSecond positive; default 0.5
     * @return this builder
     */
    public Builder minRate(double callsPerSecond) {
      this.min = callsPerSecond;
      return this;
    }

    /**
     * The highest rate.
     *
     * @param callsPerSecond default 100
     * @return this builder
     */
    public Builder maxRate(double callsPerSecond) {
      this.max = callsPerSecond;
      return this;
    }

    /**
     * The time the rate takes to climb back to the rate it was cut from.
     *
     * @param time positive; default 2 s
     * @return this builder
     */
    public Builder recoveryTime(Duration time) {
      this.recovery = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * The shortest time between two cuts; shorter than the recovery time.
     *
     * @param interval positive; default 1 s
     * @return this builder
     */
    public Builder reactionInterval(Duration interval) {
      this.reaction = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Builds the limit.
     *
     * @return the limit
     * @throws IllegalArgumentException naming every setting that is out of range
     */
    public AdaptiveRateLimit build() {
      StringBuilder problems = new StringBuilder();
      if (!(min > 0) || !Double.isFinite(min)) {
        problems.append("; minRate must be positive and finite, got ").append(min);
      }
      if (!(max >= min) || !Double.isFinite(max)) {
        problems.append("; maxRate must be finite and at least minRate ").append(min).append(", got ").append(max);
      }
      if (!(initial >= min && initial <= max)) {
        problems.append("; initialRate must be between minRate and maxRate, got ").append(initial);
      }
      if (recovery.isNegative() || recovery.isZero()) {
        problems.append("; recoveryTime must be positive, got ").append(recovery);
      }
      if (reaction.isNegative() || reaction.isZero() || reaction.compareTo(recovery) >= 0) {
        problems.append("; reactionInterval must be positive and shorter than recoveryTime ").append(recovery)
            .append(", got ").append(reaction);
      }
      if (problems.length() > 0) {
        throw new IllegalArgumentException("adaptive rate limit: " + problems.substring(2));
      }
      return new AdaptiveRateLimit(this);
    }
  }
}
