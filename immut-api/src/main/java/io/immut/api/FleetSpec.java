package io.immut.api;

import java.util.List;
import java.util.Objects;

/**
 * The desired state of a named fleet: the generation to run, how many instances, how to roll a
 * new generation out, where its state lives and what it may cost.
 *
 * <pre>{@code
 * FleetSpec web = FleetSpec.builder("web")
 *     .generation(GenerationSpec.builder().image("ami-0abc123").instanceType("t3.micro").build())
 *     .capacity(Capacity.fixed(6))
 *     .strategy(RolloutStrategy.rolling(Amount.percent(25), Amount.of(0)))
 *     .build();
 * }</pre>
 *
 * @param name the fleet's name; it becomes the {@code immut:fleet} tag value
 * @param generation the generation every instance should run
 * @param capacity how many instances
 * @param strategy how a new generation replaces the live one
 * @param state where the fleet's state lives, and accepted findings
 * @param cost what the fleet may cost
 * @param trafficTarget the load-balancer target the fleet's live generation serves through (an ELBv2
 *     target group ARN or name, an Azure backend pool id, a GCP backend service), or null; blue/green
 *     and canary fleets without one use the fleet's name when the driver routes traffic. Not part of
 *     the generation: changing it changes no instance.
 */
public record FleetSpec(String name, GenerationSpec generation, Capacity capacity, RolloutStrategy strategy,
                        StatePolicy state, CostPolicy cost, String trafficTarget) {

  /** Validates the spec as a whole; all problems are reported at once. */
  public FleetSpec {
    strategy = strategy == null ? RolloutStrategy.DEFAULT : strategy;
    state = state == null ? StatePolicy.NONE : state;
    cost = cost == null ? CostPolicy.NONE : cost;
    List<SpecProblem> problems = new java.util.ArrayList<>(problemsOf(name, generation, capacity, strategy));
    if (trafficTarget != null && (trafficTarget.isBlank() || trafficTarget.length() > 2048
        || !trafficTarget.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      problems.add(new SpecProblem("trafficTarget", "is blank, longer than 2048 characters or not printable ASCII",
          "a target group ARN or name, a backend pool id or a backend service name"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("fleet spec" + (name == null ? "" : " " + SpecProblem.excerpt(name)), problems);
    }
  }

  /**
   * The problems of a fleet spec's top-level fields, for parsers that collect problems of nested
   * parts themselves and want the cross-field rules too.
   *
   * @param name the fleet name
   * @param generation the generation spec
   * @param capacity the capacity
   * @param strategy the strategy
   * @return every problem found, empty when valid
   */
  public static List<SpecProblem> problemsOf(String name, GenerationSpec generation, Capacity capacity,
                                             RolloutStrategy strategy) {
    Problems p = new Problems();
    if (p.required("name", name, Names.FLEET_ALLOWED)) {
      p.matches("name", name, Names.FLEET, Names.FLEET_ALLOWED);
    }
    p.required("generation", generation, "a generation spec with at least an image and an instance type");
    p.required("capacity", capacity, "a capacity such as fixed: 3");
    if (capacity != null && strategy instanceof RolloutStrategy.Rolling r) {
      int desired = capacity.desired();
      if (desired > 0 && r.maxSurge().resolve(desired, true) == 0 && r.maxUnavailable().resolve(desired, false) == 0) {
        p.add("strategy.rolling.maxUnavailable", r.maxUnavailable() + " of " + desired + " instances rounds down to 0, and maxSurge is 0,"
            + " so no instance could ever be replaced", "maxSurge > 0, or a maxUnavailable that is at least one instance");
      }
    }
    return p.list();
  }

  /**
   * Starts a builder for a fleet.
   *
   * @param name the fleet's name
   * @return a builder with the default strategy, no state policy and no budget
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns a builder holding this spec's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(name).generation(generation).capacity(capacity).strategy(strategy).state(state).cost(cost)
        .trafficTarget(trafficTarget);
  }

  /**
   * The content id of this spec's generation.
   *
   * @return {@code generation().id()}
   */
  public String generationId() {
    return generation.id();
  }

  /** A mutable builder of {@link FleetSpec}. */
  public static final class Builder {
    private final String name;
    private GenerationSpec generation;
    private Capacity capacity;
    private RolloutStrategy strategy = RolloutStrategy.DEFAULT;
    private StatePolicy state = StatePolicy.NONE;
    private CostPolicy cost = CostPolicy.NONE;
    private String trafficTarget;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the generation spec.
     *
     * @param generation the generation every instance should run
     * @return this builder
     */
    public Builder generation(GenerationSpec generation) {
      this.generation = generation;
      return this;
    }

    /**
     * Sets the capacity.
     *
     * @param capacity how many instances
     * @return this builder
     */
    public Builder capacity(Capacity capacity) {
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the rollout strategy.
     *
     * @param strategy rolling, blue/green or canary
     * @return this builder
     */
    public Builder strategy(RolloutStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Sets the state policy.
     *
     * @param state bindings and acknowledgements
     * @return this builder
     */
    public Builder state(StatePolicy state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * Sets the cost policy.
     *
     * @param cost the budget
     * @return this builder
     */
    public Builder cost(CostPolicy cost) {
      this.cost = Objects.requireNonNull(cost, "cost");
      return this;
    }

    /**
     * Sets the load-balancer target.
     *
     * @param trafficTarget the target, or null for none
     * @return this builder
     */
    public Builder trafficTarget(String trafficTarget) {
      this.trafficTarget = trafficTarget;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the validated spec
     * @throws InvalidSpecException listing every problem
     */
    public FleetSpec build() {
      return new FleetSpec(name, generation, capacity, strategy, state, cost, trafficTarget);
    }
  }
}
