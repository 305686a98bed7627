package io.immut.core.internal.reconcile;

import io.immut.core.rollout.plan.Plan;
import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.rollout.Verdict;
import io.immut.core.internal.budget.SurgeBudget;
import io.immut.core.internal.decision.Action;
import io.immut.core.internal.decision.Decider;
import io.immut.core.internal.decision.Decision;
import io.immut.core.internal.decision.GateStatus;
import io.immut.core.internal.decision.Limits;
import io.immut.core.internal.decision.Phase;
import io.immut.core.internal.decision.Progress;
import io.immut.core.internal.decision.Situation;
import io.immut.core.internal.reconcile.Engine;
import io.immut.core.internal.reconcile.Preflight;
import io.immut.core.state.StateCheck;
import io.immut.core.state.StateReport;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.Ownership;
import io.immut.spi.PriceCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a {@link Plan} by running the real decision function against a simulated copy of the
 * fleet in which every launched instance passes its gate by the next step, validators and
 * analyses pass and promotions happen: the waves it shows are the waves apply takes when nothing
 * fails, and runs the state checks apply would run. Reads the cloud ({@code list},
 * {@code resolveImage}, {@code inspect}) and the history; writes nothing.
 */
public final class Planner {
  private static final int MAX_STEPS = 100_000;

  private Planner() {}

