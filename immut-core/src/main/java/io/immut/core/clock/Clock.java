package io.immut.core.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's time. Real time in production ({@link #system()}); virtual time in tests and
 * simulations ({@link VirtualClock}), where a two-hour rollout of a thousand instances runs in
 * milliseconds because sleeping only moves the clock forward.
 *
 * <p>Everything in immut that waits or reads the time goes through one {@code Clock}: the engine,
 * the in-memory cloud, the health gate, the autoscaler.
 */
public interface Clock extends io.immut.spi.DriverClock {

  /**
   * The current instant.
   *
   * @return now
   */
  Instant now();

  /**
   * Waits for a duration. On the system clock the thread sleeps; on a virtual clock time moves
   * forward by {@code duration} and every task due by then runs.
   *
   * @param duration how long; zero or negative returns at once
   * @throws InterruptedException when the thread is interrupted while sleeping
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The engine's clock for a driver's clock: the same object when it is one.
   *
   * @param clock a driver clock
   * @return a clock
   */
  static Clock of(io.immut.spi.DriverClock clock) {
    if (clock instanceof Clock c) {
      return c;
    }
    if (clock == io.immut.spi.DriverClock.system()) {
      return system();
    }
    return new Clock() {
      @Override
      public Instant now() {
        return clock.now();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        clock.sleep(duration);
      }

      @Override
      public String toString() {
        return clock.toString();
      }
    };
  }

  /**
   * The system clock: {@link Instant#now()} and {@link Thread#sleep}.
   *
   * @return the shared system clock
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
