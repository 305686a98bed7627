package io.immut.spi;

import java.time.Duration;
import java.time.Instant;

/** Real time, for {@link DriverClock#system()}. */
enum SystemDriverClock implements DriverClock {
  INSTANCE;

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
    }
  }
}
