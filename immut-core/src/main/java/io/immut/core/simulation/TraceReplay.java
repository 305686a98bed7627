package io.immut.core.simulation;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.ImmutException;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import io.immut.spi.LaunchResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a demand trace through a fleet on the in-memory cloud, in virtual time, under a scaling
 * policy, and measures what it cost and how much demand it left unserved.
 *
 * <pre>{@code
 * DemandTrace trace = DemandTrace.read(Path.of("my_trace.csv"));
 * ReplayResult r = TraceReplay.builder(trace)
 *     .capacityPerInstance(trace.capacityForPeak(20))   // requests one instance serves per step
 *     .bootDelay(Duration.ofMinutes(3))
 *     .metricLag(Duration.ofMinutes(1))
 *     .policy(() -> KubernetesHpa.builder().targetUtilization(0.7).build())
 *     .build()
 *     .run();
 * System.out.println(r.summary());
 * }</pre>
 *
 * <p>How the replay works: the fleet's instances are real instances of the in-memory cloud, launched
 * and terminated through its driver, that take the boot delay to turn running and healthy. Time
 * moves in ticks (15 s by default). At each tick the replay publishes the metric datapoints whose
 * period ended at least the metric lag ago (a datapoint carries the period's demand and the
 * average number of ready instances that served it), asks the policy when its interval is due,
 * and brings the fleet to the desired size: it launches the missing instances, or terminates the
 * surplus, instances still booting first, newest first. The ready capacity of a step is the
 * average over its ticks of the healthy instances times the per-instance capacity. The initial
 * fleet is launched one boot delay before the trace starts, so it is ready at the start and its
 * boot is paid, as the oracle's is. The cost is what the in-memory cloud bills for the fleet's
 * instances, from launch to termination, at its price of the fleet's instance type.
 */
public final class TraceReplay {
  private static final Logger LOG = LoggerFactory.getLogger(TraceReplay.class);

  private final Builder b;

  private TraceReplay(Builder b) {
    this.b = b;
  }

  /**
   * Starts a replay of a trace.
   *
   * @param trace the demand
   * @return a builder
   */
  public static Builder builder(DemandTrace trace) {
    return new Builder(trace);
  }

