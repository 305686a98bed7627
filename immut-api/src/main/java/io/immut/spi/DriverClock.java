package io.immut.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's clock as a driver sees it: real time in production, virtual time in tests and
 * simulations. A driver that waits (for an operation, a consistency window, a retry) waits through
 * this clock, never through {@code Thread.sleep} or {@code Instant.now()}, so that its waits run in
 * the engine's time.
 *
 * @since 0.2
 */
public interface DriverClock {

  /**
   * The current instant.
   *
   * @return now
   */
  Instant now();

  /**
   * Waits for a duration of this clock's time.
   *
   * @param duration how long, zero or more
   * @throws InterruptedException when interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The system's clock.
   *
   * @return real time
   */
  static DriverClock system() {
    return SystemDriverClock.INSTANCE;
  }
}
