package io.immut.core.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(max, base × 2^(n-1))}, so that many callers throttled together spread out.
 *
 * @param base the first delay
 * @param max the largest delay
 * @param maxAttempts how many attempts in all before the error is given up to the caller
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

  /** 200 ms doubling up to 20 s, 8 attempts. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), 8);

  /** Validates the fields. */
  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("backoff needs 0 < base <= max and at least one attempt");
    }
  }

  /**
   * The delay after a failed attempt.
   *
   * @param attempt the attempt that failed, from 1
   * @param random the source of jitter
   * @return the delay
   */
  public Duration delay(int attempt, RandomGenerator random) {
    long cap = max.toMillis();
    long exp = base.toMillis() << Math.min(30, Math.max(0, attempt - 1));
    long full = Math.min(cap, exp < 0 ? cap : exp);
    long half = full / 2;
    return Duration.ofMillis(half + (full - half == 0 ? 0 : random.nextLong(full - half + 1)));
  }
}
