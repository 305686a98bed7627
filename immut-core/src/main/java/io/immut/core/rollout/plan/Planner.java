package io.immut.core.rollout.plan;

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
import io.immut.core.rollout.budget.SurgeBudget;
import io.immut.core.rollout.decision.Action;
import io.immut.core.rollout.decision.Decider;
import io.immut.core.rollout.decision.Decision;
import io.immut.core.rollout.decision.GateStatus;
import io.immut.core.rollout.decision.Limits;
import io.immut.core.rollout.decision.Phase;
import io.immut.core.rollout.decision.Progress;
import io.immut.core.rollout.decision.Situation;
import io.immut.core.rollout.reconcile.Engine;
import io.immut.core.rollout.reconcile.RolloutRun;
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
    FleetSelector selector = new FleetSelector(fleet, engine.owner());
    Image image = engine.executor().resolveImage(spec.generation().image(), null);
    List<InstanceView> observed = new ArrayList<>();
    for (InstanceView v : engine.executor().list(selector, null)) {
      if (v.ownership().belongsTo(selector) && !v.state().isGone()) {
        observed.add(v);
      }
    }
    List<GenerationRecord> history = engine.store().history(fleet);
    Optional<GenerationRecord> existing = engine.store().find(fleet, spec.generationId());
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
    if (spec.strategy() instanceof RolloutStrategy.Rolling r) {
      limits = SurgeBudget.rolling(spec, r, desired, prices, types);
      Limits unbounded = Decider.limitsOf(r, desired);
      if (limits.maxSurge() < unbounded.maxSurge()) {
        notes.add("the budget cuts the surge from " + unbounded.maxSurge() + " to " + limits.maxSurge() + " instance(s)");
      }
    } else {
      SurgeBudget.checkPeak(spec, desired, observed.size(), prices, types);
      limits = SurgeBudget.rolling(spec, RolloutStrategy.DEFAULT, desired, prices, types);
    }
    if (spec.strategy() instanceof RolloutStrategy.BlueGreen bg && bg.promotion() == RolloutStrategy.Promotion.MANUAL) {
      notes.add("promotion is manual: apply waits for promote(\"" + fleet + "\") once the new generation passed its gate");
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

    HealthCheck check = spec.generation().healthCheck();
    Duration waveTime = engine.driver().capabilities().bootTimeHint()
        .plus(check.interval().multipliedBy(check.healthyThreshold()));
    String traffic = RolloutRun.trafficTarget(spec, engine.driver().traffic().isPresent());
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
          .targetLive(targetLive).strategy(spec.strategy()).limits(limits).healthCheck(check).knownGenerations(known)
          .instances(List.copyOf(fleetNow.values())).gates(gates).traffic(traffic, registered).promoteRequested(true)
          .orphanGrace(engine.orphanGrace()).build();
      Decision d = Decider.decide(s, progress);
      progress = d.progress();
      if (d.phase() == Phase.GATE_FAILED) {
        notes.add("the simulation stopped: " + d.reason());
        break;
      }
      int launch = 0;
      int terminate = 0;
      Set<String> fromGens = new TreeSet<>();
      Instant waitUntil = null;
      for (Action a : d.actions()) {
        if (a instanceof Action.Terminate term) {
          for (InstanceId id : term.ids()) {
            InstanceView v = fleetNow.remove(id);
            if (v != null) {
              terminate++;
              fromGens.add(names.getOrDefault(v.generationId(), v.generationId()));
            }
          }
        } else if (a instanceof Action.Launch l) {
          for (int i = 0; i < l.count(); i++) {
            InstanceId id = InstanceId.of("planned-" + (++planned));
            fleetNow.put(id, InstanceView.builder().id(id).ownership(Ownership.of(selector, target.id()))
                .state(InstanceState.RUNNING).health(HealthStatus.HEALTHY).instanceType(spec.generation().instanceType())
                .imageId(image.id()).launchedAt(t).build());
            gates.put(id, GateStatus.PASSED);
          }
          launch += l.count();
        } else if (a instanceof Action.RegisterTraffic r) {
          registered.addAll(r.ids());
        } else if (a instanceof Action.DeregisterTraffic r) {
          registered.removeAll(r.ids());
        } else if (a instanceof Action.Analyse) {
          progress = progress.withAnalysis(Verdict.pass("assumed in the plan"));
        } else if (a instanceof Action.WaitUntil w && (waitUntil == null || w.until().isBefore(waitUntil))) {
          waitUntil = w.until();
        }
      }
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
        .state(state(engine, spec, selector, image.id(), observed)).build();
  }

  private static StateReport state(Engine engine, FleetSpec spec, FleetSelector selector, String imageId,
                                   List<InstanceView> observed) {
    StateReport report = engine.stateCheck().checkSpec(spec);
    List<InstanceView> replaced = StateCheck.replacedBy(spec, selector, imageId, observed);
    if (replaced.isEmpty()) {
      return report;
    }
    return report.merge(engine.stateCheck().checkInstances(spec, engine.executor().retrying(), replaced,
        id -> engine.store().find(spec.name(), id).map(r -> r.spec().generation())));
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
