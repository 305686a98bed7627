package io.immut.core.rollout.execution;

import io.immut.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A per-driver call rate that adapts like TCP's congestion control (additive increase,
 * multiplicative decrease): each throttled call halves the rate, each successful one adds a
 * little back, up to the ceiling. Callers wait on the engine's clock for their turn, so in virtual
 * time waiting costs nothing real.
 *
 * <p>Thread-safe.
 */
public final class AdaptiveRateLimit {
  private final double floor;
  private final double ceiling;
  private final double increase;
  private double rate;
  private Instant next;

  /**
   * Creates a limit.
   *
   * @param initial calls per second at first
   * @param floor the lowest rate throttling can bring it to
   * @param ceiling the highest rate
   * @param increase calls per second added after each success
   */
  public AdaptiveRateLimit(double initial, double floor, double ceiling, double increase) {
    if (!(floor > 0 && floor <= initial && initial <= ceiling && increase >= 0)) {
      throw new IllegalArgumentException("need 0 < floor <= initial <= ceiling and increase >= 0");
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.increase = increase;
    this.rate = initial;
  }

  /**
   * The default: 20 calls per second, down to one every two seconds when throttled, up to 100.
   *
   * @return a new limit
   */
  public static AdaptiveRateLimit standard() {
    return new AdaptiveRateLimit(20, 0.5, 100, 0.5);
  }

  /**
   * Waits for the next call's turn.
   *
   * @param clock the clock to wait on
   * @throws InterruptedException when interrupted
   */
  public void acquire(Clock clock) throws InterruptedException {
    Duration wait;
    synchronized (this) {
      Instant now = clock.now();
      Instant slot = next == null || next.isBefore(now) ? now : next;
      next = slot.plusNanos((long) (1_000_000_000L / rate));
      wait = Duration.between(now, slot);
    }
    if (!wait.isZero() && !wait.isNegative()) {
      clock.sleep(wait);
    }
  }

  /** A call succeeded: the rate grows a little. */
  public synchronized void onSuccess() {
    rate = Math.min(ceiling, rate + increase);
  }

  /** A call was throttled: the rate halves. */
  public synchronized void onThrottled() {
    rate = Math.max(floor, rate / 2);
  }

  /**
   * The current rate.
   *
   * @return calls per second
   */
  public synchronized double rate() {
    return rate;
  }
}
