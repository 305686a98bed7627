package io.immut.core.internal.decision;

import io.immut.api.HealthCheck;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the decision function sees at one step: the desired state, the observed instances
 * and their gate, the strategy and its limits, and the time.
 *
 * @param selector the fleet and owner; instances without these ownership tags are never named in an action
 * @param mode rolling a generation in, or back
 * @param targetId the target generation's content id, or null to empty the fleet
 * @param targetInstanceType the target's instance type (an instance of another type has drifted)
 * @param targetImageId the target's resolved image id (an instance of another image has drifted), or null when unknown
 * @param targetLive whether the target is already the live generation (recorded so)
 * @param desired the desired capacity
 * @param strategy the strategy
 * @param limits surge and unavailability, resolved
 * @param healthCheck the target's health check (its progress deadline)
 * @param knownGenerations every generation id of the fleet's history (others are orphans)
 * @param instances the observed instances
 * @param gates the gate status of the target's instances (absent: pending)
 * @param trafficTarget the load-balancer target, or null when traffic is not managed
 * @param registered the instances registered with the target (draining ones are not)
 * @param inService the registered instances the load balancer reports healthy: those that take
 *     traffic now
 * @param promoteRequested whether {@code promote} was called and not yet used
 * @param orphanGrace how long an instance of an unknown generation is left alone after its launch
 * @param promotionDeadline how long a manual blue/green waits for {@code promote} once its new
 *     generation passed its gate, before it is rolled back
 * @param now the time
 * @param removeFirst target instances to remove first when the target has more than it needs, in
 *     order (idle instances, from the capacity target); empty for the default order, newest first
 * @param keptId the generation a blue/green promotion keeps running out of service (its
 *     {@code keepPreviousFor}), or null
 * @param keptUntil the end of that generation's keep-previous window, or null; from this instant
 *     on its instances are retired like any old instance
 * @param observedServing running instances the cloud reports no health for ({@code UNKNOWN}) that
 *     were observed serving (in service with the load balancer, or healthy to the probe): those of
 *     a generation being replaced count towards the capacity floor
 */
