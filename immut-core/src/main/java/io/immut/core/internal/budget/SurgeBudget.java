package io.immut.core.internal.budget;

import io.immut.api.FleetSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.rollout.OverBudgetException;
import io.immut.core.internal.decision.Decider;
import io.immut.core.internal.decision.Limits;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Optional;

/**
 * Sizes a rollout to the fleet's hourly budget ({@code cost.maxHourlySpend}). The spend during a
 * rollout is bounded by the number of instances alive at once times the dearest price among the
 * generations involved, so:
 * <ul>
 *   <li>a rolling rollout's surge is cut to what the budget allows, down to one instance at a
 *       time; when the budget leaves no surge at all, the rollout replaces in place with surge 0
 *       if the spec's {@code maxUnavailable} allows it, and is refused otherwise;</li>
 *   <li>a blue/green rollout (the whole new generation beside the old) and a canary's largest
 *       step are refused when they would spend more than the budget.</li>
 * </ul>
 * Without a budget the spec's limits apply unchanged. A budget that cannot be priced (no catalog,
 * or an instance type the catalog does not know) is refused rather than ignored: a budget immut
 * cannot check is not kept.
 */
public final class SurgeBudget {
  private SurgeBudget() {}

  /**
   * The dearest hourly price among instance types.
   *
   * @param prices the catalog, or empty
   * @param types the instance types involved
   * @return the price, or empty when a price is unknown
   */
  public static Optional<BigDecimal> dearest(Optional<PriceCatalog> prices, Collection<String> types) {
    if (prices.isEmpty() || types.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal max = null;
    for (String t : types) {
      Optional<BigDecimal> p = prices.get().hourlyPrice(t);
      if (p.isEmpty()) {
        return Optional.empty();
      }
      max = max == null || p.get().compareTo(max) > 0 ? p.get() : max;
    }
    return Optional.of(max);
  }

  private static BigDecimal priced(FleetSpec spec, Optional<PriceCatalog> prices, Collection<String> types) {
    Optional<BigDecimal> price = dearest(prices, types);
    if (price.isPresent()) {
      return price.get();
    }
    String unknown = prices.isEmpty() ? "the driver has no price catalog"
        : "no price is known for instance type(s) " + types.stream().filter(t -> prices.get().hourlyPrice(t).isEmpty()).sorted().toList();
    throw new OverBudgetException("fleet '" + spec.name() + "' has a budget (cost.maxHourlySpend = "
        + spec.cost().budget().orElseThrow().toPlainString() + ") but " + unknown
        + ", so immut cannot keep it. Give the engine prices with Immut.builder().prices(...) (a PriceTable, say), "
        + "configure the driver's prices, or remove cost.maxHourlySpend.");
  }

  /**
   * Refuses a fleet whose steady size alone is over the budget: the only check for a first
   * generation (nothing runs beside it) and for the repair of a live one.
   *
   * @param spec the fleet spec
   * @param desired the desired capacity
   * @param prices the catalog, or empty
   * @param types the instance types involved
   * @throws OverBudgetException when {@code desired} instances cost more than the budget
   */
  public static void steady(FleetSpec spec, int desired, Optional<PriceCatalog> prices, Collection<String> types) {
    Optional<BigDecimal> budget = spec.cost().budget();
    if (budget.isEmpty()) {
      return;
    }
    BigDecimal price = priced(spec, prices, types);
    BigDecimal spend = price.multiply(BigDecimal.valueOf(desired));
    if (spend.compareTo(budget.get()) > 0) {
      String currency = prices.get().currency();
      throw new OverBudgetException("fleet '" + spec.name() + "': " + desired + " instances at " + price.toPlainString()
          + " " + currency + "/h cost " + spend.toPlainString() + " " + currency + "/h, over the budget cost.maxHourlySpend = "
          + budget.get().toPlainString() + " " + currency + "/h; raise the budget or lower the capacity");
    }
  }

  /**
   * The limits of a rolling rollout within the budget.
   *
   * @param spec the fleet spec
   * @param rolling its rolling strategy
   * @param desired the desired capacity
   * @param prices the catalog, or empty
   * @param types the instance types involved (new and old)
   * @return the limits
   * @throws OverBudgetException when even the steady fleet, or any replacement, is over budget
   */
  public static Limits rolling(FleetSpec spec, RolloutStrategy.Rolling rolling, int desired, Optional<PriceCatalog> prices,
                               Collection<String> types) {
    Limits limits = Decider.limitsOf(rolling, desired);
    Optional<BigDecimal> budget = spec.cost().budget();
    if (budget.isEmpty()) {
      return limits;
    }
    BigDecimal price = priced(spec, prices, types);
    if (price.signum() == 0) {
      return limits;
    }
    long allowed = budget.get().divide(price, 0, RoundingMode.FLOOR).longValue();
    String currency = prices.get().currency();
    if (allowed < desired) {
      throw new OverBudgetException("fleet '" + spec.name() + "': " + desired + " instances at " + price.toPlainString()
          + " " + currency + "/h cost " + price.multiply(BigDecimal.valueOf(desired)).toPlainString() + " " + currency
          + "/h, over the budget cost.maxHourlySpend = " + budget.get().toPlainString() + " " + currency
          + "/h; raise the budget or lower the capacity");
    }
    int surge = (int) Math.min(limits.maxSurge(), allowed - desired);
    if (surge == 0 && limits.maxUnavailable() == 0 && desired > 0) {
      throw new OverBudgetException("fleet '" + spec.name() + "': the budget of " + budget.get().toPlainString() + " " + currency
          + "/h leaves no room for even one extra instance at " + price.toPlainString() + " " + currency
          + "/h during the rollout, and strategy.maxUnavailable is 0; allow maxUnavailable of at least 1 to replace in place,"
          + " or raise the budget to at least " + price.multiply(BigDecimal.valueOf(desired + 1L)).toPlainString() + " "
          + currency + "/h");
    }
    return new Limits(surge, limits.maxUnavailable());
  }

  /**
   * Refuses a blue/green or canary rollout whose peak would exceed the budget.
   *
   * @param spec the fleet spec
   * @param desired the desired capacity
   * @param liveInstances the instances of the live generation now (leftovers of other generations
   *     are not counted: the rollout reaps them, it does not run them beside the new one)
   * @param prices the catalog, or empty
   * @param types the instance types involved
   * @throws OverBudgetException when over budget
   */
  public static void checkPeak(FleetSpec spec, int desired, int liveInstances, Optional<PriceCatalog> prices,
                               Collection<String> types) {
    Optional<BigDecimal> budget = spec.cost().budget();
    if (budget.isEmpty()) {
      return;
    }
    BigDecimal price = priced(spec, prices, types);
    int extra;
    String what;
    if (spec.strategy() instanceof RolloutStrategy.BlueGreen) {
      extra = desired;
      what = "a blue/green rollout runs both generations at once";
    } else if (spec.strategy() instanceof RolloutStrategy.Canary c) {
      int max = 0;
      for (RolloutStrategy.CanaryStep s : c.steps()) {
        if (s instanceof RolloutStrategy.CanaryStep.SetWeight w) {
          max = Math.max(max, Decider.canaryInstances(desired, w.percent()));
        }
      }
      extra = max;
      what = "the canary's largest step runs " + max + " new instance(s) beside the live ones";
    } else {
      return;
    }
    int peak = Math.max(liveInstances, desired) + extra;
    BigDecimal spend = price.multiply(BigDecimal.valueOf(peak));
    if (spend.compareTo(budget.get()) > 0) {
      String currency = prices.get().currency();
      throw new OverBudgetException("fleet '" + spec.name() + "': " + what + ", " + peak + " instances at "
          + price.toPlainString() + " " + currency + "/h = " + spend.toPlainString() + " " + currency
          + "/h, over the budget cost.maxHourlySpend = " + budget.get().toPlainString() + " " + currency
          + "/h; use a rolling strategy (its surge is sized to the budget) or raise the budget");
    }
  }
}
