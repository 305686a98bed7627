package io.immut.core.rollout.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Durations;
import io.immut.api.Generation;
import io.immut.core.state.StateReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The preview of what {@code apply} would do, like {@code terraform plan}: the waves of launches
 * and terminations, the peak instance count, an estimate of the duration and of the extra cost
 * of the overlap, and the state checks' findings. Making a plan only reads from the cloud and
 * changes nothing.
 *
 * <p>An immutable value: read it with its accessors, render it with {@link #toText()} for people
 * and {@link #toJson()} for machines (the schema is in {@code docs/rollouts.md}). The planner
 * makes it with {@link #builder()}.
 */
public final class Plan {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String fleet;
  private final String driver;
  private final Generation target;
  private final Generation live;
  private final String image;
  private final String instanceType;
  private final String strategy;
  private final int desired;
  private final int currentInstances;
  private final boolean noChange;
  private final List<Wave> waves;
  private final int peakInstances;
  private final Duration estimatedDuration;
  private final BigDecimal currentHourlyCost;
  private final BigDecimal peakHourlyCost;
  private final BigDecimal overlapCost;
  private final BigDecimal budget;
  private final String currency;
  private final List<String> notes;
  private final StateReport state;

  private Plan(Builder b) {
    this.fleet = Objects.requireNonNull(b.fleet, "fleet");
    this.driver = Objects.requireNonNull(b.driver, "driver");
    this.target = Objects.requireNonNull(b.target, "target");
    this.live = b.live;
    this.image = b.image;
    this.instanceType = b.instanceType;
    this.strategy = b.strategy;
    this.desired = b.desired;
    this.currentInstances = b.currentInstances;
    this.noChange = b.noChange;
    this.waves = List.copyOf(b.waves);
    this.peakInstances = b.peakInstances;
    this.estimatedDuration = Objects.requireNonNull(b.estimatedDuration, "estimatedDuration");
    this.currentHourlyCost = b.currentHourlyCost;
    this.peakHourlyCost = b.peakHourlyCost;
    this.overlapCost = b.overlapCost;
    this.budget = b.budget;
    this.currency = b.currency == null ? "USD" : b.currency;
    this.notes = List.copyOf(b.notes);
    this.state = b.state == null ? StateReport.EMPTY : b.state;
  }

  /**
   * Starts a builder; fleet, driver, target and estimated duration are required.
   *
   * @return a builder
   * @since 0.2
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder holding this plan's fields.
   *
   * @return a builder
   * @since 0.2
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.fleet = fleet;
    b.driver = driver;
    b.target = target;
    b.live = live;
    b.image = image;
    b.instanceType = instanceType;
    b.strategy = strategy;
    b.desired = desired;
    b.currentInstances = currentInstances;
    b.noChange = noChange;
    b.waves = waves;
    b.peakInstances = peakInstances;
    b.estimatedDuration = estimatedDuration;
    b.currentHourlyCost = currentHourlyCost;
    b.peakHourlyCost = peakHourlyCost;
    b.overlapCost = overlapCost;
    b.budget = budget;
    b.currency = currency;
    b.notes = notes;
    b.state = state;
    return b;
  }

  /**
   * Returns the fleet.
   *
   * @return the fleet
   */
  public String fleet() {
    return fleet;
  }

  /**
   * Returns the driver's name.
   *
   * @return the driver
   */
  public String driver() {
    return driver;
  }

  /**
   * Returns the generation the plan rolls in (its number is the one apply would give it).
   *
   * @return the target
   */
  public Generation target() {
    return target;
  }

  /**
   * Returns the live generation, or null.
   *
   * @return the live
   */
  public Generation live() {
    return live;
  }

  /**
   * Returns the target's resolved image id.
   *
   * @return the image
   */
  public String image() {
    return image;
  }

  /**
   * Returns the target's instance type.
   *
   * @return the instanceType
   */
  public String instanceType() {
    return instanceType;
  }

  /**
   * Returns the strategy, as text.
   *
   * @return the strategy
   */
  public String strategy() {
    return strategy;
  }

  /**
   * Returns the desired capacity.
   *
   * @return the desired
   */
  public int desired() {
    return desired;
  }

  /**
   * Returns the fleet's owned live instances now.
   *
   * @return the currentInstances
   */
  public int currentInstances() {
    return currentInstances;
  }

  /**
   * Returns whether apply would do nothing.
   *
   * @return the noChange
   */
  public boolean noChange() {
    return noChange;
  }

  /**
   * Returns the waves, in order.
   *
   * @return the waves
   */
  public List<Wave> waves() {
    return waves;
  }

  /**
   * Returns the most instances alive at once.
   *
   * @return the peakInstances
   */
  public int peakInstances() {
    return peakInstances;
  }

  /**
   * Returns the estimate: per wave the driver's boot-time hint plus the health checks needed to pass the gate, plus pauses (a keep-previous window is not part of it: apply returns at the promotion).
   *
   * @return the estimatedDuration
   */
  public Duration estimatedDuration() {
    return estimatedDuration;
  }

  /**
   * Returns the hourly cost now, or null when prices are unknown.
   *
   * @return the currentHourlyCost
   */
  public BigDecimal currentHourlyCost() {
    return currentHourlyCost;
  }

  /**
   * Returns the highest hourly cost during the rollout, or null.
   *
   * @return the peakHourlyCost
   */
  public BigDecimal peakHourlyCost() {
    return peakHourlyCost;
  }

  /**
   * Returns the extra cost of the instances above the desired capacity during the rollout, or null.
   *
   * @return the overlapCost
   */
  public BigDecimal overlapCost() {
    return overlapCost;
  }

  /**
   * Returns the fleet's hourly budget, or null.
   *
   * @return the budget
   */
  public BigDecimal budget() {
    return budget;
  }

  /**
   * Returns the prices' currency.
   *
   * @return the currency
   */
  public String currency() {
    return currency;
  }

  /**
   * Returns what else a reader should know (budget cuts, orphans, drift, unknown prices).
   *
   * @return the notes
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Returns the state checks' findings: apply refuses to start while one is an unacknowledged blocker.
   *
   * @return the state
   */
  public StateReport state() {
    return state;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan p && fleet.equals(p.fleet) && driver.equals(p.driver) && target.equals(p.target)
        && Objects.equals(live, p.live) && Objects.equals(image, p.image) && Objects.equals(instanceType, p.instanceType)
        && Objects.equals(strategy, p.strategy) && desired == p.desired && currentInstances == p.currentInstances
        && noChange == p.noChange && waves.equals(p.waves) && peakInstances == p.peakInstances
        && estimatedDuration.equals(p.estimatedDuration) && Objects.equals(currentHourlyCost, p.currentHourlyCost)
        && Objects.equals(peakHourlyCost, p.peakHourlyCost) && Objects.equals(overlapCost, p.overlapCost)
        && Objects.equals(budget, p.budget) && currency.equals(p.currency) && notes.equals(p.notes) && state.equals(p.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fleet, driver, target, live, image, instanceType, strategy, desired, currentInstances, noChange, waves,
        peakInstances, estimatedDuration, currentHourlyCost, peakHourlyCost, overlapCost, budget, currency, notes, state);
  }

  /**
   * One wave of the plan.
   *
   * @param number from 1
   * @param launch instances launched
   * @param launchGeneration the generation launched, or null when the wave launches nothing
   * @param terminate instances terminated
   * @param terminateGenerations the generations (names, or ids of unknown ones) terminated from
   * @param instancesAfter instances alive after the wave
   * @param duration the wave's estimated duration
   */
  public record Wave(int number, int launch, String launchGeneration, int terminate, List<String> terminateGenerations,
                     int instancesAfter, Duration duration) {
    /** Copies the list. */
    public Wave {
      terminateGenerations = List.copyOf(terminateGenerations);
    }
  }

  /**
   * How many instances the plan launches in all.
   *
   * @return the sum over the waves
   */
  public int totalLaunches() {
    return waves.stream().mapToInt(Wave::launch).sum();
  }

  /**
   * How many instances the plan terminates in all.
   *
   * @return the sum over the waves
   */
  public int totalTerminations() {
    return waves.stream().mapToInt(Wave::terminate).sum();
  }

  /**
   * A readable rendering, in the spirit of {@code terraform plan}.
   *
   * @return the text
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("Plan for fleet ").append(fleet).append(" (driver ").append(driver).append(")\n\n");
    b.append("  live:      ").append(live == null ? "none" : live.name() + " (" + live.id() + ")")
        .append(", ").append(currentInstances).append(" instance(s)\n");
    b.append("  target:    ").append(target.name()).append(" (").append(target.id()).append("), image ").append(image)
        .append(" on ").append(instanceType).append(", ").append(desired).append(" instance(s)\n");
    b.append("  strategy:  ").append(strategy).append("\n\n");
    if (noChange) {
      b.append("No changes. ").append(target.name()).append(" is live and the fleet matches it.\n");
      appendState(b);
      return b.toString();
    }
    b.append(String.format("  %4s  %-24s  %-24s  %9s  %9s%n", "wave", "launch", "terminate", "instances", "takes"));
    for (Wave w : waves) {
      String launch = w.launch() == 0 ? "-" : "+" + w.launch() + " " + w.launchGeneration();
      String term = w.terminate() == 0 ? "-" : "-" + w.terminate() + " " + String.join(",", w.terminateGenerations());
      b.append(String.format("  %4d  %-24s  %-24s  %9d  %9s%n", w.number(), launch, term, w.instancesAfter(),
          Durations.formatRounded(w.duration())));
    }
    b.append('\n');
    b.append("  waves:              ").append(waves.size()).append(" (+").append(totalLaunches()).append(" / -")
        .append(totalTerminations()).append(" instances)\n");
    b.append("  peak instances:     ").append(peakInstances).append(" (desired ").append(desired).append(")\n");
    b.append("  estimated duration: ").append(Durations.formatRounded(estimatedDuration)).append('\n');
    if (currentHourlyCost != null && peakHourlyCost != null) {
      b.append("  hourly cost:        now ").append(money(currentHourlyCost)).append(", peak ").append(money(peakHourlyCost));
      if (budget != null) {
        b.append(", budget ").append(money(budget));
      }
      b.append('\n');
      b.append("  overlap cost:       ~").append(overlapCost == null ? "unknown" : money(overlapCost).replace("/h", ""))
          .append('\n');
    } else {
      b.append("  hourly cost:        unknown (the driver has no price for an instance type involved)\n");
    }
    for (String n : notes) {
      b.append("  note: ").append(n).append('\n');
    }
    appendState(b);
    b.append(state.blocksRollout() ? "\nNothing has been changed. apply refuses to start until the blockers above are"
        + " fixed or acknowledged in the spec's state policy.\n" : "\nNothing has been changed. apply carries this plan out.\n");
    return b.toString();
  }

  /**
   * The plan as JSON for machines, one object of a stable schema ({@code "schemaVersion": 1},
   * documented in {@code docs/rollouts.md}): every field is always present (null when unknown),
   * amounts are exact decimal strings, durations are whole milliseconds, generations are objects
   * with {@code name}, {@code number} and {@code id}, and {@code state} is the state report's own
   * JSON ({@link StateReport#toJson()}).
   *
   * @return the JSON text, pretty-printed
   * @since 0.2
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("fleet", fleet);
    root.put("driver", driver);
    generation(root, "target", target);
    generation(root, "live", live);
    root.put("image", image);
    root.put("instanceType", instanceType);
    root.put("strategy", strategy);
    root.put("desired", desired);
    root.put("currentInstances", currentInstances);
    root.put("noChange", noChange);
    ArrayNode ws = root.putArray("waves");
    for (Wave w : waves) {
      ObjectNode n = ws.addObject();
      n.put("number", w.number());
      n.put("launch", w.launch());
      n.put("launchGeneration", w.launchGeneration());
      n.put("terminate", w.terminate());
      ArrayNode from = n.putArray("terminateGenerations");
      w.terminateGenerations().forEach(from::add);
      n.put("instancesAfter", w.instancesAfter());
      n.put("durationMillis", w.duration().toMillis());
    }
    root.put("totalLaunches", totalLaunches());
    root.put("totalTerminations", totalTerminations());
    root.put("peakInstances", peakInstances);
    root.put("estimatedDurationMillis", estimatedDuration.toMillis());
    root.put("currency", currency);
    amount(root, "currentHourlyCost", currentHourlyCost);
    amount(root, "peakHourlyCost", peakHourlyCost);
    amount(root, "overlapCost", overlapCost);
    amount(root, "budget", budget);
    ArrayNode ns = root.putArray("notes");
    notes.forEach(ns::add);
    try {
      root.set("state", JSON.readTree(state.toJson()));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void generation(ObjectNode root, String field, Generation g) {
    if (g == null) {
      root.putNull(field);
      return;
    }
    ObjectNode n = root.putObject(field);
    n.put("name", g.name());
    n.put("number", g.number());
    n.put("id", g.id());
  }

  private static void amount(ObjectNode root, String field, BigDecimal v) {
    if (v == null) {
      root.putNull(field);
    } else {
      root.put(field, v.toPlainString());
    }
  }

  private void appendState(StringBuilder b) {
    if (state.isEmpty()) {
      return;
    }
    // The report's text starts with its own summary line ("State check: ..."), shown once as the heading.
    String[] lines = state.toText().split("\n");
    b.append("\n  ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        b.append("    ").append(lines[i]).append('\n');
      }
    }
  }

  private String money(BigDecimal v) {
    return v.setScale(Math.max(2, Math.min(6, v.stripTrailingZeros().scale())), RoundingMode.HALF_UP).toPlainString() + " "
        + currency + "/h";
  }

  /**
   * Builds a {@link Plan}; made with {@link Plan#builder()}.
   *
   * @since 0.2
   */
  public static final class Builder {
    private String fleet;
    private String driver;
    private Generation target;
    private Generation live;
    private String image;
    private String instanceType;
    private String strategy;
    private int desired;
    private int currentInstances;
    private boolean noChange;
    private List<Wave> waves = List.of();
    private int peakInstances;
    private Duration estimatedDuration;
    private BigDecimal currentHourlyCost;
    private BigDecimal peakHourlyCost;
    private BigDecimal overlapCost;
    private BigDecimal budget;
    private String currency;
    private List<String> notes = List.of();
    private StateReport state;

    private Builder() {}

    /**
     * Sets the fleet.
     *
     * @param fleet the value
     * @return this builder
     */
    public Builder fleet(String fleet) {
      this.fleet = fleet;
      return this;
    }

    /**
     * Sets the driver's name.
     *
     * @param driver the value
     * @return this builder
     */
    public Builder driver(String driver) {
      this.driver = driver;
      return this;
    }

    /**
     * Sets the generation the plan rolls in (its number is the one apply would give it).
     *
     * @param target the value
     * @return this builder
     */
    public Builder target(Generation target) {
      this.target = target;
      return this;
    }

    /**
     * Sets the live generation, or null.
     *
     * @param live the value
     * @return this builder
     */
    public Builder live(Generation live) {
      this.live = live;
      return this;
    }

    /**
     * Sets the target's resolved image id.
     *
     * @param image the value
     * @return this builder
     */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /**
     * Sets the target's instance type.
     *
     * @param instanceType the value
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /**
     * Sets the strategy, as text.
     *
     * @param strategy the value
     * @return this builder
     */
    public Builder strategy(String strategy) {
      this.strategy = strategy;
      return this;
    }

    /**
     * Sets the desired capacity.
     *
     * @param desired the value
     * @return this builder
     */
    public Builder desired(int desired) {
      this.desired = desired;
      return this;
    }

    /**
     * Sets the fleet's owned live instances now.
     *
     * @param currentInstances the value
     * @return this builder
     */
    public Builder currentInstances(int currentInstances) {
      this.currentInstances = currentInstances;
      return this;
    }

    /**
     * Sets whether apply would do nothing.
     *
     * @param noChange the value
     * @return this builder
     */
    public Builder noChange(boolean noChange) {
      this.noChange = noChange;
      return this;
    }

    /**
     * Sets the waves, in order.
     *
     * @param waves the value
     * @return this builder
     */
    public Builder waves(List<Wave> waves) {
      this.waves = waves;
      return this;
    }

    /**
     * Sets the most instances alive at once.
     *
     * @param peakInstances the value
     * @return this builder
     */
    public Builder peakInstances(int peakInstances) {
      this.peakInstances = peakInstances;
      return this;
    }

    /**
     * Sets the estimate: per wave the driver's boot-time hint plus the health checks needed to pass the gate, plus pauses (a keep-previous window is not part of it: apply returns at the promotion).
     *
     * @param estimatedDuration the value
     * @return this builder
     */
    public Builder estimatedDuration(Duration estimatedDuration) {
      this.estimatedDuration = estimatedDuration;
      return this;
    }

    /**
     * Sets the hourly cost now, or null when prices are unknown.
     *
     * @param currentHourlyCost the value
     * @return this builder
     */
    public Builder currentHourlyCost(BigDecimal currentHourlyCost) {
      this.currentHourlyCost = currentHourlyCost;
      return this;
    }

    /**
     * Sets the highest hourly cost during the rollout, or null.
     *
     * @param peakHourlyCost the value
     * @return this builder
     */
    public Builder peakHourlyCost(BigDecimal peakHourlyCost) {
      this.peakHourlyCost = peakHourlyCost;
      return this;
    }

    /**
     * Sets the extra cost of the instances above the desired capacity during the rollout, or null.
     *
     * @param overlapCost the value
     * @return this builder
     */
    public Builder overlapCost(BigDecimal overlapCost) {
      this.overlapCost = overlapCost;
      return this;
    }

    /**
     * Sets the fleet's hourly budget, or null.
     *
     * @param budget the value
     * @return this builder
     */
    public Builder budget(BigDecimal budget) {
      this.budget = budget;
      return this;
    }

    /**
     * Sets the prices' currency.
     *
     * @param currency the value
     * @return this builder
     */
    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    /**
     * Sets what else a reader should know (budget cuts, orphans, drift, unknown prices).
     *
     * @param notes the value
     * @return this builder
     */
    public Builder notes(List<String> notes) {
      this.notes = notes;
      return this;
    }

    /**
     * Sets the state checks' findings: apply refuses to start while one is an unacknowledged blocker.
     *
     * @param state the value
     * @return this builder
     */
    public Builder state(StateReport state) {
      this.state = state;
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     * @throws NullPointerException when fleet, driver, target or estimated duration is missing
     */
    public Plan build() {
      return new Plan(this);
    }
  }

  @Override
  public String toString() {
    return toText();
  }
}
