package io.immut.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * What a fleet may cost, and how it saves.
 *
 * <pre>{@code
 * new CostPolicy(new BigDecimal("12.50"))
 *     .withIdleReaping(new CostPolicy.IdleReaping("cpu_utilisation{instance=\"{instance}\"}", 5, Duration.ofMinutes(30)));
 * }</pre>
 *
 * @param maxHourlySpend the most the fleet may cost per hour, overlap during rollouts included,
 *     in the price catalog's currency; null for no budget
 * @param idleReaping which instances count as idle, to be removed first when the fleet scales in;
 *     null for none
 */
public record CostPolicy(BigDecimal maxHourlySpend, IdleReaping idleReaping) {

  /** No budget, no idle reaping. */
  public static final CostPolicy NONE = new CostPolicy(null, null);

  /** The largest hourly budget: 1,000,000 per hour. */
  public static final BigDecimal MAX_HOURLY_SPEND = BigDecimal.valueOf(1_000_000);
  /** The most decimal places of a budget (trailing zeros aside): 6, a millionth of the currency. */
  public static final int MAX_SPEND_DECIMALS = 6;
  private static final String SPEND_ALLOWED = "a positive amount per hour up to 1000000, with at most 6 decimal places, such as 12.50";

  /** Validates the budget. */
  public CostPolicy {
    Problems p = new Problems();
    if (maxHourlySpend != null) {
      // Checked before anything formats or computes with it: 1e999999999 has no plain form that fits in memory.
      if (maxHourlySpend.signum() <= 0) {
        p.add("maxHourlySpend", shown(maxHourlySpend) + " is not positive", SPEND_ALLOWED);
      } else if (maxHourlySpend.compareTo(MAX_HOURLY_SPEND) > 0) {
        p.add("maxHourlySpend", shown(maxHourlySpend) + " is over 1000000", SPEND_ALLOWED);
      } else if (maxHourlySpend.scale() > MAX_SPEND_DECIMALS
          && maxHourlySpend.stripTrailingZeros().scale() > MAX_SPEND_DECIMALS) {
        p.add("maxHourlySpend", shown(maxHourlySpend) + " has more than 6 decimal places", SPEND_ALLOWED);
      }
    }
    p.throwIfAny("cost policy", "cost");
  }

  /** A budget as a message may show it: plain when short, else scientific, never longer than an excerpt. */
  private static String shown(BigDecimal amount) {
    // In long: 1E+2147483647 has scale -2147483647, and precision - scale would overflow an int.
    boolean plainIsShort = (long) amount.precision() - amount.scale() <= 20 && amount.scale() <= 20;
    String text = plainIsShort ? amount.toPlainString() : amount.toString();
    return text.length() <= SpecProblem.EXCERPT_LIMIT ? text
        : text.substring(0, SpecProblem.EXCERPT_LIMIT) + "\u2026 (" + amount.precision() + " digits)";
  }

  /**
   * A budget without idle reaping.
   *
   * @param maxHourlySpend the most the fleet may cost per hour, or null for no budget
   */
  public CostPolicy(BigDecimal maxHourlySpend) {
    this(maxHourlySpend, null);
  }

  /**
   * Returns the hourly budget.
   *
   * @return the budget, or empty for none
   */
  public Optional<BigDecimal> budget() {
    return Optional.ofNullable(maxHourlySpend);
  }

  /**
   * Returns the idle-reaping rule.
   *
   * @return the rule, or empty for none
   */
  public Optional<IdleReaping> idle() {
    return Optional.ofNullable(idleReaping);
  }

  /**
   * Returns a copy with another idle-reaping rule.
   *
   * @param idleReaping the rule, or null for none
   * @return the copy
   */
  public CostPolicy withIdleReaping(IdleReaping idleReaping) {
    return new CostPolicy(maxHourlySpend, idleReaping);
  }

  /**
   * An instance is idle when every sample of its load over the last {@code window} is below
   * {@code threshold}, and it has run for the whole window. Idle instances are removed first when
   * the fleet scales in (never below the capacity's minimum).
   *
   * @param metric a per-instance query in which {@code {instance}} stands for the instance id,
   *     such as {@code cpu_utilisation{instance="{instance}"}}
   * @param threshold the load under which an instance is idle, zero or more
   * @param window how long the load must stay under the threshold, positive
   */
  public record IdleReaping(String metric, double threshold, Duration window) {
    /** The placeholder that stands for the instance id in {@link #metric}. */
    public static final String INSTANCE = "{instance}";

    /** Validates the rule. */
    public IdleReaping {
      Problems p = new Problems();
      String allowed = "a per-instance query containing " + INSTANCE + ", such as cpu_utilisation{instance=\"" + INSTANCE + "\"}";
      if (p.required("metric", metric, allowed) && !metric.contains(INSTANCE)) {
        p.add("metric", SpecProblem.excerpt(metric) + " does not contain " + INSTANCE, allowed);
      }
      if (!(threshold >= 0) || Double.isInfinite(threshold)) {
        p.add("threshold", threshold + " is not allowed", "a finite number of zero or more, such as 5");
      }
      if (p.required("window", window, "a duration such as 30m")) {
        p.positive("window", window, false);
      }
      p.throwIfAny("idle reaping", "cost.idleReaping");
    }

    /**
     * The metric's query for one instance.
     *
     * @param instanceId the instance id
     * @return the query with the placeholder replaced
     */
    public String queryFor(String instanceId) {
      return metric.replace(INSTANCE, instanceId);
    }
  }
}