  /**
   * Plans a spec.
   *
   * @param engine what to read with
   * @param spec the desired state
   * @return the plan
   * @throws io.immut.core.rollout.OverBudgetException when the rollout cannot fit the budget
   * @throws InterruptedException when interrupted
   */
  public static Plan plan(Engine engine, FleetSpec spec) throws InterruptedException {
    String fleet = spec.name();
    Preflight preflight = Preflight.of(engine, spec);
    FleetSelector selector = preflight.selector();
    Image image = preflight.image(null);
    List<InstanceView> listed = preflight.observe(null);
    List<InstanceView> observed = new ArrayList<>();
    for (InstanceView v : listed) {
      if (v.ownership().belongsTo(selector) && !v.state().isGone()) {
        observed.add(v);
      }
    }
    List<GenerationRecord> history = engine.lifecycle().history(fleet);
    Optional<GenerationRecord> existing = engine.lifecycle().find(fleet, spec.generationId());
    Generation target = existing.map(GenerationRecord::generation)
        .orElse(new Generation(fleet, history.size() + 1, spec.generationId()));
    boolean targetLive = existing.map(r -> r.status() == GenerationStatus.LIVE).orElse(false);
    Generation live = history.stream().filter(r -> r.status() == GenerationStatus.LIVE).map(GenerationRecord::generation)
        .max(Comparator.comparingInt(Generation::number)).orElse(null);
    Map<String, String> names = new HashMap<>();
    Map<String, String> typeOf = new HashMap<>();
    for (GenerationRecord r : history) {
      names.put(r.generation().id(), r.generation().name());
    }
    names.put(target.id(), target.name());
    Instant now = engine.clock().now();
    int desired = engine.capacity().desired(spec, now);
    Set<String> types = new TreeSet<>();
    types.add(spec.generation().instanceType());
    for (InstanceView v : observed) {
      if (v.instanceType() != null) {
        types.add(v.instanceType());
      }
    }
    Optional<PriceCatalog> prices = engine.prices();
    List<String> notes = new ArrayList<>();
    Limits limits;
    preflight.checkBudget(observed);
    if (spec.strategy() instanceof RolloutStrategy.Rolling r) {
      try {
        limits = SurgeBudget.rolling(spec, r, desired, prices, types);
      } catch (io.immut.core.rollout.OverBudgetException e) {
        // a first generation or a repair (the preflight accepted it): nothing runs beside it
        limits = new Limits(0, 0);
      }
      Limits unbounded = Decider.limitsOf(r, desired);
      if (limits.maxSurge() < unbounded.maxSurge()) {
        notes.add("the budget cuts the surge from " + unbounded.maxSurge() + " to " + limits.maxSurge() + " instance(s)");
      }
    } else {
      limits = SurgeBudget.rolling(spec, RolloutStrategy.DEFAULT, desired, prices, types);
    }
    if (spec.strategy() instanceof RolloutStrategy.BlueGreen bg && bg.promotion() == RolloutStrategy.Promotion.MANUAL) {
      notes.add("promotion is manual: apply waits for promote(\"" + fleet + "\") once the new generation passed its gate");
    }
    GenerationRecord kept = engine.lifecycle().kept(fleet).orElse(null);
    if (kept != null && now.isBefore(kept.keptUntil())) {
      notes.add(kept.generation().name() + " is kept running out of service until " + kept.keptUntil()
          + " (rollback puts it back); the first apply from then on retires it");
    } else if (kept != null) {
      notes.add(kept.generation().name() + "'s keep-previous window ended at " + kept.keptUntil() + ": apply retires it");
    }
    if (spec.strategy() instanceof RolloutStrategy.BlueGreen bg && !bg.keepPreviousFor().isZero() && live != null
        && !targetLive) {
      notes.add("apply returns once " + target.name() + " is promoted; " + live.name() + " is kept running out of service for "
          + io.immut.api.Durations.format(bg.keepPreviousFor()) + ", then retired by the first apply after that");
    }
    Set<String> known = new HashSet<>(names.keySet());
    long orphans = observed.stream().filter(v -> !known.contains(v.generationId())).count();
    if (orphans > 0) {
      notes.add(orphans + " instance(s) of generations the history does not know will be terminated after "
          + io.immut.api.Durations.format(engine.orphanGrace()) + " from their launch");
    }
    if (prices.isEmpty()) {
      notes.add("the driver has no price catalog: costs are unknown");
    }

    boolean hasLive = targetLive || engine.lifecycle().live(fleet).isPresent();
    FleetSpec rolledOut = Preflight.rolledOut(spec, hasLive);
    String firstNote = Preflight.firstGenerationNote(spec, hasLive);
    if (firstNote != null) {
      notes.add(firstNote);
    }
    HealthCheck check = spec.generation().healthCheck();
    Duration waveTime = engine.driver().capabilities().bootTimeHint()
        .plus(check.interval().multipliedBy(check.healthyThreshold()));
    String traffic = Preflight.trafficTarget(spec, engine.driver().traffic().isPresent());
    Map<InstanceId, InstanceView> fleetNow = new LinkedHashMap<>();
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    for (InstanceView v : observed) {
      InstanceView serving = v.toBuilder().state(InstanceState.RUNNING).health(HealthStatus.HEALTHY).build();
      fleetNow.put(v.id(), v.state() == InstanceState.PROVISIONING ? serving : v);
      if (target.id().equals(v.generationId())) {
        gates.put(v.id(), GateStatus.PASSED);
      }
      typeOf.put(v.id().value(), v.instanceType());
    }
    Set<InstanceId> registered = new HashSet<>();
    Progress progress = Progress.start(now).withValidation(Verdict.pass("assumed in the plan"));
    Instant t = now;
    List<Plan.Wave> waves = new ArrayList<>();
    int peak = fleetNow.size();
    BigDecimal targetPrice = prices.flatMap(p -> p.hourlyPrice(spec.generation().instanceType())).orElse(null);
    BigDecimal current = cost(fleetNow.values(), prices);
    BigDecimal peakCost = current;
    BigDecimal overlap = targetPrice == null ? null : BigDecimal.ZERO;
    Duration total = Duration.ZERO;
    int planned = 0;
    boolean noChange = false;
    for (int step = 0; step < MAX_STEPS; step++) {
      Situation s = Situation.builder(selector, t).target(target.id(), spec.generation().instanceType(), image.id(), desired)
          .targetLive(targetLive).strategy(rolledOut.strategy()).limits(limits).healthCheck(check).knownGenerations(known)
          .instances(List.copyOf(fleetNow.values())).gates(gates).traffic(traffic, registered).promoteRequested(true)
          .orphanGrace(engine.orphanGrace()).kept(kept == null ? null : kept.id(), kept == null ? null : kept.keptUntil())
          .build();
      Decision d = Decider.decide(s, progress);
      progress = d.progress();
      if (d.phase() == Phase.GATE_FAILED) {
        notes.add("the simulation stopped: " + d.reason());
        break;
      }
      Simulated sim = new Simulated(fleetNow, gates, registered, names, selector, target, spec, image, t, planned);
      for (Action a : d.actions()) {
        a.accept(sim);
      }
      planned = sim.planned;
      progress = sim.analysed ? progress.withAnalysis(Verdict.pass("assumed in the plan")) : progress;
      int launch = sim.launch;
      int terminate = sim.terminate;
      Set<String> fromGens = sim.fromGens;
      Instant waitUntil = sim.waitUntil;
      if (d.phase() == Phase.COMPLETE && launch == 0 && terminate == 0) {
        noChange = targetLive && waves.isEmpty();
        break;
      }
      Duration took = launch > 0 ? waveTime : Duration.ZERO;
      if (waitUntil != null && waitUntil.isAfter(t)) {
        took = took.plus(Duration.between(t, waitUntil));
      } else if (launch == 0 && terminate == 0) {
        took = check.interval();
      }
      peak = Math.max(peak, fleetNow.size() + 0);
      BigDecimal spend = cost(fleetNow.values(), prices);
      if (spend != null && (peakCost == null || spend.compareTo(peakCost) > 0)) {
        peakCost = spend;
      }
      if (overlap != null && fleetNow.size() > desired && launch > 0) {
        BigDecimal hours = BigDecimal.valueOf(took.toMillis()).divide(BigDecimal.valueOf(3_600_000L), MathContext.DECIMAL64);
        overlap = overlap.add(targetPrice.multiply(BigDecimal.valueOf(fleetNow.size() - desired)).multiply(hours));
      }
      if (launch > 0 || terminate > 0) {
        waves.add(new Plan.Wave(waves.size() + 1, launch, launch > 0 ? target.name() : null, terminate, List.copyOf(fromGens),
            fleetNow.size(), took));
      }
      total = total.plus(took);
      t = t.plus(took.isZero() ? Duration.ofSeconds(1) : took);
      if (d.phase() == Phase.COMPLETE) {
        break;
      }
    }
    String strategy = describe(spec.strategy(), limits);
    return Plan.builder().fleet(fleet).driver(engine.driver().name()).target(target).live(live).image(image.id())
        .instanceType(spec.generation().instanceType()).strategy(strategy).desired(desired).currentInstances(observed.size())
        .noChange(noChange).waves(waves).peakInstances(peak).estimatedDuration(total).currentHourlyCost(current)
        .peakHourlyCost(peakCost).overlapCost(overlap == null ? null : overlap.round(MathContext.DECIMAL32))
        .budget(spec.cost().maxHourlySpend()).currency(prices.map(PriceCatalog::currency).orElse("USD")).notes(notes)
        .state(preflight.state(image.id(), observed)).build();
  }