  /**
   * Runs the replay.
   *
   * @return the measurements
   */
  public ReplayResult run() {
    DemandTrace trace = b.trace;
    VirtualClock clock = new VirtualClock(trace.start().minus(b.bootDelay));
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(b.seed).bootTime(b.bootDelay).bootJitter(b.bootJitter)
        .healthyAfter(Duration.ZERO).anyImage(true).build();
    CloudDriver driver = cloud.driver();
    SizingPolicy policy = b.autoscaled != null ? AutoscaledPolicy.of(b.autoscaled, driver.prices().orElse(null)) : b.policy.get();
    Duration step = trace.step();
    Duration tick = b.tick;
    checkDivides(tick, step, "the trace's step");
    checkDivides(tick, policy.interval(), "the interval of policy " + policy.name());
    long ticksPerStep = step.toNanos() / tick.toNanos();
    long intervalTicks = policy.interval().toNanos() / tick.toNanos();

    FleetSpec spec = b.fleet;
    FleetSelector selector = new FleetSelector(spec.name(), "immut-replay");
    Image image = driver.resolveImage(spec.generation().image());
    BigDecimal price = driver.prices().flatMap(p -> p.hourlyPrice(spec.generation().instanceType()))
        .or(() -> Optional.ofNullable(b.price))
        .orElseThrow(() -> new ImmutException("no price for instance type '" + spec.generation().instanceType()
            + "' in the in-memory cloud; set one with TraceReplay.Builder.price(...)"));
    Fleet fleet = new Fleet(driver, selector, spec, image, clock);

    int n = trace.size();
    double capacity = b.capacityPerInstance;
    int initial = b.initialSize >= 0 ? b.initialSize : Math.max(1, Oracle.needed(trace.demand(0), capacity));
    int desired = initial;
    fleet.reconcile(desired);
    clock.advance(b.bootDelay);

    double[] demand = trace.values();
    double[] ready = new double[n];
    double[] live = new double[n];
    int[] desiredAtEnd = new int[n];
    ArrayDeque<Datapoint> history = new ArrayDeque<>();
    List<SizeChange> decisions = new ArrayList<>();
    int published = 0;
    long tickNo = 0;
    for (int m = 0; m < n; m++) {
      for (long j = 0; j < ticksPerStep; j++, tickNo++) {
        Instant now = clock.now();
        while (published < m && !trace.start().plus(step.multipliedBy(published + 1L)).plus(b.metricLag).isAfter(now)) {
          if (!b.outages.get(published)) {
            history.addLast(new Datapoint(trace.start().plus(step.multipliedBy(published)), step, demand[published],
                ready[published]));
            if (history.size() > b.metricHistory) {
              history.removeFirst();
            }
          }
          published++;
        }
        fleet.observe();
        if (tickNo % intervalTicks == 0) {
          Observation o = new Observation(now, desired, fleet.live(), fleet.ready(), List.copyOf(history), capacity,
              fleet.launchTimes());
          Sizing s = policy.decide(o);
          if (s.desired() != desired) {
            decisions.add(new SizeChange(now, desired, s.desired(), s.reason()));
            LOG.debug("{} {}: {} -> {} ({})", policy.name(), now, desired, s.desired(), s.reason());
            desired = s.desired();
          }
        }
        fleet.reconcile(desired);
        double share = 1.0 / ticksPerStep;
        ready[m] += fleet.ready() * share;
        live[m] += fleet.live() * share;
        clock.advance(tick);
      }
      desiredAtEnd[m] = desired;
    }
    fleet.terminateAll();
    BigDecimal spend = cloud.spend();
    double instanceHours = fleet.instanceSeconds() / 3600.0;
    ServiceLevel level = ServiceLevel.of(demand, ready, capacity);
    Oracle oracle = Oracle.of(trace, capacity, b.bootDelay);
    return new ReplayResult(policy.name(), trace.start(), step, capacity, b.bootDelay, b.metricLag, demand, ready, live,
        desiredAtEnd, instanceHours, price, spend, level, oracle, decisions, fleet.launches(), fleet.terminations());
  }

  private static void checkDivides(Duration tick, Duration d, String what) {
    if (d.toNanos() % tick.toNanos() != 0) {
      throw new ImmutException("the replay's tick of " + tick + " does not divide " + what + " (" + d
          + "); choose a tick that divides both, such as 15 s for one-minute steps");
    }
  }

  /** The replayed fleet on the cloud: counts, launches, terminations, and the instance-seconds ledger. */
  private static final class Fleet {
    private final CloudDriver driver;
    private final FleetSelector selector;
    private final FleetSpec spec;
    private final Image image;
    private final VirtualClock clock;
    private final Map<InstanceId, Instant> launchedAt = new HashMap<>();
    private final List<InstanceView> liveViews = new ArrayList<>();
    private double instanceSeconds;
    private long sequence;
    private int launches;
    private int terminations;
    private int readyCount;

    Fleet(CloudDriver driver, FleetSelector selector, FleetSpec spec, Image image, VirtualClock clock) {
      this.driver = driver;
      this.selector = selector;
      this.spec = spec;
      this.image = image;
      this.clock = clock;
    }

    void observe() {
      liveViews.clear();
      readyCount = 0;
      for (InstanceView v : driver.list(selector)) {
        if (v.state().isLive() && launchedAt.containsKey(v.id())) {
          liveViews.add(v);
          if (v.state() == InstanceState.RUNNING && v.health() == HealthStatus.HEALTHY) {
            readyCount++;
          }
        }
      }
    }

    int live() {
      return liveViews.size();
    }

    List<Instant> launchTimes() {
      List<Instant> times = new ArrayList<>(liveViews.size());
      for (InstanceView v : liveViews) {
        times.add(launchedAt.get(v.id()));
      }
      times.sort(null);
      return times;
    }

    int ready() {
      return readyCount;
    }

