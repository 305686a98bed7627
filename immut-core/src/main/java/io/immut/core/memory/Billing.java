package io.immut.core.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** What the cloud's instances cost, by its price list. Called under the account's lock. */
final class Billing {
  private Billing() {}

  /** The hourly cost of the live (provisioning or running) instances. */
  static BigDecimal hourlyCost(Collection<MemoryInstance> instances, Map<String, BigDecimal> prices, Instant now) {
    BigDecimal sum = BigDecimal.ZERO;
    for (MemoryInstance m : instances) {
      if (m.isActive() && m.state(now).isLive()) {
        BigDecimal price = prices.get(m.instanceType);
        if (price != null) {
          sum = sum.add(price);
        }
      }
    }
    return sum;
  }

  /**
   * What every instance has cost, billed by the millisecond from launch until termination began,
   * it was stopped, or its creation failed.
   */
  static BigDecimal spend(Collection<MemoryInstance> instances, Map<String, BigDecimal> prices, Instant now) {
    BigDecimal sum = BigDecimal.ZERO;
    for (MemoryInstance m : instances) {
      BigDecimal price = prices.get(m.instanceType);
      if (price == null) {
        continue;
      }
      Instant end = now;
      for (Instant stop : new Instant[] {m.terminatingAt, m.stoppingAt, m.failAt}) {
        if (stop != null && stop.isBefore(end)) {
          end = stop;
        }
      }
      long millis = Math.max(0, Duration.between(m.launchedAt, end).toMillis());
      sum = sum.add(price.multiply(BigDecimal.valueOf(millis)));
    }
    return sum.divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_UP);
  }
}