public record Situation(FleetSelector selector, Mode mode, String targetId, String targetInstanceType, String targetImageId,
                        boolean targetLive, int desired, RolloutStrategy strategy, Limits limits, HealthCheck healthCheck,
                        Set<String> knownGenerations, List<InstanceView> instances, Map<InstanceId, GateStatus> gates,
                        String trafficTarget, Set<InstanceId> registered, Set<InstanceId> inService, boolean promoteRequested, Duration orphanGrace, Duration promotionDeadline,
                        Instant now, List<InstanceId> removeFirst, Set<InstanceId> observedServing, String keptId,
                        Instant keptUntil) {

  /** Validates and copies the fields. */
  public Situation {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(healthCheck, "healthCheck");
    Objects.requireNonNull(orphanGrace, "orphanGrace");
    Objects.requireNonNull(promotionDeadline, "promotionDeadline");
    Objects.requireNonNull(now, "now");
    knownGenerations = Set.copyOf(knownGenerations);
    instances = List.copyOf(instances);
    // a hash map: looked up once per instance per step, cheaper than an immutable map's probing
    gates = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(gates));
    registered = registered == null ? Set.of() : Set.copyOf(registered);
    inService = inService == null ? registered : Set.copyOf(inService);
    removeFirst = removeFirst == null ? List.of() : List.copyOf(removeFirst);
    if ((keptId == null) != (keptUntil == null)) {
      throw new IllegalArgumentException("a kept generation and the end of its window go together: " + keptId + ", " + keptUntil);
    }
    observedServing = observedServing == null ? Set.of() : Set.copyOf(observedServing);
    if (desired < 0) {
      throw new IllegalArgumentException("desired capacity is never negative: " + desired);
    }
    if (targetId == null && desired != 0) {
      throw new IllegalArgumentException("without a target generation the desired capacity is 0");
    }
  }

  /**
   * Whether an instance belongs to the generation kept out of service, its window still open. The
   * target itself is never kept (a rollback to the kept generation makes it the target).
   *
   * @param generationId the instance's generation
   * @return whether it is kept now
   */
  public boolean isKept(String generationId) {
    return keptId != null && keptId.equals(generationId) && !keptId.equals(targetId) && now.isBefore(keptUntil);
  }

  /**
   * Starts a builder.
   *
   * @param selector the fleet and owner
   * @param now the time
   * @return a builder for a rolling rollout of nothing, to be filled in
   */
  public static Builder builder(FleetSelector selector, Instant now) {
    return new Builder(selector, now);
  }

  /**
   * A builder holding this situation's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(selector, now);
    b.mode = mode;
    b.targetId = targetId;
    b.targetInstanceType = targetInstanceType;
    b.targetImageId = targetImageId;
    b.targetLive = targetLive;
    b.desired = desired;
    b.strategy = strategy;
    b.limits = limits;
    b.healthCheck = healthCheck;
    b.knownGenerations = knownGenerations;
    b.instances = instances;
    b.gates = gates;
    b.trafficTarget = trafficTarget;
    b.registered = registered;
    b.inService = inService;
    b.promoteRequested = promoteRequested;
    b.orphanGrace = orphanGrace;
    b.promotionDeadline = promotionDeadline;
    b.removeFirst = removeFirst;
    b.keptId = keptId;
    b.keptUntil = keptUntil;
    b.observedServing = observedServing;
    return b;
  }

  /** A mutable builder of {@link Situation}. */
  public static final class Builder {
    private final FleetSelector selector;
    private Instant now;
    private Mode mode = Mode.ROLLOUT;
    private String targetId;
    private String targetInstanceType;
    private String targetImageId;
    private boolean targetLive;
    private int desired;
    private RolloutStrategy strategy = RolloutStrategy.DEFAULT;
    private Limits limits = new Limits(1, 0);
    private HealthCheck healthCheck = HealthCheck.DEFAULT;
    private Set<String> knownGenerations = Set.of();
    private List<InstanceView> instances = List.of();
    private Map<InstanceId, GateStatus> gates = Map.of();
    private String trafficTarget;
    private Set<InstanceId> registered = Set.of();
    private Set<InstanceId> inService;
    private boolean promoteRequested;
    private Duration orphanGrace = Duration.ofMinutes(10);
    private Duration promotionDeadline = Duration.ofHours(24);
    private List<InstanceId> removeFirst = List.of();
    private String keptId;
    private Instant keptUntil;
    private Set<InstanceId> observedServing = Set.of();

    private Builder(FleetSelector selector, Instant now) {
      this.selector = selector;
      this.now = now;
    }

    /**
     * Sets the time.
     *
     * @param v the time
     * @return this builder
     */
    public Builder now(Instant v) {
      now = v;
      return this;
    }

    /**
     * Sets the mode.
     *
     * @param v the mode
     * @return this builder
     */
    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    /**
     * Sets the target.
     *
     * @param id the generation id, or null
     * @param instanceType its instance type
     * @param imageId its resolved image id, or null
     * @param desired the desired capacity
     * @return this
     */
    public Builder target(String id, String instanceType, String imageId, int desired) {
      this.targetId = id;
      this.targetInstanceType = instanceType;
      this.targetImageId = imageId;
      this.desired = desired;
      return this;
    }
    /**
     * Sets whether the target is live.
     *
     * @param v whether the target is live
     * @return this builder
     */
    public Builder targetLive(boolean v) {
      targetLive = v;
      return this;
    }

    /**
     * Sets the strategy.
     *
     * @param v the strategy
     * @return this builder
     */
    public Builder strategy(RolloutStrategy v) {
      strategy = v;
      return this;
    }

    /**
     * Sets the limits.
     *
     * @param v the limits
     * @return this builder
     */
    public Builder limits(Limits v) {
      limits = v;
      return this;
    }

    /**
     * Sets the health check.
     *
     * @param v the health check
     * @return this builder
     */
    public Builder healthCheck(HealthCheck v) {
      healthCheck = v;
      return this;
    }

    /**
     * Sets the known generation ids.
     *
     * @param v the known generation ids
     * @return this builder
     */
    public Builder knownGenerations(Set<String> v) {
      knownGenerations = v;
      return this;
    }

    /**
     * Sets the observed instances.
     *
     * @param v the observed instances
     * @return this builder
     */
    public Builder instances(List<InstanceView> v) {
      instances = v;
      return this;
    }

    /**
     * Sets the gate statuses.
     *
     * @param v the gate statuses
     * @return this builder
     */
    public Builder gates(Map<InstanceId, GateStatus> v) {
      gates = v;
      return this;
    }

    /**
     * Sets traffic management.
     *
     * @param target the load-balancer target, or null for none
     * @param registered the registered instances
     * @return this
     */
    public Builder traffic(String target, Set<InstanceId> registered) {
      return traffic(target, registered, registered);
    }

    /**
     * Sets traffic management, with what the load balancer reports in service.
     *
     * @param target the load-balancer target, or null for none
     * @param registered the registered instances (not draining)
     * @param inService those of them the load balancer reports healthy
     * @return this
     */
    public Builder traffic(String target, Set<InstanceId> registered, Set<InstanceId> inService) {
      this.trafficTarget = target;
      this.registered = registered;
      this.inService = inService;
      return this;
    }
    /**
     * Sets whether promote was requested.
     *
     * @param v whether promote was requested
     * @return this builder
     */
    public Builder promoteRequested(boolean v) {
      promoteRequested = v;
      return this;
    }

    /**
     * Sets the orphan grace period.
     *
     * @param v the orphan grace period
     * @return this builder
     */
    public Builder orphanGrace(Duration v) {
      orphanGrace = v;
      return this;
    }

    /**
     * Sets how long a manual promotion is waited for.
     *
     * @param v the deadline, from when the new generation passed its gate
     * @return this builder
     */
    public Builder promotionDeadline(Duration v) {
      promotionDeadline = v;
      return this;
    }


    /** @param v target instances to remove first on a scale-in, in order @return this */
    public Builder removeFirst(List<InstanceId> v) { removeFirst = v; return this; }

    /**
     * Sets the instances of unknown cloud health observed serving.
     *
     * @param v the instances
     * @return this builder
     */
    public Builder observedServing(Set<InstanceId> v) {
      observedServing = v;
      return this;
    }

    /**
     * Sets the generation kept running out of service after a promotion, and until when.
     *
     * @param id the kept generation's id, or null
     * @param until the end of its window, or null
     * @return this builder
     */
    public Builder kept(String id, Instant until) {
      keptId = id;
      keptUntil = until;
      return this;
    }

    /**
     * Builds the situation.
     *
     * @return the situation
     */
    public Situation build() {
      return new Situation(selector, mode, targetId, targetInstanceType, targetImageId, targetLive, desired, strategy, limits,
          healthCheck, knownGenerations, instances, gates, trafficTarget, registered, inService, promoteRequested, orphanGrace, promotionDeadline, now,
          removeFirst, observedServing, keptId, keptUntil);
    }
  }
}