    void reconcile(int desired) {
      int missing = desired - liveViews.size();
      if (missing > 0) {
        LaunchToken token = LaunchToken.of("replay-" + (++sequence));
        LaunchResult r = driver.launch(LaunchRequest.builder().token(token).ownership(Ownership.of(selector, spec.generationId()))
            .spec(spec.generation()).image(image).count(missing).build());
        for (InstanceView v : r.instances()) {
          launchedAt.put(v.id(), clock.now());
          liveViews.add(v);
        }
        launches += r.instances().size();
      } else if (missing < 0) {
        List<InstanceView> victims = new ArrayList<>(liveViews);
        // booting instances first (they serve nothing yet), then the newest
        victims.sort(Comparator.comparing((InstanceView v) -> v.state() == InstanceState.PROVISIONING ? 0 : 1)
            .thenComparing(InstanceView::launchedAt, Comparator.reverseOrder())
            .thenComparing(v -> v.id().value(), Comparator.reverseOrder()));
        Set<InstanceId> ids = new LinkedHashSet<>();
        for (InstanceView v : victims.subList(0, -missing)) {
          ids.add(v.id());
        }
        driver.terminate(ids);
        for (InstanceView v : victims.subList(0, -missing)) {
          if (v.state() == InstanceState.RUNNING && v.health() == HealthStatus.HEALTHY) {
            readyCount--;
          }
        }
        liveViews.removeIf(v -> ids.contains(v.id()));
        stop(ids);
        terminations += ids.size();
      }
    }

    void terminateAll() {
      Set<InstanceId> ids = new LinkedHashSet<>(launchedAt.keySet());
      if (!ids.isEmpty()) {
        driver.terminate(ids);
      }
      stop(ids);
    }

    private void stop(Set<InstanceId> ids) {
      Instant now = clock.now();
      for (InstanceId id : ids) {
        Instant at = launchedAt.remove(id);
        if (at != null) {
          instanceSeconds += Duration.between(at, now).toNanos() / 1e9;
        }
      }
    }

    double instanceSeconds() {
      return instanceSeconds;
    }

    int launches() {
      return launches;
    }

    int terminations() {
      return terminations;
    }
  }

  /** Configures a {@link TraceReplay}. */
  public static final class Builder {
    private final DemandTrace trace;
    private double capacityPerInstance = Double.NaN;
    private Duration bootDelay = Duration.ofMinutes(3);
    private Duration metricLag = Duration.ZERO;
    private Duration tick = Duration.ofSeconds(15);
    private double bootJitter;
    private Supplier<SizingPolicy> policy;
    private FleetSpec autoscaled;
    private int initialSize = -1;
    private int metricHistory = 60;
    private final java.util.BitSet outages = new java.util.BitSet();
    private long seed = 42;
    private BigDecimal price;
    private FleetSpec fleet = FleetSpec.builder("replay")
        .generation(GenerationSpec.builder().image("ami-replay").instanceType("t3.micro").build())
        .capacity(Capacity.fixed(1)).build();

    private Builder(DemandTrace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
    }

    /**
     * Requests one instance serves in one step of the trace (required).
     *
     * @param capacity positive
     * @return this builder
     */
    public Builder capacityPerInstance(double capacity) {
      if (!(capacity > 0) || Double.isInfinite(capacity)) {
        throw new IllegalArgumentException("capacity per instance must be positive and finite, got " + capacity);
      }
      this.capacityPerInstance = capacity;
      return this;
    }

    /**
     * The time from launch to ready (3 minutes by default).
     *
     * @param boot zero or more
     * @return this builder
     */
    public Builder bootDelay(Duration boot) {
      if (boot.isNegative()) {
        throw new IllegalArgumentException("the boot delay must not be negative, got " + boot);
      }
      this.bootDelay = boot;
      return this;
    }

    /**
     * The spread of boot times, +-fraction, from the seed (0 by default).
     *
     * @param jitter from 0 to 1
     * @return this builder
     */
    public Builder bootJitter(double jitter) {
      this.bootJitter = jitter;
      return this;
    }

    /**
     * How long after its period ends a datapoint is published (0 by default).
     *
     * @param lag zero or more
     * @return this builder
     */
    public Builder metricLag(Duration lag) {
      if (lag.isNegative()) {
        throw new IllegalArgumentException("the metric lag must not be negative, got " + lag);
      }
      this.metricLag = lag;
      return this;
    }

