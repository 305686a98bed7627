package io.immut.core.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Instance;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fleet costs: the hourly spend of its live (pending and running) instances, the month that
 * spend projects to ({@value #HOURS_PER_MONTH} hours), the overlap cost of its last rollout, and
 * the spend of each generation — as a value, as text and as JSON.
 *
 * @param fleet the fleet's name
 * @param at when the instances were observed
 * @param currency the catalog's currency
 * @param hourlySpend the live instances' hourly cost
 * @param projectedMonth {@code hourlySpend x 730}
 * @param lastRolloutOverlap the overlap cost of the last rollout, or null when unknown
 * @param maxHourlySpend the fleet's budget, or null when it has none
 * @param byGeneration per generation (its id, or name when known), in the order first seen
 * @param unpriced instance types with live instances but no price; their instances are left out of the sums
 */
public record CostReport(String fleet, Instant at, String currency, BigDecimal hourlySpend, BigDecimal projectedMonth,
                         BigDecimal lastRolloutOverlap, BigDecimal maxHourlySpend, Map<String, GenerationSpend> byGeneration,
                         List<String> unpriced) {
  /** The hours of an average month: 365 x 24 / 12. */
  public static final int HOURS_PER_MONTH = 730;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates and copies the fields. */
  public CostReport {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(hourlySpend, "hourlySpend");
    Objects.requireNonNull(projectedMonth, "projectedMonth");
    byGeneration = Map.copyOf(byGeneration == null ? Map.of() : byGeneration);
    unpriced = List.copyOf(unpriced == null ? List.of() : unpriced);
  }

  /**
   * One generation's part.
   *
   * @param generation the generation's id or name
   * @param instances its live instances
   * @param hourlySpend their hourly cost
   */
  public record GenerationSpend(String generation, int instances, BigDecimal hourlySpend) {}

  /**
   * Starts a builder: the fleet, its instances (or the views a driver listed), the price catalog
   * and the time of observation are required.
   *
   * <pre>{@code
   * CostReport report = CostReport.builder().fleet("web").instances(status.instances()).catalog(prices)
   *     .generationNames(Map.of(id, "web-v003")).maxHourlySpend(new BigDecimal("0.25")).at(clock.now()).build();
   * }</pre>
   *
   * <p>{@code Immut.costReport(fleet)} builds one from the cloud, the history and the engine's prices.
   *
   * @return a builder
   * @since 0.2
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link CostReport} by summing the prices of a fleet's live instances; made with
   * {@link CostReport#builder()}.
   *
   * @since 0.2
   */
  public static final class Builder {
    private String fleet;
    private final List<Instance> instances = new java.util.ArrayList<>();
    private final List<InstanceView> views = new java.util.ArrayList<>();
    private PriceCatalog catalog;
    private Map<String, String> generationNames = Map.of();
    private BigDecimal lastRolloutOverlap;
    private BigDecimal maxHourlySpend;
    private Instant at;

    private Builder() {}

    /**
     * Sets the fleet's name.
     *
     * @param fleet the name
     * @return this builder
     */
    public Builder fleet(String fleet) {
      this.fleet = fleet;
      return this;
    }

    /**
     * Adds the fleet's instances; gone ones are ignored.
     *
     * @param instances the instances, as in {@code FleetStatus.instances()}
     * @return this builder
     */
    public Builder instances(Collection<Instance> instances) {
      this.instances.addAll(instances);
      return this;
    }

    /**
     * Adds the fleet's instances as a driver lists them ({@code driver.list(selector)}); gone ones
     * are ignored, untagged ones are counted under {@code (untagged)}.
     *
     * @param views the views
     * @return this builder
     */
    public Builder views(Collection<InstanceView> views) {
      this.views.addAll(views);
      return this;
    }

    /**
     * Sets the prices.
     *
     * @param catalog the catalog
     * @return this builder
     */
    public Builder catalog(PriceCatalog catalog) {
      this.catalog = catalog;
      return this;
    }

    /**
     * Sets the names of the generations ({@code web-v003}); ids without a name are shown as ids.
     *
     * @param generationNames generation id to name
     * @return this builder
     */
    public Builder generationNames(Map<String, String> generationNames) {
      this.generationNames = generationNames == null ? Map.of() : Map.copyOf(generationNames);
      return this;
    }

    /**
     * Sets the overlap cost of the last rollout ({@link OverlapCost}).
     *
     * @param lastRolloutOverlap the cost, or null when unknown (the default)
     * @return this builder
     */
    public Builder lastRolloutOverlap(BigDecimal lastRolloutOverlap) {
      this.lastRolloutOverlap = lastRolloutOverlap;
      return this;
    }

    /**
     * Sets the fleet's hourly budget.
     *
     * @param maxHourlySpend the budget, or null when it has none (the default)
     * @return this builder
     */
    public Builder maxHourlySpend(BigDecimal maxHourlySpend) {
      this.maxHourlySpend = maxHourlySpend;
      return this;
    }

    /**
     * Sets when the instances were observed.
     *
     * @param at the instant
     * @return this builder
     */
    public Builder at(Instant at) {
      this.at = at;
      return this;
    }

    /**
     * Sums the live instances' prices into a report.
     *
     * @return the report
     * @throws IllegalStateException naming every required field that was not set
     */
    public CostReport build() {
      List<String> missing = new java.util.ArrayList<>();
      if (fleet == null) {
        missing.add("fleet");
      }
      if (catalog == null) {
        missing.add("catalog");
      }
      if (at == null) {
        missing.add("at");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("a cost report needs " + String.join(", ", missing) + ": call "
            + String.join("(...), ", missing) + "(...) on the builder");
      }
      List<Instance> all = new java.util.ArrayList<>(instances);
      for (InstanceView v : views) {
        all.add(new Instance(v.id(), fleet, v.generationId() == null ? "(untagged)" : v.generationId(), v.state(), v.health(),
            v.instanceType(), v.imageId(), v.zone(), v.launchedAt(), v.privateAddress()));
      }
      return sum(fleet, all, catalog, generationNames, lastRolloutOverlap, maxHourlySpend, at);
    }
  }

  private static CostReport sum(String fleet, Collection<Instance> instances, PriceCatalog catalog, Map<String, String> generationNames,
                                BigDecimal lastRolloutOverlap, BigDecimal maxHourlySpend, Instant at) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, BigDecimal> spend = new LinkedHashMap<>();
    TreeSet<String> unpriced = new TreeSet<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Instance i : instances) {
      if (i.state() != InstanceState.PROVISIONING && i.state() != InstanceState.RUNNING) {
        continue;
      }
      String gen = generationNames.getOrDefault(i.generationId(), i.generationId());
      var price = i.instanceType() == null ? java.util.Optional.<BigDecimal>empty() : catalog.hourlyPrice(i.instanceType());
      counts.computeIfAbsent(gen, k -> new int[1])[0]++;
      spend.putIfAbsent(gen, BigDecimal.ZERO);
      if (price.isEmpty()) {
        unpriced.add(String.valueOf(i.instanceType()));
        continue;
      }
      spend.merge(gen, price.get(), BigDecimal::add);
      total = total.add(price.get());
    }
    Map<String, GenerationSpend> by = new LinkedHashMap<>();
    counts.forEach((g, c) -> by.put(g, new GenerationSpend(g, c[0], spend.get(g))));
    return new CostReport(fleet, at, catalog.currency(), total, total.multiply(BigDecimal.valueOf(HOURS_PER_MONTH)),
        lastRolloutOverlap, maxHourlySpend, new TreeMap<>(by), List.copyOf(unpriced));
  }

  /**
   * The share of the budget the hourly spend uses.
   *
   * @return a fraction, or null when there is no budget
   */
  public BigDecimal budgetUsed() {
    return maxHourlySpend == null ? null : hourlySpend.divide(maxHourlySpend, 4, RoundingMode.HALF_UP);
  }

  /**
   * Renders the report for people.
   *
   * @return a few aligned lines
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("Cost of fleet ").append(fleet).append(" at ").append(at).append('\n');
    sb.append(String.format(Locale.ROOT, "  %-22s %s %s/h", "hourly spend", money(hourlySpend), currency));
    if (maxHourlySpend != null) {
      sb.append(String.format(Locale.ROOT, " (budget %s %s/h, %s%% used)", money(maxHourlySpend), currency,
          budgetUsed().movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString()));
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "  %-22s %s %s (%d h)%n", "projected month", money(projectedMonth), currency, HOURS_PER_MONTH));
    sb.append(String.format(Locale.ROOT, "  %-22s %s%n", "last rollout overlap",
        lastRolloutOverlap == null ? "unknown" : money(lastRolloutOverlap) + " " + currency));
    sb.append("  by generation:\n");
    if (byGeneration.isEmpty()) {
      sb.append("    (no live instances)\n");
    }
    new TreeMap<>(byGeneration).values().forEach(g -> sb.append(String.format(Locale.ROOT, "    %-20s %5d instances  %s %s/h%n",
        g.generation(), g.instances(), money(g.hourlySpend()), currency)));
    if (!unpriced.isEmpty()) {
      sb.append("  not priced (left out): ").append(String.join(", ", unpriced)).append('\n');
    }
    return sb.toString();
  }

  /**
   * Renders the report as JSON; amounts are exact decimal strings.
   *
   * @return the JSON object
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("fleet", fleet);
    root.put("at", at.toString());
    root.put("currency", currency);
    root.put("hourlySpend", hourlySpend.toPlainString());
    root.put("projectedMonth", projectedMonth.toPlainString());
    root.put("hoursPerMonth", HOURS_PER_MONTH);
    if (lastRolloutOverlap != null) {
      root.put("lastRolloutOverlap", lastRolloutOverlap.toPlainString());
    } else {
      root.putNull("lastRolloutOverlap");
    }
    if (maxHourlySpend != null) {
      root.put("maxHourlySpend", maxHourlySpend.toPlainString());
    } else {
      root.putNull("maxHourlySpend");
    }
    ObjectNode by = root.putObject("byGeneration");
    new TreeMap<>(byGeneration).forEach((k, g) -> {
      ObjectNode n = by.putObject(k);
      n.put("instances", g.instances());
      n.put("hourlySpend", g.hourlySpend().toPlainString());
    });
    var up = root.putArray("unpriced");
    unpriced.forEach(up::add);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String money(BigDecimal v) {
    return v.setScale(Math.max(2, Math.min(6, v.stripTrailingZeros().scale())), RoundingMode.HALF_UP).toPlainString();
  }
}
