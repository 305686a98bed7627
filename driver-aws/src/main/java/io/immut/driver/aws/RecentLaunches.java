package io.immut.driver.aws;

import io.immut.spi.DriverClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances this driver launched within the consistency window. EC2 is eventually consistent:
 * for a while after {@code RunInstances} returns, other calls may answer
 * {@code InvalidInstanceID.NotFound} for the new instances. For those, "not found" means "not
 * visible yet", a transient condition, never "gone".
 */
final class RecentLaunches {
  private final DriverClock clock;
  private final Duration window;
  private final Map<String, Instant> launchedAt = new ConcurrentHashMap<>();

  RecentLaunches(DriverClock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  void add(Collection<String> ids) {
    Instant now = clock.now();
    launchedAt.values().removeIf(t -> t.plus(window).isBefore(now));
    for (String id : ids) {
      launchedAt.put(id, now);
    }
  }

  boolean contains(String id) {
    Instant t = launchedAt.get(id);
    return t != null && !t.plus(window).isBefore(clock.now());
  }

  boolean containsAny(Collection<String> ids) {
    return ids.stream().anyMatch(this::contains);
  }
}
