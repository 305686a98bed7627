package io.immut.testkit;

import io.immut.api.FleetSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Virtual time in tests: a rollout bounded by a deadline of virtual time, and a clock driven
 * forward step by step until something is true or a deadline passes. Deterministic: the clock
 * moves only on the calling thread.
 */
public final class VirtualTime {

  private VirtualTime() {}

  /**
   * Applies a spec on an {@code Immut} that runs on a virtual clock, and aborts the rollout if it is
   * not over within a deadline of virtual time. The engine moves the clock itself as it waits, on
   * the calling thread, so this returns as soon as the rollout is over.
   *
   * <pre>{@code
   * RolloutResult result = VirtualTime.applyWithin(immut, spec, Duration.ofMinutes(30));
   * }</pre>
   *
   * @param immut the engine; its clock must be a {@link VirtualClock}
   * @param spec the desired state
   * @param deadline the most virtual time the rollout may take
   * @return how the rollout ended, within the deadline
   * @throws RolloutDeadlineExceeded when the deadline passed: the rollout was aborted (rolled back),
   *     and the exception holds its result
   * @throws IllegalArgumentException when the engine does not run on a virtual clock
   */
  public static RolloutResult applyWithin(Immut immut, FleetSpec spec, Duration deadline) {
    return applyWithin(immut, spec, deadline, RolloutListener.NONE);
  }

  /**
   * As {@link #applyWithin(Immut, FleetSpec, Duration)}, with a listener for the rollout's events.
   *
   * @param immut the engine; its clock must be a {@link VirtualClock}
   * @param spec the desired state
   * @param deadline the most virtual time the rollout may take
   * @param listener receives the rollout's events
   * @return how the rollout ended, within the deadline
   * @throws RolloutDeadlineExceeded when the deadline passed
   * @throws IllegalArgumentException when the engine does not run on a virtual clock
   */
  public static RolloutResult applyWithin(Immut immut, FleetSpec spec, Duration deadline, RolloutListener listener) {
    Objects.requireNonNull(immut, "immut");
    Objects.requireNonNull(spec, "spec");
    if (!(immut.clock() instanceof VirtualClock clock)) {
      throw new IllegalArgumentException("applyWithin needs an Immut on a VirtualClock, but this one runs on "
          + immut.clock() + "; build it with Immut.builder().clock(virtualClock), or inject it with @ImmutTest");
    }
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("a deadline must not be negative, got " + deadline);
    }
    AtomicBoolean passed = new AtomicBoolean();
    VirtualClock.Scheduled abort = clock.schedule(deadline, () -> {
      passed.set(true);
      immut.abort(spec.name());
    });
    RolloutResult result;
    try {
      result = immut.apply(spec, listener);
    } finally {
      abort.cancel();
    }
    if (passed.get()) {
      throw new RolloutDeadlineExceeded(spec.name(), deadline, result);
    }
    return result;
  }

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
