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
   * Builds a report.
   *
   * @param fleet the fleet's name
   * @param instances the fleet's instances (gone ones are ignored)
   * @param catalog the prices
   * @param generationNames generation id to name ({@code web-v003}); ids without a name are shown as ids
   * @param lastRolloutOverlap the overlap cost of the last rollout ({@link OverlapCost}), or null
   * @param maxHourlySpend the budget, or null
   * @param at when the instances were observed
   * @return the report
   */
  public static CostReport of(String fleet, Collection<Instance> instances, PriceCatalog catalog, Map<String, String> generationNames,
                              BigDecimal lastRolloutOverlap, BigDecimal maxHourlySpend, Instant at) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, BigDecimal> spend = new LinkedHashMap<>();
    TreeSet<String> unpriced = new TreeSet<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Instance i : instances) {
      if (i.state() != InstanceState.PROVISIONING && i.state() != InstanceState.RUNNING) {
        continue;
      }
      String gen = generationNames == null ? i.generationId() : generationNames.getOrDefault(i.generationId(), i.generationId());
      var price = catalog.hourlyPrice(i.instanceType());
      counts.computeIfAbsent(gen, k -> new int[1])[0]++;
      spend.putIfAbsent(gen, BigDecimal.ZERO);
      if (price.isEmpty()) {
        unpriced.add(i.instanceType());
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
   * Builds a report from what a driver lists ({@code driver.list(selector)}).
   *
   * @param fleet the fleet's name
   * @param views the fleet's instances as the driver lists them
   * @param catalog the prices
   * @param generationNames generation id to name; ids without a name are shown as ids
   * @param lastRolloutOverlap the overlap cost of the last rollout, or null
   * @param maxHourlySpend the budget, or null
   * @param at when the instances were listed
   * @return the report
   */
  public static CostReport fromViews(String fleet, Collection<InstanceView> views, PriceCatalog catalog,
                                     Map<String, String> generationNames, BigDecimal lastRolloutOverlap, BigDecimal maxHourlySpend,
                                     Instant at) {
    List<Instance> instances = views.stream()
        .map(v -> new Instance(v.id(), fleet, v.generationId() == null ? "(untagged)" : v.generationId(), v.state(), v.health(),
            v.instanceType(), v.imageId(), v.zone(), v.launchedAt(), v.privateAddress()))
        .toList();
    return of(fleet, instances, catalog, generationNames, lastRolloutOverlap, maxHourlySpend, at);
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
