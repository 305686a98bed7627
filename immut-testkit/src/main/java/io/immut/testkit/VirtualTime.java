package io.immut.testkit;

import io.immut.core.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Drives a {@link VirtualClock} in tests: forward, step by step, until something is true or a
 * deadline of virtual time passes. Deterministic: the clock moves only on the calling thread.
 */
public final class VirtualTime {

  private VirtualTime() {}

  /**
   * Advances the clock in steps until a condition holds, checking it before each step.
   *
   * <pre>{@code
   * VirtualTime.advanceUntil(clock, () -> immut.status("web").healthyCount() == 6,
   *     Duration.ofSeconds(5), Duration.ofMinutes(10));
   * }</pre>
   *
   * @param clock the clock
   * @param condition what to wait for
   * @param step how far to move the clock between checks
   * @param deadline the most virtual time to spend
   * @return how much virtual time passed until the condition held
   * @throws AssertionError when the condition does not hold by the deadline (the clock is then at
   *     the deadline)
   */
  public static Duration advanceUntil(VirtualClock clock, BooleanSupplier condition, Duration step, Duration deadline) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(condition, "condition");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("a step moves the clock forward: it must be positive, got " + step);
    }
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("a deadline must not be negative, got " + deadline);
    }
    Instant start = clock.now();
    Instant end = start.plus(deadline);
    while (true) {
      if (condition.getAsBoolean()) {
        return Duration.between(start, clock.now());
      }
      Instant now = clock.now();
      if (!now.isBefore(end)) {
        throw new AssertionError("the condition did not hold within " + io.immut.api.Durations.format(deadline)
            + " of virtual time (from " + start + " to " + now + ")");
      }
      Duration left = Duration.between(now, end);
      clock.advance(left.compareTo(step) < 0 ? left : step);
    }
  }
}
