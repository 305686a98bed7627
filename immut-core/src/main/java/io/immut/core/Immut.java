package io.immut.core;

import io.immut.core.clock.VirtualClock;
import io.immut.core.clock.Clock;
import io.immut.api.FleetSpec;
import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import io.immut.api.Instance;
import io.immut.api.RolloutStrategy;
import io.immut.core.cost.CostReport;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStore;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.FleetLeases;
import io.immut.core.port.GenerationLifecycle;
import io.immut.core.internal.local.LocalFleetCommands;
import io.immut.core.internal.local.LocalFleetLeases;
import io.immut.core.internal.local.StoreGenerationLifecycle;
import io.immut.core.rollout.CanaryAnalysis;
import io.immut.core.rollout.CapacityTarget;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.GenerationValidator;
import io.immut.core.rollout.HealthProbe;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.internal.execution.AdaptiveRateLimit;
import io.immut.core.rollout.Backoff;
import io.immut.core.internal.execution.Executor;
import io.immut.core.rollout.plan.Plan;
import io.immut.core.internal.reconcile.Planner;
import io.immut.core.internal.reconcile.Engine;
import io.immut.core.internal.reconcile.Observations;
import io.immut.core.internal.reconcile.Preflight;
import io.immut.core.internal.reconcile.RolloutRun;
import io.immut.core.state.StateCheck;
import io.immut.core.state.StateReport;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point of immut: plans and carries out replace-not-patch rollouts of fleets on one
 * cloud driver.
 *
 * <pre>{@code
 * try (Immut immut = Immut.builder().driver("memory").build()) {
 *   System.out.println(immut.plan(spec).toText());
 *   RolloutResult result = immut.apply(spec, event -> System.out.println(event));
 * }
 * }</pre>
 *
 * <p>The cloud is the source of truth: every instance carries its fleet's ownership tags, and
 * each {@code apply} is a level-triggered reconcile loop that observes the fleet, decides the next
 * safe step and takes it. A process killed during a rollout loses nothing: calling {@code apply}
 * again with the same spec from a new {@code Immut} on the same cloud and generation store
 * finishes the rollout, with no double launch (launch tokens) and no leaked instance.
 *
 * <p>One rollout per fleet at a time: an {@code apply} on a fleet that is being rolled out, in this
 * process or in another one on this host, fails at once with a {@link FleetBusyException}. The
 * engine's three ports beside the driver decide what "another" means: the
 * {@linkplain Builder#fleetLeases fleet leases} (default: in this JVM for a process-local cloud, and a
 * file lock in {@link Builder#lockDirectory} for a shared one), the
 * {@linkplain Builder#fleetCommands fleet commands} that {@link #promote}, {@link #abort},
 * {@link #rollback}, {@link #pause} and {@link #resume} send to the lease holder, and the
 * {@linkplain Builder#generationLifecycle generation lifecycle} over the history.
 *
 * <p>Thread-safe: several fleets may be rolled out at once from several threads. They share this
 * engine's rate limits (one for mutating calls, one for reads: one pair per cloud account) in turns:
 * each fleet holds at most one waiting call under each limit, so a fleet with many calls to make does
 * not starve the others. A {@link FleetController} ({@link #controller()}) keeps many fleets
 * reconciled continuously with this engine.
 */
public final class Immut implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Immut.class);
  private final CloudDriver driver;
  private final boolean ownsDriver;
  private final Engine engine;
  private final RolloutListener listener;
  private final io.immut.spi.CloudScope scope;
  private final FleetLeases leases;
  private final Duration leaseTtl;
  private final Map<String, CompletableFuture<RolloutResult>> running = new ConcurrentHashMap<>();
  private final ExecutorService async;

  private Immut(Builder b) {
    this.driver = b.driver;
    this.ownsDriver = b.ownsDriver;
    this.listener = b.listener;
    // Leases and commands are keyed by the driver's scope, not by the driver object: two engines on
    // one cloud exclude each other, two in-memory clouds (parallel tests) never do. A process-local
    // scope writes no file.
    this.scope = b.driver.scope();
    Path lockDirectory = b.lockDirectory != null ? b.lockDirectory : FleetLeases.defaultDirectory();
    this.leases = b.leases != null ? b.leases : new LocalFleetLeases(lockDirectory, b.clock);
    this.leaseTtl = b.leaseTtl;
    FleetCommands commands = b.commands != null ? b.commands : new LocalFleetCommands(lockDirectory);
    GenerationLifecycle lifecycle = b.lifecycle != null ? b.lifecycle : new StoreGenerationLifecycle(b.store);
    Executor executor = new Executor(b.driver, b.clock, AdaptiveRateLimit.builder().initialRate(b.rate)
        .minRate(Math.min(0.5, b.rate)).maxRate(Math.max(b.rate, 100)).build(), AdaptiveRateLimit.reads(), b.backoff,
        new SplittableRandom(b.seed));
    executor.observeCalls(b.callListener);
    this.engine = new Engine(b.driver, executor, b.clock, lifecycle, commands, b.owner, b.probe, b.validators, b.analyses, b.capacity,
        b.orphanGrace, b.promotionDeadline, b.stateCheck, b.prices, new Observations());
    AtomicInteger n = new AtomicInteger();
    this.async = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "immut-rollout-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a builder.
   *
   * @return a builder; a driver is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The engine's own generation lifecycle over a history store: what an engine built with
   * {@code generationStore(store)} uses, as a value of its own — to wrap (say, to observe its
   * transitions) and hand to {@link Builder#generationLifecycle}. Engines that share the store
   * share the history; the lifecycle takes no lease of its own (the engine's fleet lease guards it).
   *
   * @param store the history
   * @return a lifecycle over it
   * @since 0.2
   */
  public static GenerationLifecycle generationLifecycle(GenerationStore store) {
    return new StoreGenerationLifecycle(Objects.requireNonNull(store, "store"));
  }

  /**
   * Previews what {@link #apply} would do: waves, peak instances, estimated duration, overlap
   * cost and the state checks' findings. Only reads the cloud.
   *
   * @param spec the desired state
   * @return the plan
   * @throws io.immut.core.rollout.OverBudgetException when the rollout cannot fit the fleet's budget
   * @throws ImmutException when a validator or analysis the spec names is not registered, or the
   *     image cannot be resolved
   * @throws io.immut.api.InvalidSpecException when the driver finds problems in the generation spec
   *     ({@code CloudDriver.check}), every one listed with its path under {@code generation.}
   */
  public Plan plan(FleetSpec spec) {
    checkHooks(spec);
    try {
      return Planner.plan(engine, spec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImmutException("planning fleet '" + spec.name() + "' was interrupted", e);
    }
  }

  /**
   * Runs the state checks a rollout of the spec would run, without changing anything: the spec's
   * volumes, bindings and user data, and each owned instance the rollout would replace (inspected
   * through the driver).
   *
   * @param spec the desired state
   * @return the findings, with the spec's acknowledgements applied
   * @throws io.immut.api.InvalidSpecException when the driver finds problems in the generation spec
   */
  public StateReport check(FleetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Preflight preflight = Preflight.of(engine, spec);
    try {
      return preflight.state(null, preflight.observe(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImmutException("checking fleet '" + spec.name() + "' was interrupted", e);
    }
  }

  /**
   * Rolls the spec out and blocks until the rollout is over, with the builder's listener.
   *
   * @param spec the desired state
   * @return how it ended; a failed gate is rolled back automatically and reported as
   *     {@link RolloutResult.Outcome#ROLLED_BACK}
   * @throws FleetBusyException when another rollout of the fleet is under way
   * @throws io.immut.core.rollout.OverBudgetException when the rollout cannot fit the fleet's
   *     budget (before any cloud change)
   * @throws io.immut.core.state.StateBlockedException when the state checks find a blocker the
   *     spec does not acknowledge (before any cloud change)
   */
  public RolloutResult apply(FleetSpec spec) {
    return apply(spec, RolloutListener.NONE);
  }

  /**
   * Rolls the spec out and blocks until the rollout is over. A spec whose generation is already
   * live on a fleet that matches it is a no-op ({@link RolloutResult.Outcome#NO_CHANGE}); a new
   * spec gets the next generation number.
   *
   * @param spec the desired state
   * @param listener receives the rollout's events (beside the builder's listener)
   * @return how it ended
   * @throws FleetBusyException when another rollout of the fleet is under way
   * @throws io.immut.core.rollout.OverBudgetException when the rollout cannot fit the fleet's
   *     budget (before any cloud change)
   * @throws io.immut.core.state.StateBlockedException when the state checks find a blocker the
   *     spec does not acknowledge (before any cloud change); the findings are also sent as
   *     {@link io.immut.core.rollout.RolloutEvent.StateFinding} events
   */
  public RolloutResult apply(FleetSpec spec, RolloutListener listener) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    checkHooks(spec);
    return exclusively(spec.name(), lease -> RolloutRun.apply(engine, spec, this.listener.andThen(listener), lease));
  }

  /**
   * Rolls the spec out on a thread of this {@code Immut}. Cancelling the future
   * ({@code cancel(true)} or {@code cancel(false)}) aborts the rollout as {@link #abort} does: it
   * stops at its next step and rolls back what it launched (the future itself is then cancelled;
   * the rollout's {@link io.immut.core.rollout.RolloutEvent.Finished} event carries its {@code ABORTED} result).
   *
   * @param spec the desired state
   * @param listener receives the rollout's events
   * @return the result to come; completes exceptionally with {@link FleetBusyException} when the
   *     fleet is busy
   */
  public CompletableFuture<RolloutResult> applyAsync(FleetSpec spec, RolloutListener listener) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    FleetKey key = key(spec.name());
    CompletableFuture<RolloutResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && leases.isLeased(key)) {
          engine.commands().send(key, FleetCommand.ABORT);
        }
        return cancelled;
      }
    };
    async.execute(() -> {
      if (future.isCancelled()) {
        return;
      }
      // a cancel that lands before the rollout holds its lease is caught at its first event
      AtomicBoolean sent = new AtomicBoolean();
      RolloutListener watching = event -> {
        if (future.isCancelled() && sent.compareAndSet(false, true)) {
          engine.commands().send(key, FleetCommand.ABORT);
        }
        listener.onEvent(event);
      };
      try {
        future.complete(apply(spec, watching));
      } catch (RuntimeException | Error e) {
        future.completeExceptionally(e);
      }
    });
    return future;
  }

  /**
   * Rolls the spec out on a thread of this {@code Immut}, with the builder's listener.
   *
   * @param spec the desired state
   * @return the result to come
   */
  public CompletableFuture<RolloutResult> applyAsync(FleetSpec spec) {
    return applyAsync(spec, RolloutListener.NONE);
  }

  /**
   * What the fleet runs now: the live generation, the generation being rolled in, the generation
   * kept running out of service after a blue/green promotion and until when
   * ({@link FleetStatus#kept()}, {@link FleetStatus#nextWorkDue()}: from then on an {@code apply}
   * of the fleet's spec retires it), every owned instance with its health, and the hourly cost
   * when the driver has prices. The desired capacity is the one this engine's latest reconcile of
   * the fleet aimed at, else that of the spec the live generation was recorded with; reading the
   * status lists the fleet once and asks no capacity target to decide.
   *
   * @param fleet the fleet
   * @return the status
   */
  public FleetStatus status(String fleet) {
    FleetSelector selector = new FleetSelector(fleet, engine.owner());
    List<InstanceView> views;
    try {
      views = Executor.onBehalfOf(fleet, () -> engine.executor().list(selector, null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImmutException("reading the status of fleet '" + fleet + "' was interrupted", e);
    }
    return statusOf(fleet, views, engine.clock().now());
  }

  /**
   * The status from a listing: the capacity aimed at is the one this engine's latest reconcile of
   * the fleet aimed at (a capacity change or an autoscaling decision keeps the generation, so the
   * history's spec can be older); before any, that of the spec the live generation was recorded
   * with. Reading the status never asks the capacity target to decide.
   */
  private FleetStatus statusOf(String fleet, List<InstanceView> views, Instant observedAt) {
    FleetSelector selector = new FleetSelector(fleet, engine.owner());
    Optional<GenerationRecord> live = engine.lifecycle().live(fleet);
    Generation target = engine.lifecycle().target(fleet).map(GenerationRecord::generation).orElse(null);
    List<Instance> instances = new ArrayList<>();
    Optional<PriceCatalog> prices = engine.prices();
    BigDecimal cost = prices.isPresent() ? BigDecimal.ZERO : null;
    for (InstanceView v : views) {
      if (!v.ownership().belongsTo(selector) || v.state().isGone()) {
        continue;
      }
      instances.add(new Instance(v.id(), fleet, v.generationId(), v.state(), v.health(), v.instanceType(), v.imageId(), v.zone(),
          v.launchedAt(), v.privateAddress() != null ? v.privateAddress() : v.publicAddress()));
      if (cost != null) {
        Optional<BigDecimal> p = v.instanceType() == null ? Optional.empty() : prices.get().hourlyPrice(v.instanceType());
        cost = p.isPresent() ? cost.add(p.get()) : null;
      }
    }
    int desired = engine.observations().latest(fleet).map(Observations.Observation::desired)
        .orElseGet(() -> live.map(r -> r.spec().capacity().desired()).orElse(0));
    Optional<GenerationRecord> kept = engine.lifecycle().kept(fleet);
    return new FleetStatus(fleet, live.map(GenerationRecord::generation).orElse(null), target, desired, instances, cost,
        observedAt, kept.map(GenerationRecord::generation).orElse(null), kept.map(GenerationRecord::keptUntil)
        .orElse(null));
  }

  /**
   * What the fleet costs now: the hourly spend of its live instances, the month it projects to,
   * the spend of each generation (by name) and the fleet's budget, priced with the engine's
   * prices ({@link Builder#prices}, else the driver's). Only reads the cloud. The last rollout's
   * overlap cost is not kept by the engine and is reported as unknown.
   *
   * @param fleet the fleet
   * @return the report; {@code toText()} and {@code toJson()} render it
   * @throws ImmutException when neither the engine nor the driver has prices
   * @since 0.2
   */
  public CostReport costReport(String fleet) {
    PriceCatalog catalog = engine.prices().orElseThrow(() -> new ImmutException("no prices for a cost report of fleet '"
        + fleet + "': driver '" + driver.name() + "' has none; give a price table with Immut.builder().prices(PriceTable.fromJson(path))"));
    FleetStatus status = status(fleet);
    Map<String, String> names = new HashMap<>();
    BigDecimal budget = null;
    for (GenerationRecord r : engine.lifecycle().history(fleet)) {
      names.put(r.generation().id(), r.generation().name());
    }
    Optional<GenerationRecord> live = engine.lifecycle().live(fleet);
    if (live.isPresent()) {
      budget = live.get().spec().cost().maxHourlySpend();
    }
    return CostReport.builder().fleet(fleet).instances(status.instances()).catalog(catalog).generationNames(names)
        .maxHourlySpend(budget).at(status.observedAt()).build();
  }

  /**
   * Restores the previous good generation (the one live before the current one) and blocks until
   * it runs the fleet. Within a blue/green's keep-previous window the previous generation still
   * runs, out of service: its instances are registered with the load balancer first, and the
   * current ones are deregistered and terminated only once the previous ones are in service there,
   * so the target never serves fewer instances. On a fleet whose rollout is under way in this
   * process, that rollout is stopped and rolled back, and its result is returned.
   *
   * @param fleet the fleet
   * @return the result, {@link RolloutResult.Outcome#ROLLED_BACK} when restored
   * @throws ImmutException when the fleet has no previous good generation
   * @throws FleetBusyException when another process holds the fleet's lease: that process was sent
   *     a {@link FleetCommand#ROLLBACK} command and rolls back at its next step
   */
  public RolloutResult rollback(String fleet) {
    CompletableFuture<RolloutResult> r = running.get(fleet);
    if (r != null) {
      engine.commands().send(key(fleet), FleetCommand.ROLLBACK);
      return r.join();
    }
    try {
      return exclusively(fleet, lease -> RolloutRun.rollback(engine, fleet, listener, lease));
    } catch (FleetBusyException e) {
      engine.commands().send(key(fleet), FleetCommand.ROLLBACK);
      throw new FleetBusyException(e.getMessage() + "; it was sent a rollback command and rolls back at its next step");
    }
  }

  /**
   * Promotes the new generation of a rollout that waits for it: a blue/green rollout with manual
   * promotion whose generation passed its gate, or a canary whose analysis was inconclusive. The
   * rollout may run in this process or in another one that shares the fleet commands. A promotion
   * requested before the rollout waits for it is kept until it does.
   *
   * @param fleet the fleet
   * @throws ImmutException when no rollout of the fleet holds its lease
   */
  public void promote(String fleet) {
    send(fleet, FleetCommand.PROMOTE, "promote");
  }

  /**
   * Stops the fleet's rollout under way (in this process or another that shares the fleet
   * commands) and rolls back what it launched; its {@code apply} returns
   * {@link RolloutResult.Outcome#ABORTED}. As {@link #promote}, it refuses a fleet with no rollout
   * under way: an abort that silently did nothing would hide a typo in the fleet's name or a
   * rollout that already ended.
   *
   * @param fleet the fleet
   * @throws ImmutException when no rollout of the fleet holds its lease
   */
  public void abort(String fleet) {
    send(fleet, FleetCommand.ABORT, "abort");
  }

  /**
   * Pauses the fleet: its rollouts go on observing and make no change (no launch, termination or
   * traffic shift) until {@link #resume}. The pause is kept across rollouts until resumed.
   *
   * @param fleet the fleet
   * @since 0.2
   */
  public void pause(String fleet) {
    engine.commands().send(key(fleet), FleetCommand.PAUSE);
  }

  /**
   * Lifts a {@link #pause}.
   *
   * @param fleet the fleet
   * @since 0.2
   */
  public void resume(String fleet) {
    engine.commands().send(key(fleet), FleetCommand.RESUME);
  }

  private void send(String fleet, FleetCommand command, String verb) {
    FleetKey key = key(fleet);
    if (!leases.isLeased(key)) {
      throw new ImmutException("fleet '" + fleet + "' has no rollout under way to " + verb + "; " + verb
          + " while apply runs (in this process or another one sharing the fleet commands)");
    }
    engine.commands().send(key, command);
  }

  private FleetKey key(String fleet) {
    return new FleetKey(scope, engine.owner(), fleet);
  }

  /**
   * Starts a builder of a {@link FleetController} that keeps fleets reconciled continuously with
   * this engine: its driver (and so its one rate limit per cloud account, shared by every fleet,
   * in turns), its leases, commands and history.
   *
   * <pre>{@code
   * try (FleetController controller = immut.controller().interval(Duration.ofSeconds(15)).build()) {
   *   controller.put(spec);
   *   controller.start();
   * }
   * }</pre>
   *
   * @return the builder
   * @since 0.2
   */
  public FleetController.Builder controller() {
    return FleetController.builder(this);
  }

  /** The engine as the controller sees it: its ports, and apply and rollback under a lease the controller holds. */
  io.immut.core.internal.controller.FleetEngine fleetEngine() {
    return new io.immut.core.internal.controller.FleetEngine() {
      @Override
      public Clock clock() {
        return engine.clock();
      }

      @Override
      public FleetKey key(String fleet) {
        return Immut.this.key(fleet);
      }

      @Override
      public FleetLeases leases() {
        return leases;
      }

      @Override
      public FleetCommands commands() {
        return engine.commands();
      }

      @Override
      public GenerationLifecycle lifecycle() {
        return engine.lifecycle();
      }

      @Override
      public Duration leaseTtl() {
        return leaseTtl;
      }

      @Override
      public RolloutResult apply(FleetSpec spec, RolloutListener l, FleetLease lease) throws InterruptedException {
        checkHooks(spec);
        return held(spec.name(), lease, () -> RolloutRun.apply(engine, spec, listener.andThen(l), lease));
      }

      @Override
      public RolloutResult rollback(String fleet, RolloutListener l, FleetLease lease) throws InterruptedException {
        return held(fleet, lease, () -> RolloutRun.rollback(engine, fleet, listener.andThen(l), lease));
      }

      @Override
      public FleetStatus status(String fleet) {
        return Immut.this.status(fleet);
      }

      @Override
      public Optional<FleetStatus> lastObserved(String fleet) {
        return engine.observations().latest(fleet).map(o -> statusOf(fleet, o.views(), o.at()));
      }

      @Override
      public void forget(String fleet) {
        engine.observations().forget(fleet);
      }
    };
  }

  /** A run under a lease the caller holds and keeps, as {@link #exclusively} runs one under a lease of its own. */
  private RolloutResult held(String fleet, FleetLease lease, Executor.FleetBody<RolloutResult> body) throws InterruptedException {
    lease.check();
    engine.commands().clear(lease, FleetCommand.ABORT);
    engine.commands().clear(lease, FleetCommand.PROMOTE);
    CompletableFuture<RolloutResult> done = new CompletableFuture<>();
    running.put(fleet, done);
    try {
      RolloutResult result = Executor.onBehalfOf(fleet, body);
      done.complete(result);
      return result;
    } catch (RuntimeException | Error | InterruptedException e) {
      done.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(fleet, done);
    }
  }

  /**
   * The fleet's generations with their status (live, retired, failed, rolled back), ascending.
   *
   * @param fleet the fleet
   * @return the history
   */
  public List<GenerationRecord> history(String fleet) {
    return engine.lifecycle().history(fleet);
  }

  /**
   * The driver.
   *
   * @return the driver this {@code Immut} uses
   */
  public CloudDriver driver() {
    return driver;
  }

  /**
   * The clock.
   *
   * @return the clock every rollout waits on
   */
  public Clock clock() {
    return engine.clock();
  }

  /**
   * Driver calls made by this {@code Immut} so far, retries included.
   *
   * @return the count
   */
  public long driverCalls() {
    return engine.executor().calls();
  }

  /**
   * Mutating driver calls (launch, terminate, register, deregister) made so far, retries included.
   *
   * @return the count
   */
  public long mutatingDriverCalls() {
    return engine.executor().mutatingCalls();
  }

  /**
   * Names the driver only: its configuration may hold credentials (an endpoint's user info, keys),
   * and a driver's own {@code toString} is not ours to trust.
   */
  @Override
  public String toString() {
    return "Immut[driver=" + driver.name() + "]";
  }

  /** Stops the threads of {@link #applyAsync} and closes the driver when this {@code Immut} opened it. */
  @Override
  public void close() {
    async.shutdownNow();
    if (ownsDriver) {
      driver.close();
    }
  }

  @FunctionalInterface
  private interface Body {
    RolloutResult run(FleetLease lease) throws InterruptedException;
  }

  private RolloutResult exclusively(String fleet, Body body) {
    FleetLease lease = leases.acquire(key(fleet), leaseTtl);
    try {
      // commands left from an earlier rollout are not for this one; a pause stays until resumed
      engine.commands().clear(lease, FleetCommand.ABORT);
      engine.commands().clear(lease, FleetCommand.ROLLBACK);
      engine.commands().clear(lease, FleetCommand.PROMOTE);
      CompletableFuture<RolloutResult> done = new CompletableFuture<>();
      running.put(fleet, done);
      try {
        RolloutResult result = Executor.onBehalfOf(fleet, () -> body.run(lease));
        done.complete(result);
        return result;
      } catch (RuntimeException | Error e) {
        done.completeExceptionally(e);
        throw e;
      } finally {
        running.remove(fleet, done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImmutException("the rollout of fleet '" + fleet + "' was interrupted; apply again to finish it", e);
    } finally {
      lease.release();
    }
  }

  private void checkHooks(FleetSpec spec) {
    List<String> missing = new ArrayList<>();
    if (spec.strategy() instanceof RolloutStrategy.BlueGreen bg && bg.validator() != null
        && !engine.validators().containsKey(bg.validator())) {
      missing.add("validator '" + bg.validator() + "' (strategy.validator): register it with Immut.builder().validator(\""
          + bg.validator() + "\", ...)");
    }
    if (spec.strategy() instanceof RolloutStrategy.Canary c) {
      for (int i = 0; i < c.steps().size(); i++) {
        if (c.steps().get(i) instanceof RolloutStrategy.CanaryStep.Analyse a && !engine.analyses().containsKey(a.analysis())) {
          missing.add("canary analysis '" + a.analysis() + "' (strategy.steps[" + i + "].analyse): register it with "
              + "Immut.builder().canaryAnalysis(\"" + a.analysis() + "\", ...)");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ImmutException("fleet '" + spec.name() + "' names hooks that are not registered: " + String.join("; ", missing));
    }
  }

  /**
   * A history lost with the process on a cloud that keeps its instances: a restart, or a second
   * engine on the same cloud, would not know this engine's generations and would number its own
   * from v001 again, leaving the other's instances as orphans.
   */
  static void warnIfHistoryIsVolatile(CloudDriver driver, GenerationStore store) {
    io.immut.spi.CloudScope scope = driver.scope();
    if (store.isVolatile() && !scope.processLocal()) {
      LOG.warn("The generation history is in memory, but the instances of driver '{}' ({}) outlive this process: "
          + "a restart or another engine on the same cloud will not know this engine's generations and will number "
          + "its own from v001 again. Keep the history where every engine finds it: "
          + "Immut.builder().generationStore(GenerationStore.directory(Path.of(\"deploy/history\")))",
          driver.name(), scope.id());
    }
  }

  /**
   * A builder of {@link Immut}. Only the driver is required.
   */
  public static final class Builder {
    private CloudDriver driver;
    private String driverName;
    private DriverConfig driverConfig;
    private boolean ownsDriver;
    private Clock clock = Clock.system();
    private String owner = "immut";
    private GenerationStore store;
    private RolloutListener listener = RolloutListener.NONE;
    private HealthProbe probe;
    private final Map<String, GenerationValidator> validators = new HashMap<>();
    private final Map<String, CanaryAnalysis> analyses = new HashMap<>();
    private CapacityTarget capacity = CapacityTarget.SPEC;
    private Path lockDirectory;
    private FleetLeases leases;
    private FleetCommands commands;
    private GenerationLifecycle lifecycle;
    private Duration leaseTtl = Duration.ofMinutes(2);
    private PriceCatalog prices;
    private Duration orphanGrace = Duration.ofMinutes(10);
    private Duration promotionDeadline = Duration.ofHours(24);
    private Backoff backoff = Backoff.DEFAULT;
    private double rate = 20;
    private long seed = 42L;
    private StateCheck stateCheck = StateCheck.defaults();
    private io.immut.core.rollout.DriverCallListener callListener = io.immut.core.rollout.DriverCallListener.NONE;

    private Builder() {}

    /**
     * Sets a listener told about every driver call (operation, outcome, latency), retries
     * included: the seam for metrics of calls and throttles ({@code immut-micrometer}).
     *
     * @param listener the listener
     * @return this builder
     * @since 0.2
     */
    public Builder driverCallListener(io.immut.core.rollout.DriverCallListener listener) {
      this.callListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Uses a driver found by name on the class path ({@code memory}, {@code aws}, ...), with an
     * empty configuration. The driver is opened by {@link #build()}, on this builder's clock, and
     * closed with this {@code Immut}.
     *
     * @param name the provider's name
     * @return this builder
     */
    public Builder driver(String name) {
      return driver(name, DriverConfig.empty(Objects.requireNonNull(name, "name")));
    }

    /**
     * Uses a driver found by name, with a configuration. The driver is opened by {@link #build()},
     * on this builder's clock (set before or after this call), and closed with this {@code Immut}.
     *
     * @param name the provider's name
     * @param config its configuration, made for this driver ({@code DriverConfig.of(name, ...)})
     * @return this builder
     * @throws IllegalArgumentException when the configuration was made for another driver
     */
    public Builder driver(String name, DriverConfig config) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
      if (config.driver() == null || !config.driver().equals(name)) {
        throw new IllegalArgumentException("the configuration was made for driver '" + config.driver()
            + "', not for '" + name + "': build it with DriverConfig.of(\"" + name + "\", ...) so that its keys are"
            + " checked against the right driver");
      }
      this.driver = null;
      this.driverName = name;
      this.driverConfig = config;
      this.ownsDriver = true;
      return this;
    }

    /**
     * Uses a ready driver. It is not closed with this {@code Immut}.
     *
     * @param driver the driver
     * @return this builder
     */
    public Builder driver(CloudDriver driver) {
      this.driver = Objects.requireNonNull(driver, "driver");
      this.driverName = null;
      this.driverConfig = null;
      this.ownsDriver = false;
      return this;
    }

    /**
     * Sets the clock (default: the system clock; a {@link VirtualClock} in tests and simulations,
     * the same one the in-memory cloud runs on).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the owner tag value ({@code immut:owner}); fleets of different owners never mix.
     *
     * @param owner the owner, default {@code immut}
     * @return this builder
     */
    public Builder owner(String owner) {
      Objects.requireNonNull(owner, "owner");
      io.immut.spi.Ownership.problemOfOwner(owner).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
      this.owner = owner;
      return this;
    }

    /**
     * Sets the generation history (default: in memory, lost with the process; use a directory
     * store to go on after a restart).
     *
     * @param store the store
     * @return this builder
     */
    public Builder generationStore(GenerationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets a listener that receives the events of every rollout.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(RolloutListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets a health probe beside the cloud's status, such as {@link io.immut.core.rollout.HttpHealthProbe#create()}.
     *
     * @param probe the probe
     * @return this builder
     */
    public Builder healthProbe(HealthProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /**
     * Registers a blue/green validator under a name.
     *
     * @param name the name a {@code BlueGreen} strategy refers to
     * @param validator the validator
     * @return this builder
     */
    public Builder validator(String name, GenerationValidator validator) {
      validators.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(validator, "validator"));
      return this;
    }

    /**
     * Registers a canary analysis under a name.
     *
     * @param name the name an {@code Analyse} step refers to
     * @param analysis the analysis
     * @return this builder
     */
    public Builder canaryAnalysis(String name, CanaryAnalysis analysis) {
      analyses.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(analysis, "analysis"));
      return this;
    }

    /**
     * Sets how many instances a fleet should run, asked at every step (default: the spec's
     * capacity). The seam for an autoscaler.
     *
     * @param capacity the function
     * @return this builder
     */
    public Builder capacityTarget(CapacityTarget capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    /**
     * Gives the engine hourly prices (a {@code io.immut.core.cost.PriceTable}, say), used instead of
     * the driver's for budgets, plans and costs: for drivers without prices, or negotiated rates.
     *
     * @param prices the catalog
     * @return this builder
     */
    public Builder prices(PriceCatalog prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * Sets the directory of the default fleet leases' lock files and fleet commands' files
     * (default: {@code immut-locks} in the system's temporary directory; nothing is written there
     * for the in-memory cloud, which no other process can see). Processes that roll out the same
     * fleets on one host must share it.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder lockDirectory(Path directory) {
      this.lockDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the fleet lease port (default: {@link LocalFleetLeases} in the lock directory, on this
     * builder's clock). The seam for leases shared by many hosts.
     *
     * @param leases the leases
     * @return this builder
     * @since 0.2
     */
    public Builder fleetLeases(FleetLeases leases) {
      this.leases = Objects.requireNonNull(leases, "leases");
      return this;
    }

    /**
     * Sets how long a rollout's fleet lease holds without renewal (default 2 minutes); the reconcile
     * loop renews it at every step once half of it is gone.
     *
     * @param ttl the time to live, positive
     * @return this builder
     * @since 0.2
     */
    public Builder leaseTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("leaseTtl must be positive, got " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * Sets the fleet command port (default: {@link LocalFleetCommands} in the lock directory).
     *
     * @param commands the commands
     * @return this builder
     * @since 0.2
     */
    public Builder fleetCommands(FleetCommands commands) {
      this.commands = Objects.requireNonNull(commands, "commands");
      return this;
    }

    /**
     * Sets the generation lifecycle port (default: the engine's own lifecycle over the
     * {@linkplain #generationStore generation store}, {@link Immut#generationLifecycle(GenerationStore)}).
     * Cannot be combined with a generation store: the lifecycle owns its history.
     *
     * @param lifecycle the lifecycle
     * @return this builder
     * @since 0.2
     */
    public Builder generationLifecycle(GenerationLifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    /**
     * Sets how long an owned instance of a generation the history does not know is left alone
     * after its launch before it is terminated (default 10 minutes).
     *
     * @param grace the grace period
     * @return this builder
     */
    public Builder orphanGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("orphanGrace must not be negative");
      }
      this.orphanGrace = grace;
      return this;
    }

    /**
     * Sets how long a blue/green rollout with manual promotion waits for {@link Immut#promote}
     * once its new generation passed its gate (default 24 hours). When it passes, the rollout is
     * rolled back ({@code ROLLED_BACK}, the reason names the deadline): a rollout never waits for
     * a human forever.
     *
     * @param deadline the deadline, positive
     * @return this builder
     * @since 0.2
     */
    public Builder promotionDeadline(Duration deadline) {
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("promotionDeadline must be positive, got " + io.immut.api.Durations.format(deadline));
      }
      this.promotionDeadline = deadline;
      return this;
    }

    /**
     * Sets the retry policy for throttled and transient driver errors (default: 200 ms doubling
     * to 20 s, 8 attempts).
     *
     * @param backoff the policy
     * @return this builder
     */
    public Builder retryBackoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets the initial rate of mutating driver calls, in calls per second (default 20); throttling
     * cuts it and it climbs back on time ({@link AdaptiveRateLimit}). Reads have their own limit
     * ({@link AdaptiveRateLimit#reads()}).
     *
     * @param callsPerSecond the rate
     * @return this builder
     */
    public Builder callRate(double callsPerSecond) {
      if (!(callsPerSecond > 0)) {
        throw new IllegalArgumentException("callRate must be positive");
      }
      this.rate = callsPerSecond;
      return this;
    }

    /**
     * Sets the state checks run before a rollout changes anything (default:
     * {@link StateCheck#defaults()}).
     *
     * @param stateCheck the checks
     * @return this builder
     */
    public Builder stateCheck(StateCheck stateCheck) {
      this.stateCheck = Objects.requireNonNull(stateCheck, "stateCheck");
      return this;
    }

    /**
     * Sets the seed of the retry jitter, for reproducible simulations.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the {@code Immut}.
     *
     * @return it
     * @throws IllegalStateException when no driver was set
     */
    public Immut build() {
      if (driver == null && driverName != null) {
        driver = Drivers.open(driverName, driverConfig, io.immut.spi.DriverContext.builder().clock(clock).build());
      }
      if (driver == null) {
        throw new IllegalStateException("no driver: call driver(\"memory\"), driver(\"aws\", config) or driver(cloudDriver)");
      }
      if (store != null && lifecycle != null) {
        throw new IllegalStateException("generationStore(...) cannot be combined with generationLifecycle(...): the lifecycle"
            + " owns its history. Set one of them: generationStore(store) alone (the engine keeps its lifecycle over that"
            + " store), or generationLifecycle(lifecycle) alone (e.g. PostgresFleetStore.configure(builder)); to wrap the"
            + " engine's own lifecycle over a store, pass generationLifecycle(Immut.generationLifecycle(store))");
      }
      if (store == null && lifecycle == null) {
        store = GenerationStore.inMemory();
        io.immut.spi.CloudScope scope = driver.scope();
        if (!scope.processLocal()) {
          org.slf4j.LoggerFactory.getLogger(Immut.class).warn("the generation history is in memory (no generationStore(...)"
              + " was set) but cloud '{}' outlives this process: another engine, or this one after a restart, will not know"
              + " the generations it rolls out, and refuses to roll a fleet whose instances it cannot place; keep the history"
              + " where every engine finds it: Immut.builder().generationStore(GenerationStore.directory(Path.of(...)))",
              scope.id());
        }
      } else if (store == null) {
        // the lifecycle keeps its own history; the store is a placeholder nothing writes to
        store = GenerationStore.inMemory();
      }
      if (lifecycle == null) {
        warnIfHistoryIsVolatile(driver, store);
      }
      return new Immut(this);
    }
  }
}