  /** One step of the simulation: the decision's actions applied to the simulated fleet. */
  private static final class Simulated implements Action.Handler<Void, RuntimeException> {
    private final Map<InstanceId, InstanceView> fleetNow;
    private final Map<InstanceId, GateStatus> gates;
    private final Set<InstanceId> registered;
    private final Map<String, String> names;
    private final FleetSelector selector;
    private final Generation target;
    private final FleetSpec spec;
    private final Image image;
    private final Instant t;
    int planned;
    int launch;
    int terminate;
    boolean analysed;
    final Set<String> fromGens = new TreeSet<>();
    Instant waitUntil;

    Simulated(Map<InstanceId, InstanceView> fleetNow, Map<InstanceId, GateStatus> gates, Set<InstanceId> registered,
              Map<String, String> names, FleetSelector selector, Generation target, FleetSpec spec, Image image, Instant t,
              int planned) {
      this.fleetNow = fleetNow;
      this.gates = gates;
      this.registered = registered;
      this.names = names;
      this.selector = selector;
      this.target = target;
      this.spec = spec;
      this.image = image;
      this.t = t;
      this.planned = planned;
    }

    @Override
    public Void launch(Action.Launch l) {
      for (int i = 0; i < l.count(); i++) {
        InstanceId id = InstanceId.of("planned-" + (++planned));
        fleetNow.put(id, InstanceView.builder().id(id).ownership(Ownership.of(selector, target.id()))
            .state(InstanceState.RUNNING).health(HealthStatus.HEALTHY).instanceType(spec.generation().instanceType())
            .imageId(image.id()).launchedAt(t).build());
        gates.put(id, GateStatus.PASSED);
      }
      launch += l.count();
      return null;
    }

