package io.immut.core.rollout.plan;

import io.immut.api.Generation;
import io.immut.core.state.StateReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    List<String> missing = new ArrayList<>();
    if (b.fleet == null) {
      missing.add("fleet");
    }
    if (b.driver == null) {
      missing.add("driver");
    }
    if (b.target == null) {
      missing.add("target");
    }
    if (b.estimatedDuration == null) {
      missing.add("estimatedDuration");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("a plan needs " + String.join(", ", missing) + ": call "
          + String.join("(...), ", missing) + "(...) on the builder");
    }
    boolean nullWave = b.waves.stream().anyMatch(Objects::isNull);
    if (nullWave || b.notes.stream().anyMatch(Objects::isNull)) {
      throw new IllegalStateException("a plan's " + (nullWave ? "waves" : "notes")
          + " contain null: pass a list of waves and notes without null elements");
    }
    this.fleet = b.fleet;
    this.driver = b.driver;
    this.target = b.target;
    this.live = b.live;
    this.image = b.image;
    this.instanceType = b.instanceType;
    this.strategy = b.strategy;
    this.desired = b.desired;
    this.currentInstances = b.currentInstances;
    this.noChange = b.noChange;
    this.waves = List.copyOf(b.waves);
    this.peakInstances = b.peakInstances;
    this.estimatedDuration = b.estimatedDuration;
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
    return PlanText.render(this);
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
    return PlanJson.render(this);
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
      this.waves = waves == null ? List.of() : new ArrayList<>(waves);
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
      this.notes = notes == null ? List.of() : new ArrayList<>(notes);
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
