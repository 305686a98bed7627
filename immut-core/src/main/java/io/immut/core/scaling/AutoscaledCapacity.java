package io.immut.core.scaling;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.CostPolicy;
import io.immut.api.Instance;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.cost.Budget;
import io.immut.core.cost.IdleReaper;
import io.immut.core.rollout.CapacityTarget;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.MetricsSource;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The desired size of each fleet, as the engine's reconcile loop asks for it (plug it in with
 * {@code Immut.builder().capacityTarget(AutoscaledCapacity.builder(driver, metrics).build())}): the spec's own size
 * for a fixed capacity; for an autoscaled one, the decision of a {@link ScalingController} kept per
 * fleet, taken at most once per {@code interval} (the engine may ask far more often) from the
 * fleet's instances as the driver lists them and the metrics source.
 *
 * <p>Under a budget, when the fleet's strategy is rolling with nothing unavailable, one instance of
 * the budget is kept out of the autoscaler's reach, so that a fleet grown to its budget can still
 * take the one instance of surge a rollout needs.
 *
 * <p>A fleet seen for the first time starts at the size of its largest live generation, clamped to
 * the capacity's bounds, so that a restarted process does not shrink a running fleet to
 * {@code min}. A changed capacity or cost policy starts a new controller.
 */
public final class AutoscaledCapacity implements CapacityTarget {
  private final CloudDriver driver;
  private final MetricsSource metrics;
  private final String owner;
  private final Duration interval;
  private final Duration maxSampleAge;
  private final PriceCatalog prices;
  private final List<BiConsumer<String, ScalingDecision>> listeners;
  private final Map<String, Fleet> fleets = new HashMap<>();
  private final Map<String, Reaping> reaping = new HashMap<>();