    /**
     * The replay's time resolution (15 s by default); it must divide the trace's step and the
     * policy's interval.
     *
     * @param tick positive
     * @return this builder
     */
    public Builder tick(Duration tick) {
      if (tick.isNegative() || tick.isZero()) {
        throw new IllegalArgumentException("the tick must be positive, got " + tick);
      }
      this.tick = tick;
      return this;
    }

    /**
     * The policy, made fresh for each run (policies keep state).
     *
     * @param policy a factory of the policy
     * @return this builder
     */
    public Builder policy(Supplier<SizingPolicy> policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.autoscaled = null;
      return this;
    }

    /**
     * Replays a fleet's own autoscaling: the policies of its autoscaled capacity, under its budget
     * at the in-memory cloud's prices (see {@link AutoscaledPolicy} for the metric names they can
     * use). Replaces {@link #policy}.
     *
     * @param spec a fleet spec whose capacity is {@code Capacity.autoscaled(...)}
     * @return this builder
     * @throws IllegalArgumentException when the capacity is fixed
     */
    public Builder autoscaledBy(FleetSpec spec) {
      if (!(spec.capacity() instanceof io.immut.api.Capacity.Autoscaled)) {
        throw new IllegalArgumentException("fleet '" + spec.name() + "' has a fixed capacity; replay it with policy(() -> SizingPolicy.fixed(n))"
            + " or give it Capacity.autoscaled(min, max, policies...)");
      }
      this.autoscaled = spec;
      this.policy = null;
      return this;
    }

    /**
     * An outage of the metric: the datapoints of the steps {@code [from, to)} are never published
     * (the demand still arrives and is still measured). Repeatable.
     *
     * @param from the first step without a datapoint
     * @param to the step after the last one
     * @return this builder
     */
    public Builder metricOutage(int from, int to) {
      if (from < 0 || to < from) {
        throw new IllegalArgumentException("a metric outage is a range of steps from <= to, got [" + from + ", " + to + ")");
      }
      this.outages.set(from, to);
      return this;
    }

    /**
     * The fleet's size when the trace starts (by default what the first step needs).
     *
     * @param size at least 0
     * @return this builder
     */
    public Builder initialSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("the initial size must be at least 0, got " + size);
      }
      this.initialSize = size;
      return this;
    }

    /**
     * How many of the newest datapoints a policy sees (60 by default); policies that learn from a
     * longer history keep what they were shown.
     *
     * @param datapoints at least 1
     * @return this builder
     */
    public Builder metricHistory(int datapoints) {
      if (datapoints < 1) {
        throw new IllegalArgumentException("the metric history holds at least 1 datapoint, got " + datapoints);
      }
      this.metricHistory = datapoints;
      return this;
    }

    /**
     * The fleet to launch: its generation's image and instance type (the type prices the replay).
     * Its capacity is ignored: the policy sizes the fleet.
     *
     * @param fleet the fleet spec
     * @return this builder
     */
    public Builder fleet(FleetSpec fleet) {
      this.fleet = Objects.requireNonNull(fleet, "fleet");
      return this;
    }

    /**
     * The hourly price of an instance when the in-memory cloud's price list lacks the fleet's type.
     *
     * @param hourly the price
     * @return this builder
     */
    public Builder price(BigDecimal hourly) {
      this.price = hourly;
      return this;
    }

    /**
     * The seed of the cloud's randomness (boot jitter).
     *
     * @param seed any
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the replay.
     *
     * @return the replay, ready to run
     * @throws ImmutException when the capacity or the policy is missing
     */
    public TraceReplay build() {
      if (Double.isNaN(capacityPerInstance)) {
        throw new ImmutException("a trace replay needs the capacity of one instance: set capacityPerInstance(requests per step),"
            + " for example trace.capacityForPeak(20) so that the peak needs 20 instances");
      }
      if (policy == null && autoscaled == null) {
        throw new ImmutException("a trace replay needs a policy: set policy(() -> KubernetesHpa.builder().build()), your own SizingPolicy,"
            + " or autoscaledBy(fleetSpec) for a fleet's own autoscaling");
      }
      return new TraceReplay(this);
    }
  }
}
