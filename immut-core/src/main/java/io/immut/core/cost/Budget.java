package io.immut.core.cost;

import io.immut.api.CostPolicy;
import io.immut.api.ImmutException;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fleet's hourly budget turned into instance counts at the catalog's price: how many instances
 * the {@link CostPolicy#maxHourlySpend()} allows, and how many more may be launched beside what
 * runs now (the surge a rollout may take).
 */
public final class Budget {
  private static final Budget UNLIMITED = new Budget(null, null, null, "", 0);

  private final BigDecimal maxHourlySpend;
  private final BigDecimal unitPrice;
  private final String instanceType;
  private final String currency;
  private final int reserve;

  private Budget(BigDecimal maxHourlySpend, BigDecimal unitPrice, String instanceType, String currency, int reserve) {
    this.maxHourlySpend = maxHourlySpend;
    this.unitPrice = unitPrice;
    this.instanceType = instanceType;
    this.currency = currency;
    this.reserve = reserve;
  }

  /**
   * This budget with instances kept in reserve: {@link #maxInstances()} leaves them out, so that
   * a fleet sized to the budget can still take a rollout's surge.
   *
   * @param instances how many instances to keep in reserve, zero or more
   * @return the budget
   */
  public Budget withReserve(int instances) {
    if (instances < 0) {
      throw new IllegalArgumentException("a reserve cannot be negative: " + instances);
    }
    return isLimited() ? new Budget(maxHourlySpend, unitPrice, instanceType, currency, instances) : this;
  }

  /**
   * No budget: every count is allowed.
   *
   * @return the unlimited budget
   */
  public static Budget unlimited() {
    return UNLIMITED;
  }

  /**
   * The budget of a cost policy for instances of one type.
   *
   * @param policy the fleet's cost policy
   * @param catalog the prices; may be null when the policy has no budget
   * @param instanceType the type the fleet launches
   * @return the budget; unlimited when the policy has none
   * @throws ImmutException when the policy has a budget but the catalog has no price for the type:
   *     a budget that cannot be enforced is refused, never guessed
   */
  public static Budget of(CostPolicy policy, PriceCatalog catalog, String instanceType) {
    Objects.requireNonNull(policy, "policy");
    if (policy.budget().isEmpty()) {
      return UNLIMITED;
    }
    Optional<BigDecimal> price = catalog == null ? Optional.empty() : catalog.hourlyPrice(instanceType);
    if (price.isEmpty()) {
      throw new ImmutException("The fleet has a budget of " + policy.maxHourlySpend().toPlainString() + " per hour, but "
          + (catalog == null ? "there is no price catalog" : "the price catalog has no price for instance type '" + instanceType + "'")
          + ", so the budget cannot be enforced. Add the price (PriceTable.of(Map.of(\"" + instanceType
          + "\", new BigDecimal(\"0.0416\"))) or a JSON price table), or remove maxHourlySpend.");
    }
    if (price.get().signum() <= 0) {
      return new Budget(policy.maxHourlySpend(), null, instanceType, catalog.currency(), 0);
    }
    return new Budget(policy.maxHourlySpend(), price.get(), instanceType, catalog.currency(), 0);
  }

  /**
   * Whether a budget is set.
   *
   * @return false for the unlimited budget
   */
  public boolean isLimited() {
    return maxHourlySpend != null && unitPrice != null;
  }

  /**
   * The hourly budget.
   *
   * @return the budget, or empty when unlimited
   */
  public Optional<BigDecimal> maxHourlySpend() {
    return Optional.ofNullable(maxHourlySpend);
  }

  /**
   * The most instances of the fleet's type the budget pays for: {@code floor(budget / price)},
   * less the reserve.
   *
   * @return the count, or empty when unlimited (or the type is free)
   */
  public OptionalInt maxInstances() {
    if (!isLimited()) {
      return OptionalInt.empty();
    }
    int all = maxHourlySpend.divide(unitPrice, 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    return OptionalInt.of(Math.max(0, all - reserve));
  }

  /**
   * Clamps a count to the budget.
   *
   * @param count the wanted count
   * @return {@code min(count, maxInstances)}
   */
  public int clamp(int count) {
    OptionalInt max = maxInstances();
    return max.isPresent() ? Math.min(count, max.getAsInt()) : count;
  }

  /**
   * How many instances of the fleet's type may be launched beside instances that cost
   * {@code currentHourlySpend} now, without going over the budget: the surge a rollout may take.
   *
   * @param currentHourlySpend what the fleet's live instances cost per hour now (any types)
   * @return the count, zero when the budget is already used up; {@link Integer#MAX_VALUE} when unlimited
   */
  public int additionalInstances(BigDecimal currentHourlySpend) {
    if (!isLimited()) {
      return Integer.MAX_VALUE;
    }
    BigDecimal left = maxHourlySpend.subtract(currentHourlySpend);
    if (left.signum() <= 0) {
      return 0;
    }
    return left.divide(unitPrice, 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
  }

  /**
   * Whether an hourly spend is within the budget.
   *
   * @param hourlySpend the spend
   * @return true when unlimited or at most the budget
   */
  public boolean allows(BigDecimal hourlySpend) {
    return maxHourlySpend == null || hourlySpend.compareTo(maxHourlySpend) <= 0;
  }

  /**
   * The hourly price of one instance of the fleet's type.
   *
   * @return the price, or empty when unlimited
   */
  public Optional<BigDecimal> unitPrice() {
    return Optional.ofNullable(unitPrice);
  }

  /** Returns {@code 12.50 USD/h = 6 x t3.large at 2.0 USD/h} or {@code unlimited}. */
  @Override
  public String toString() {
    if (!isLimited()) {
      return maxHourlySpend == null ? "unlimited" : maxHourlySpend.toPlainString() + " " + currency + "/h (free instance type)";
    }
    return maxHourlySpend.toPlainString() + " " + currency + "/h = " + (maxInstances().getAsInt() + reserve) + " x " + instanceType
        + " at " + unitPrice.toPlainString() + " " + currency + "/h" + (reserve > 0 ? ", " + reserve + " kept for a rollout's surge" : "");
  }
}