  private AutoscaledCapacity(Builder b) {
    this.driver = b.driver;
    this.metrics = b.metrics;
    this.owner = b.owner;
    this.interval = b.interval;
    this.maxSampleAge = b.maxSampleAge;
    this.prices = b.prices != null ? b.prices : b.driver.prices().orElse(null);
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a builder.
   *
   * @param driver the driver the fleets run on (listed for the instances, asked for prices)
   * @param metrics where the policies read their metrics
   * @return the builder
   */
  public static Builder builder(CloudDriver driver, MetricsSource metrics) {
    return new Builder(driver, metrics);
  }

  /**
   * The size a fleet should have now.
   *
   * @param spec the fleet's spec
   * @param now the engine's clock
   * @return the spec's size when fixed; the autoscaler's decision when autoscaled
   */
  @Override
  public synchronized int desired(FleetSpec spec, Instant now) {
    if (!(spec.capacity() instanceof Capacity.Autoscaled capacity)) {
      return spec.capacity().desired();
    }
    Fleet fleet = fleets.get(spec.name());
    String key = capacity + "|" + spec.cost() + "|" + spec.generation().instanceType();
    if (fleet == null || !fleet.key.equals(key)) {
      Autoscaler autoscaler = new Autoscaler(capacity,
          Budget.of(spec.cost(), prices, spec.generation().instanceType()).withReserve(surgeReserve(spec)))
          .withMaxSampleAge(maxSampleAge);
      ScalingController controller = new ScalingController(spec.name(), autoscaler, metrics);
      for (BiConsumer<String, ScalingDecision> l : listeners) {
        controller.onChange(d -> l.accept(spec.name(), d));
      }
      fleet = new Fleet(key, controller);
      fleets.put(spec.name(), fleet);
    }
    if (fleet.decidedAt != null && now.isBefore(fleet.decidedAt.plus(interval)) && !now.isBefore(fleet.decidedAt)) {
      return fleet.controller.desired();
    }
    List<InstanceView> views = driver.list(new FleetSelector(spec.name(), owner));
    List<Instant> launches = new ArrayList<>();
    Map<String, Integer> perGeneration = new HashMap<>();
    for (InstanceView v : views) {
      if (v.state() == InstanceState.PROVISIONING || v.state() == InstanceState.RUNNING) {
        launches.add(v.launchedAt() == null ? Instant.EPOCH : v.launchedAt());
        perGeneration.merge(String.valueOf(v.generationId()), 1, Integer::sum);
      }
    }
    int current;
    if (fleet.controller.last() != null) {
      current = fleet.controller.last().desired();
    } else {
      int largest = perGeneration.values().stream().mapToInt(Integer::intValue).max().orElse(capacity.desired());
      current = Math.max(capacity.min(), Math.min(capacity.max(), largest));
    }
    fleet.decidedAt = now;
    return fleet.controller.step(now, new FleetObservation(current, launches)).desired();
  }

  /**
   * A rolling rollout that may not drop capacity needs one instance of surge: the autoscaler keeps
   * it out of the budget, so that a fleet grown to its budget can still be rolled.
   */
  private static int surgeReserve(FleetSpec spec) {
    if (spec.strategy() instanceof RolloutStrategy.Rolling r && r.maxUnavailable().resolve(Math.max(1, spec.capacity().desired()), false) == 0) {
      return 1;
    }
    return 0;
  }

  /** The latest decision's reason: the deciding policy, the metric value it read, any clamp. */
  @Override
  public synchronized Optional<String> reason(String fleet) {
    return lastDecision(fleet).map(d -> d.current() + " -> " + d.desired() + ": " + d.reason());
  }

  /**
   * The idle instances of the generation being rolled in, lowest load first, when the fleet has
   * more of them than it needs and its cost policy has an idle-reaping rule; decided at most once
   * per interval (each instance's load is one range query).
   */
  @Override
  public synchronized List<InstanceId> removeFirst(FleetSpec spec, List<InstanceView> instances, Instant now) {
    Optional<CostPolicy.IdleReaping> rule = spec.cost().idle();
    if (rule.isEmpty()) {
      return List.of();
    }
    Fleet fleet = fleets.get(spec.name());
    int desired = fleet == null ? spec.capacity().desired() : fleet.controller.desired();
    List<Instance> target = new ArrayList<>();
    for (InstanceView v : instances) {
      if (spec.generationId().equals(v.generationId()) && spec.name().equals(v.fleet()) && v.state().isLive()) {
        target.add(new Instance(v.id(), spec.name(), v.generationId(), v.state(), v.health(), v.instanceType(), v.imageId(),
            v.zone(), v.launchedAt(), v.privateAddress()));
      }
    }
    if (target.size() <= desired) {
      return List.of();
    }
    Reaping cached = reaping.get(spec.name());
    if (cached != null && !now.isBefore(cached.at) && now.isBefore(cached.at.plus(interval))) {
      return cached.ids;
    }
    List<InstanceId> ids = new IdleReaper(rule.get(), metrics).rank(target, now).stream()
        .filter(IdleReaper.Candidate::idle).map(c -> c.instance().id()).toList();
    reaping.put(spec.name(), new Reaping(now, ids));
    return ids;
  }

  private record Reaping(Instant at, List<InstanceId> ids) {}

  /**
   * The latest decision for a fleet.
   *
   * @param fleet the fleet's name
   * @return the decision, or empty before the first (or for a fixed capacity)
   */
  public synchronized Optional<ScalingDecision> lastDecision(String fleet) {
    Fleet f = fleets.get(fleet);
    return f == null ? Optional.empty() : Optional.ofNullable(f.controller.last());
  }

  private static final class Fleet {
    final String key;
    final ScalingController controller;
    Instant decidedAt;

    Fleet(String key, ScalingController controller) {
      this.key = key;
      this.controller = controller;
    }
  }

  /** A builder of {@link AutoscaledCapacity}. */
  public static final class Builder {
    private final CloudDriver driver;
    private final MetricsSource metrics;
    private String owner = "immut";
    private Duration interval = Duration.ofSeconds(15);
    private Duration maxSampleAge = Autoscaler.DEFAULT_MAX_SAMPLE_AGE;
    private PriceCatalog prices;
    private final List<BiConsumer<String, ScalingDecision>> listeners = new ArrayList<>();

    private Builder(CloudDriver driver, MetricsSource metrics) {
      this.driver = Objects.requireNonNull(driver, "driver");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Sets the owner whose instances are listed (the engine's {@code owner}).
     *
     * @param owner the owner tag value; default {@code immut}
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /**
     * Sets how often a fleet's size is decided again; the last decision holds in between.
     *
     * @param interval positive; default 15 seconds, as the Kubernetes HPA syncs
     * @return this builder
     */
    public Builder interval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("an autoscaling interval must be positive, got " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets the oldest a metric sample may be for a decision to use it; a policy whose latest
     * sample is older abstains (and the fleet holds its size).
     *
     * @param maxAge positive; default 5 minutes. A few periods of the slowest metric
     * @return this builder
     */
    public Builder maxSampleAge(Duration maxAge) {
      if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("the maximum sample age must be positive, such as 5m; got " + maxAge);
      }
      this.maxSampleAge = maxAge;
      return this;
    }

    /**
     * Uses prices of your own instead of the driver's.
     *
     * @param prices the catalog
     * @return this builder
     */
    public Builder prices(PriceCatalog prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * Adds a listener told of every decision that changes a fleet's size.
     *
     * @param listener called with the fleet's name and the decision
     * @return this builder
     */
    public Builder onChange(BiConsumer<String, ScalingDecision> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds it. Makes no cloud call.
     *
     * @return the capacity function
     */
    public AutoscaledCapacity build() {
      return new AutoscaledCapacity(this);
    }
  }
}
