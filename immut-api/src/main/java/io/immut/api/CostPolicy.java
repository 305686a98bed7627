package io.immut.api;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a fleet may cost.
 *
 * @param maxHourlySpend the most the fleet may cost per hour, overlap during rollouts included,
 *     in the price catalog's currency; null for no budget
 */
public record CostPolicy(BigDecimal maxHourlySpend) {

  /** No budget. */
  public static final CostPolicy NONE = new CostPolicy(null);

  /** Validates the budget. */
  public CostPolicy {
    Problems p = new Problems();
    if (maxHourlySpend != null && maxHourlySpend.signum() <= 0) {
      p.add("maxHourlySpend", maxHourlySpend.toPlainString() + " is not positive", "a positive amount per hour, such as 12.50");
    }
    p.throwIfAny("cost policy");
  }

  /**
   * Returns the hourly budget.
   *
   * @return the budget, or empty for none
   */
  public Optional<BigDecimal> budget() {
    return Optional.ofNullable(maxHourlySpend);
  }
}