    @Override
    public Void terminate(Action.Terminate term) {
      for (InstanceId id : term.ids()) {
        InstanceView v = fleetNow.remove(id);
        if (v != null) {
          terminate++;
          fromGens.add(names.getOrDefault(v.generationId(), v.generationId()));
        }
      }
      return null;
    }

    @Override
    public Void register(Action.RegisterTraffic r) {
      registered.addAll(r.ids());
      return null;
    }

    @Override
    public Void deregister(Action.DeregisterTraffic r) {
      registered.removeAll(r.ids());
      return null;
    }

    @Override
    public Void validate(Action.Validate v) {
      // the plan assumes the validation passed from the start
      return null;
    }

    @Override
    public Void analyse(Action.Analyse a) {
      analysed = true;
      return null;
    }

    @Override
    public Void promote(Action.Promote p) {
      return null;
    }

    @Override
    public Void waitUntil(Action.WaitUntil w) {
      if (waitUntil == null || w.until().isBefore(waitUntil)) {
        waitUntil = w.until();
      }
      return null;
    }
  }

  private static BigDecimal cost(Iterable<InstanceView> views, Optional<PriceCatalog> prices) {
    if (prices.isEmpty()) {
      return null;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (InstanceView v : views) {
      Optional<BigDecimal> p = v.instanceType() == null ? Optional.empty() : prices.get().hourlyPrice(v.instanceType());
      if (p.isEmpty()) {
        return null;
      }
      sum = sum.add(p.get());
    }
    return sum;
  }

  private static String describe(RolloutStrategy s, Limits limits) {
    if (s instanceof RolloutStrategy.Rolling r) {
      return "rolling, maxSurge " + r.maxSurge() + " = " + limits.maxSurge() + ", maxUnavailable " + r.maxUnavailable() + " = "
          + limits.maxUnavailable();
    }
    if (s instanceof RolloutStrategy.BlueGreen b) {
      return "blue/green, " + b.promotion().name().toLowerCase(java.util.Locale.ROOT) + " promotion, keep previous "
          + io.immut.api.Durations.format(b.keepPreviousFor()) + b.validation().map(v -> ", validator " + v).orElse("");
    }
    RolloutStrategy.Canary c = (RolloutStrategy.Canary) s;
    List<String> steps = new ArrayList<>();
    for (RolloutStrategy.CanaryStep st : c.steps()) {
      if (st instanceof RolloutStrategy.CanaryStep.SetWeight w) {
        steps.add(w.percent() + "%");
      } else if (st instanceof RolloutStrategy.CanaryStep.Pause p) {
        steps.add("pause " + io.immut.api.Durations.format(p.duration()));
      } else {
        steps.add("analyse " + ((RolloutStrategy.CanaryStep.Analyse) st).analysis());
      }
    }
    return "canary: " + String.join(", ", steps) + ", then 100% (surge " + Amount.percent(25) + ")";
  }
}
