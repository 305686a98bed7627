package io.immut.core.rollout.reconcile;

import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.HealthCheck;
import io.immut.api.Image;
import io.immut.api.ImmutException;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.rollout.CanaryAnalysis;
import io.immut.core.rollout.GenerationValidator;
import io.immut.core.rollout.OverBudgetException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.rollout.Verdict;
import io.immut.core.rollout.budget.SurgeBudget;
import io.immut.core.rollout.decision.Action;
import io.immut.core.rollout.decision.Decider;
import io.immut.core.rollout.decision.Decision;
import io.immut.core.rollout.decision.Limits;
import io.immut.core.rollout.decision.Mode;
import io.immut.core.rollout.decision.Phase;
import io.immut.core.rollout.decision.Progress;
import io.immut.core.rollout.decision.Situation;
import io.immut.core.rollout.execution.Executor;
import io.immut.core.rollout.execution.RolloutStop;
import io.immut.core.rollout.health.HealthGate;
import io.immut.core.state.Finding;
import io.immut.core.state.StateBlockedException;
import io.immut.core.state.StateCheck;
import io.immut.core.state.StateReport;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout (or rollback) of one fleet: the level-triggered reconcile loop. Each step lists the
 * fleet's owned instances, updates the health gate, asks the {@link Decider} for the next safe
 * actions and carries them out through the {@link Executor}, then waits on the clock. The cloud's
 * tags and the generation history are all it needs to go on after a crash.
 *
 * <p>The caller holds the fleet's lock for the whole run.
 */
public final class RolloutRun {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutRun.class);

  private final Engine engine;
  private final String fleet;
  private final FleetSelector selector;
  private final RolloutListener listener;
  private final FleetSignals signals;
  private final Overlay overlay = new Overlay();
  private final Executor.RetryObserver retries;
  private Instant startedAt;
  private double fraction;
  private int launched;
  private int terminated;
  private int trafficChanges;
  private int wave;
  private int lastDesired = -1;

  private enum StageKind { COMPLETE, GATE_FAILED, QUOTA, CAPACITY, FATAL, ABORTED, ROLLBACK_REQUESTED }

  private record Stage(StageKind kind, String reason) {}

  private RolloutRun(Engine engine, String fleet, RolloutListener listener, FleetSignals signals) {
    this.engine = engine;
    this.fleet = fleet;
    this.selector = new FleetSelector(fleet, engine.owner());
    this.listener = listener;
    this.signals = signals;
    this.retries = (op, attempt, delay, error) -> emit(new RolloutEvent.Retrying(fleet, now(), fraction, op, attempt, delay,
        error.getMessage()));
  }

  /**
   * The load-balancer target of a spec: its {@link FleetSpec#trafficTarget()}; for blue/green and
   * canary, whose promotion is a traffic shift, the fleet's name when it names none; null (traffic
   * not managed) for a rolling fleet without one, or when the driver has no traffic router.
   *
   * @param spec the spec
   * @param hasRouter whether the driver has a traffic router
   * @return the target, or null
   */
  public static String trafficTarget(FleetSpec spec, boolean hasRouter) {
    if (!hasRouter) {
      return null;
    }
    String named = spec.trafficTarget();
    if (named != null) {
      return named;
    }
    return spec.strategy() instanceof RolloutStrategy.Rolling ? null : spec.name();
  }

  /**
   * Rolls a spec out: records its generation, rolls it in, and rolls back automatically when it
   * fails.
   *
   * @param engine what to run with
   * @param spec the desired state
   * @param listener the events' receiver
   * @param signals promote / abort / rollback requests
   * @return the result
   * @throws OverBudgetException when the rollout cannot fit the budget (before any cloud change)
   * @throws StateBlockedException when the state checks find an unacknowledged blocker (before any
   *     cloud change)
   * @throws InterruptedException when interrupted
   */
  public static RolloutResult apply(Engine engine, FleetSpec spec, RolloutListener listener, FleetSignals signals)
      throws InterruptedException {
    return new RolloutRun(engine, spec.name(), listener, signals).apply(spec);
  }

  /**
   * Restores the fleet's previous good generation on request.
   *
   * @param engine what to run with
   * @param fleet the fleet
   * @param listener the events' receiver
   * @param signals requests
   * @return the result
   * @throws InterruptedException when interrupted
   */
  public static RolloutResult rollback(Engine engine, String fleet, RolloutListener listener, FleetSignals signals)
      throws InterruptedException {
    return new RolloutRun(engine, fleet, listener, signals).rollbackOnRequest();
  }

  private Instant now() {
    return engine.clock().now();
  }

  private RolloutResult apply(FleetSpec spec) throws InterruptedException {
    startedAt = now();
    Image image;
    try {
      image = engine.executor().resolveImage(spec.generation().image(), retries);
    } catch (RolloutStop e) {
      GenerationRecord rec = engine.store().record(spec, now());
      if (rec.status() != GenerationStatus.LIVE) {
        engine.store().updateStatus(fleet, rec.generation().number(), GenerationStatus.FAILED, e.getMessage(), now());
      }
      return finish(Outcome.FAILED, rec.generation(), e.getMessage());
    }
    List<InstanceView> observed = engine.executor().list(selector, retries);
    checkBudget(spec, observed);
    checkState(spec, image.id(), observed);
    GenerationRecord rec = engine.store().record(spec, now());
    if (rec.status() == GenerationStatus.FAILED || rec.status() == GenerationStatus.ROLLED_BACK
        || rec.status() == GenerationStatus.RETIRED) {
      rec = engine.store().updateStatus(fleet, rec.generation().number(), GenerationStatus.PENDING,
          "applied again after " + rec.status().name().toLowerCase(java.util.Locale.ROOT), now());
    }
    boolean targetLive = rec.status() == GenerationStatus.LIVE;
    GenerationRecord previous = liveOtherThan(rec.generation().id());
    Generation gen = rec.generation();
    emit(new RolloutEvent.Started(fleet, now(), 0, gen.name(), describe(spec.strategy()),
        engine.capacity().desired(spec, now())));
    LOG.info("{}: rolling out {} (image {} on {}), {} by {}", fleet, gen, image.id(), spec.generation().instanceType(),
        targetLive ? "already live" : previous == null ? "first generation" : "replacing " + previous.generation().name(),
        describe(spec.strategy()));
    String traffic = trafficTarget(spec, engine.driver().traffic().isPresent());
    Stage stage = loop(Mode.ROLLOUT, spec, rec, image, targetLive, traffic);
    if (stage.kind() == StageKind.COMPLETE) {
      boolean noChange = targetLive && launched == 0 && terminated == 0 && trafficChanges == 0;
      markLive(rec);
      emit(new RolloutEvent.GatePassed(fleet, now(), 1.0, gen.name()));
      return finish(noChange ? Outcome.NO_CHANGE : Outcome.COMPLETED, gen, "");
    }
    if (stage.kind() == StageKind.FATAL || targetLive) {
      if (!targetLive) {
        engine.store().updateStatus(fleet, gen.number(), GenerationStatus.FAILED, stage.reason(), now());
      }
      return finish(Outcome.FAILED, gen, stage.reason());
    }
    boolean aborted = stage.kind() == StageKind.ABORTED;
    String reason = stage.reason();
    if (stage.kind() == StageKind.GATE_FAILED) {
      emit(new RolloutEvent.GateFailed(fleet, now(), fraction, gen.name(), reason));
    }
    LOG.warn("{}: {} failed: {}; rolling back", fleet, gen.name(), reason);
    GenerationRecord current = engine.store().find(fleet, gen.id()).orElse(rec);
    engine.store().updateStatus(fleet, gen.number(),
        current.status() == GenerationStatus.LIVE || stage.kind() == StageKind.ROLLBACK_REQUESTED
            ? GenerationStatus.ROLLED_BACK : GenerationStatus.FAILED, reason, now());
    signals.clearStops();
    Stage back = restore(previous, spec, traffic, reason);
    if (back.kind() != StageKind.COMPLETE) {
      return finish(Outcome.FAILED, gen, reason + "; the rollback did not finish either: " + back.reason());
    }
    return finish(aborted ? Outcome.ABORTED : Outcome.ROLLED_BACK, gen, reason);
  }

  private RolloutResult rollbackOnRequest() throws InterruptedException {
    startedAt = now();
    List<GenerationRecord> history = engine.store().history(fleet);
    GenerationRecord current = history.stream().filter(r -> r.status() == GenerationStatus.LIVE)
        .max(Comparator.comparingInt(r -> r.generation().number()))
        .orElseThrow(() -> new ImmutException("fleet '" + fleet + "' has no live generation to roll back from"));
    GenerationRecord previous = history.stream()
        .filter(r -> r.status() == GenerationStatus.RETIRED && r.generation().number() < current.generation().number())
        .max(Comparator.comparingInt(r -> r.generation().number()))
        .orElseThrow(() -> new ImmutException("fleet '" + fleet + "' has no previous good generation before "
            + current.generation().name() + " to roll back to; apply an older spec instead"));
    String reason = "rollback of " + current.generation().name() + " requested";
    String traffic = trafficTarget(current.spec(), engine.driver().traffic().isPresent());
    Stage back = restore(previous, current.spec(), traffic, reason);
    if (back.kind() != StageKind.COMPLETE) {
      return finish(Outcome.FAILED, previous.generation(), "the rollback to " + previous.generation().name()
          + " did not finish: " + back.reason());
    }
    engine.store().updateStatus(fleet, current.generation().number(), GenerationStatus.ROLLED_BACK, reason, now());
    return finish(Outcome.ROLLED_BACK, previous.generation(), reason);
  }

  /** Restores {@code previous} (or empties the fleet when null) and records it live. */
  private Stage restore(GenerationRecord previous, FleetSpec failing, String traffic, String reason)
      throws InterruptedException {
    String to = previous == null ? null : previous.generation().name();
    emit(new RolloutEvent.RollbackStarted(fleet, now(), fraction, to, reason));
    Stage back;
    if (previous == null) {
      back = loop(Mode.ROLLBACK, null, null, null, true, traffic);
    } else {
      Image image;
      try {
        image = engine.executor().resolveImage(previous.spec().generation().image(), retries);
      } catch (RolloutStop e) {
        return new Stage(StageKind.FATAL, e.getMessage());
      }
      String prevTraffic = trafficTarget(previous.spec(), engine.driver().traffic().isPresent());
      back = loop(Mode.ROLLBACK, previous.spec(), previous, image, true, prevTraffic != null ? prevTraffic : traffic);
    }
    if (back.kind() == StageKind.COMPLETE) {
      if (previous != null) {
        markLive(engine.store().find(fleet, previous.generation().id()).orElse(previous));
      }
      emit(new RolloutEvent.RollbackFinished(fleet, now(), 1.0, to));
      LOG.info("{}: rollback finished, {} restored", fleet, to == null ? "no generation (fleet emptied)" : to);
    }
    return back;
  }

  /**
   * The state checks: the spec, then the instances the rollout is going to terminate (those of
   * other generations). An unacknowledged blocker stops the rollout here, before any change.
   */
  private void checkState(FleetSpec spec, String imageId, List<InstanceView> observed) {
    StateReport report = engine.stateCheck().checkSpec(spec);
    List<InstanceView> replaced = StateCheck.replacedBy(spec, selector, imageId, observed);
    if (!report.blocksRollout() && !replaced.isEmpty()) {
      report = report.merge(engine.stateCheck().checkInstances(spec, engine.executor().retrying(), replaced,
          id -> engine.store().find(fleet, id).map(r -> r.spec().generation())));
    }
    for (Finding f : report.findings()) {
      emit(new RolloutEvent.StateFinding(fleet, now(), 0, f));
    }
    if (!report.isEmpty()) {
      LOG.info("{}: state checks: {}", fleet, report.summary());
    }
    if (report.blocksRollout()) {
      throw new StateBlockedException(fleet, report);
    }
  }

  private void checkBudget(FleetSpec spec, List<InstanceView> observed) {
    int desired = engine.capacity().desired(spec, now());
    Set<String> types = typesOf(observed);
    types.add(spec.generation().instanceType());
    long live = observed.stream().filter(v -> v.ownership().belongsTo(selector) && v.state().isLive()).count();
    if (spec.strategy() instanceof RolloutStrategy.Rolling r) {
      SurgeBudget.rolling(spec, r, desired, engine.prices(), types);
    } else {
      SurgeBudget.checkPeak(spec, desired, (int) live, engine.prices(), types);
    }
  }

  private Set<String> typesOf(List<InstanceView> views) {
    Set<String> types = new HashSet<>();
    for (InstanceView v : views) {
      if (v.instanceType() != null && v.state().isLive() && v.ownership().belongsTo(selector)) {
        types.add(v.instanceType());
      }
    }
    return types;
  }

  private GenerationRecord liveOtherThan(String id) {
    return engine.store().history(fleet).stream()
        .filter(r -> r.status() == GenerationStatus.LIVE && !r.generation().id().equals(id))
        .max(Comparator.comparingInt(r -> r.generation().number())).orElse(null);
  }

  private void markLive(GenerationRecord rec) {
    Instant now = now();
    for (GenerationRecord r : engine.store().history(fleet)) {
      if (r.generation().number() == rec.generation().number()) {
        continue;
      }
      if (r.status() == GenerationStatus.LIVE) {
        engine.store().updateStatus(fleet, r.generation().number(), GenerationStatus.RETIRED,
            "replaced by " + rec.generation().name(), now);
      } else if (r.status() == GenerationStatus.PENDING && r.generation().number() < rec.generation().number()) {
        engine.store().updateStatus(fleet, r.generation().number(), GenerationStatus.RETIRED,
            "superseded by " + rec.generation().name(), now);
      }
    }
    GenerationRecord current = engine.store().find(fleet, rec.generation().id()).orElse(rec);
    if (current.status() != GenerationStatus.LIVE) {
      engine.store().updateStatus(fleet, rec.generation().number(), GenerationStatus.LIVE, "", now);
    }
  }

  private Limits limits(Mode mode, FleetSpec spec, int desired, List<InstanceView> views) {
    if (spec == null) {
      return new Limits(0, 0);
    }
    Set<String> types = typesOf(views);
    types.add(spec.generation().instanceType());
    RolloutStrategy.Rolling r = mode == Mode.ROLLBACK ? new RolloutStrategy.Rolling(Amount.percent(100), Amount.of(0))
        : spec.strategy() instanceof RolloutStrategy.Rolling rr ? rr : RolloutStrategy.DEFAULT;
    try {
      return SurgeBudget.rolling(spec, r, desired, engine.prices(), types);
    } catch (OverBudgetException e) {
      // checked before the rollout began; here the capacity target moved: wait within the budget
      LOG.warn("{}: {}", fleet, e.getMessage());
      return mode == Mode.ROLLBACK ? new Limits(0, Math.min(1, desired)) : new Limits(0, 0);
    }
  }

  private Stage loop(Mode mode, FleetSpec spec, GenerationRecord target, Image image, boolean targetLive, String traffic)
      throws InterruptedException {
    HealthGate gate = new HealthGate(engine.probe(), engine.driver().capabilities().bootTimeHint());
    HealthCheck check = spec != null ? spec.generation().healthCheck() : HealthCheck.DEFAULT;
    String targetId = target == null ? null : target.generation().id();
    String targetName = target == null ? "(none)" : target.generation().name();
    Optional<TrafficRouter> router = traffic == null ? Optional.empty() : engine.driver().traffic();
    RolloutStrategy strategy = mode == Mode.ROLLBACK || spec == null
        ? new RolloutStrategy.Rolling(Amount.percent(100), Amount.of(0)) : spec.strategy();
    Set<String> known = engine.store().history(fleet).stream().map(r -> r.generation().id()).collect(Collectors.toSet());
    Progress progress = Progress.start(now());
    boolean admitted = !(targetLive || mode == Mode.ROLLBACK);
    boolean announced = false;
    int canaryStep = -1;
    Instant failingSince = null;
    boolean settled = true;
    while (true) {
      if (mode == Mode.ROLLOUT && signals.abortRequested()) {
        return new Stage(StageKind.ABORTED, "aborted on request");
      }
      if (mode == Mode.ROLLOUT && signals.rollbackRequested()) {
        return new Stage(StageKind.ROLLBACK_REQUESTED, "rollback requested");
      }
      Instant now = now();
      List<InstanceView> views;
      Set<InstanceId> registered;
      try {
        views = overlay.merge(engine.executor().list(selector, retries), now);
        registered = router.isPresent() ? engine.executor().trafficHealth(router.get(), traffic, retries).keySet() : Set.of();
        failingSince = null;
      } catch (DriverException e) {
        failingSince = failingSince == null ? now : failingSince;
        if (now.isAfter(failingSince.plus(check.progressDeadline()))) {
          return new Stage(StageKind.FATAL, "cannot observe fleet '" + fleet + "' for "
              + io.immut.api.Durations.format(check.progressDeadline()) + ": " + e.getMessage());
        }
        LOG.warn("{}: observing the fleet failed ({}); retrying in {}", fleet, e.getMessage(), check.interval());
        engine.clock().sleep(check.interval());
        continue;
      } catch (RolloutStop e) {
        return new Stage(StageKind.FATAL, e.getMessage());
      }
      List<InstanceView> candidates = new ArrayList<>();
      for (InstanceView v : views) {
        if (targetId != null && targetId.equals(v.generationId()) && !v.state().isGone()
            && v.ownership().belongsTo(selector)) {
          candidates.add(v);
        }
      }
      if (!admitted) {
        gate.admit(candidates.stream().filter(v -> v.state() == io.immut.api.InstanceState.RUNNING
            && v.health() != io.immut.api.HealthStatus.UNHEALTHY).map(InstanceView::id).toList());
        admitted = true;
      }
      for (HealthGate.Change c : gate.observe(candidates, check, now)) {
        if (c.status() == io.immut.core.rollout.decision.GateStatus.PASSED) {
          LOG.debug("{}: {} passed its health gate", fleet, c.id());
          emit(new RolloutEvent.InstanceHealthy(fleet, now, fraction, c.id()));
        } else {
          LOG.info("{}: {} failed its health gate: {}", fleet, c.id(), c.reason());
          emit(new RolloutEvent.InstanceUnhealthy(fleet, now, fraction, c.id(), c.reason()));
        }
      }
      int desired = spec == null ? 0 : engine.capacity().desired(spec, now);
      if (spec != null && lastDesired >= 0 && desired != lastDesired) {
        emit(new RolloutEvent.CapacityChanged(fleet, now, fraction, lastDesired, desired,
            engine.capacity().reason(fleet).orElse("the capacity target changed")));
      }
      lastDesired = spec == null ? lastDesired : desired;
      Situation s = Situation.builder(selector, now).mode(mode)
          .target(targetId, spec == null ? null : spec.generation().instanceType(), image == null ? null : image.id(), desired)
          .targetLive(targetLive).strategy(strategy).limits(limits(mode, spec, desired, views)).healthCheck(check)
          .knownGenerations(known).instances(views).gates(gate.statuses()).traffic(router.isPresent() ? traffic : null,
              registered)
          .promoteRequested(signals.promoteRequested()).orphanGrace(engine.orphanGrace())
          .removeFirst(spec == null ? List.of() : engine.capacity().removeFirst(spec, views, now)).build();
      Decision d = Decider.decide(s, progress);
      progress = d.progress();
      fraction = d.fraction();
      signals.show(targetName, d.phase());
      if (d.promotionUsed()) {
        signals.promotionUsed();
      }
      if (strategy instanceof RolloutStrategy.Canary c && progress.canaryStep() != canaryStep
          && progress.canaryStep() < c.steps().size()) {
        canaryStep = progress.canaryStep();
        emit(new RolloutEvent.CanaryStepStarted(fleet, now, fraction, canaryStep, String.valueOf(c.steps().get(canaryStep))));
      }
      if (d.phase() == Phase.GATE_FAILED) {
        return new Stage(StageKind.GATE_FAILED, d.reason());
      }
      Instant wake = now.plus(check.interval());
      Optional<Instant> due = gate.nextCheckDue(check, now);
      if (due.isPresent() && due.get().isBefore(wake)) {
        wake = due.get();
      }
      boolean rerun = false;
      boolean terminatedHere = false;
      try {
        int launching = d.actionsOf(Action.Launch.class).stream().mapToInt(Action.Launch::count).sum();
        if (launching > 0) {
          wave++;
          int terminating = d.actionsOf(Action.Terminate.class).stream().mapToInt(t -> t.ids().size()).sum();
          emit(new RolloutEvent.WaveStarted(fleet, now, fraction, wave, launching, terminating));
          LOG.info("{}: wave {}: launching {} of {}, terminating {}", fleet, wave, launching, targetName, terminating);
        }
        for (Action a : d.actions()) {
          if (a instanceof Action.WaitUntil w) {
            if (w.until().isBefore(wake)) {
              wake = w.until();
            }
          } else if (a instanceof Action.Validate v) {
            progress = progress.withValidation(validate(v, views));
            rerun = true;
          } else if (a instanceof Action.Analyse an) {
            progress = progress.withAnalysis(analyse(an, targetId, views));
            rerun = true;
          } else if (a instanceof Action.Promote) {
            markLive(target);
            emit(new RolloutEvent.GatePassed(fleet, now(), fraction, targetName));
            emit(new RolloutEvent.Promoted(fleet, now(), fraction, targetName));
            LOG.info("{}: {} promoted", fleet, targetName);
          } else {
            carryOut(a, spec, image, router, targetName);
            terminatedHere |= a instanceof Action.Terminate;
          }
        }
      } catch (RolloutStop e) {
        return new Stage(switch (e.kind()) {
          case QUOTA -> StageKind.QUOTA;
          case CAPACITY -> StageKind.CAPACITY;
          case FATAL -> StageKind.FATAL;
        }, e.getMessage());
      } catch (DriverException e) {
        LOG.warn("{}: a driver call failed after its retries ({}); deciding again at the next step", fleet, e.getMessage());
      }
      if (d.phase() == Phase.COMPLETE) {
        return new Stage(StageKind.COMPLETE, "");
      }
      if (d.phase() == Phase.AWAITING_PROMOTION && !announced) {
        announced = true;
        emit(new RolloutEvent.AwaitingPromotion(fleet, now, fraction, targetName, d.reason()));
        LOG.info("{}: {}", fleet, d.reason());
      } else if (d.phase() != Phase.AWAITING_PROMOTION) {
        announced = false;
      }
      if (terminatedHere && settled) {
        // what the terminations lead to (often the end of the rollout) is decided at once, not an
        // interval later; one such step in a row, so that a loop of terminations still waits
        rerun = true;
      }
      settled = !terminatedHere || !settled;
      if (!rerun) {
        Duration sleep = Duration.between(now(), wake);
        if (!sleep.isNegative() && !sleep.isZero()) {
          engine.clock().sleep(sleep);
        }
      }
    }
  }

  private void carryOut(Action a, FleetSpec spec, Image image, Optional<TrafficRouter> router, String targetName)
      throws InterruptedException {
    Executor x = engine.executor();
    if (a instanceof Action.DeregisterTraffic t && router.isPresent()) {
      x.deregister(router.get(), t.target(), t.ids(), retries);
      trafficChanges++;
      emit(new RolloutEvent.TrafficShifted(fleet, now(), fraction, t.target(), Set.of(), t.ids()));
    } else if (a instanceof Action.RegisterTraffic t && router.isPresent()) {
      x.register(router.get(), t.target(), t.ids(), retries);
      trafficChanges++;
      emit(new RolloutEvent.TrafficShifted(fleet, now(), fraction, t.target(), t.ids(), Set.of()));
    } else if (a instanceof Action.Terminate t) {
      x.terminate(t.ids(), retries);
      overlay.terminated(t.ids(), now());
      terminated += t.ids().size();
      LOG.info("{}: terminated {} instance(s) ({})", fleet, t.ids().size(), t.reason());
      emit(new RolloutEvent.InstancesTerminated(fleet, now(), fraction, t.ids(), t.reason()));
    } else if (a instanceof Action.Launch l) {
      Executor.Launched r = x.launch(selector, l.generationId(), spec.generation(), image, l.count(), l.token(), views -> {
        overlay.launched(views, now());
        launched += views.size();
        emit(new RolloutEvent.InstancesLaunched(fleet, now(), fraction, targetName,
            views.stream().map(InstanceView::id).collect(Collectors.toSet())));
      }, retries);
      if (!r.shortfall().isEmpty()) {
        LOG.info("{}: launched {} of {} ({}); the rest at the next step", fleet, r.instances().size(), l.count(), r.shortfall());
      }
    }
  }

  private Verdict validate(Action.Validate v, List<InstanceView> views) {
    GenerationValidator validator = engine.validators().get(v.validator());
    if (validator == null) {
      return Verdict.fail("no validator named '" + v.validator() + "' is registered");
    }
    List<InstanceView> instances = views.stream().filter(i -> v.ids().contains(i.id())).toList();
    Verdict verdict;
    try {
      verdict = validator.validate(new GenerationValidator.Context(fleet, v.generationId(), instances, now()));
      verdict = verdict == null ? Verdict.fail("validator '" + v.validator() + "' answered nothing") : verdict;
    } catch (RuntimeException e) {
      verdict = Verdict.fail("validator '" + v.validator() + "' threw " + e);
    }
    LOG.info("{}: validator '{}': {} {}", fleet, v.validator(), verdict.kind(), verdict.reason());
    return verdict;
  }

  private Verdict analyse(Action.Analyse a, String targetId, List<InstanceView> views) {
    CanaryAnalysis analysis = engine.analyses().get(a.analysis());
    if (analysis == null) {
      return Verdict.fail("no canary analysis named '" + a.analysis() + "' is registered");
    }
    Map<InstanceId, InstanceView> byId = views.stream().collect(Collectors.toMap(InstanceView::id, Function.identity(),
        (x, y) -> x));
    List<InstanceView> canary = a.canary().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    List<InstanceView> baseline = a.baseline().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    String baselineGen = baseline.isEmpty() ? null : baseline.get(0).generationId();
    Verdict verdict;
    try {
      verdict = analysis.analyse(new CanaryAnalysis.Context(fleet, a.step(), targetId, canary, baseline, now()));
      verdict = verdict == null ? Verdict.fail("analysis '" + a.analysis() + "' answered nothing") : verdict;
    } catch (RuntimeException e) {
      verdict = Verdict.fail("analysis '" + a.analysis() + "' threw " + e);
    }
    LOG.info("{}: canary analysis '{}' (step {}, baseline {}): {} {}", fleet, a.analysis(), a.step(), baselineGen,
        verdict.kind(), verdict.reason());
    return verdict;
  }

  private RolloutResult finish(Outcome outcome, Generation generation, String reason) {
    Generation live = engine.store().history(fleet).stream().filter(r -> r.status() == GenerationStatus.LIVE)
        .map(GenerationRecord::generation).max(Comparator.comparingInt(Generation::number)).orElse(null);
    RolloutResult result = new RolloutResult(fleet, outcome, generation, live, reason, launched, terminated, startedAt, now());
    LOG.info("{}", result);
    emit(new RolloutEvent.Completed(fleet, now(), outcome == Outcome.COMPLETED || outcome == Outcome.NO_CHANGE ? 1.0 : fraction,
        result));
    return result;
  }

  private void emit(RolloutEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("a rollout listener threw on {}; ignored", event.getClass().getSimpleName(), e);
    }
  }

  static String describe(RolloutStrategy s) {
    if (s instanceof RolloutStrategy.Rolling r) {
      return "rolling (maxSurge " + r.maxSurge() + ", maxUnavailable " + r.maxUnavailable() + ")";
    }
    if (s instanceof RolloutStrategy.BlueGreen b) {
      return "blue/green (" + b.promotion().name().toLowerCase(java.util.Locale.ROOT) + " promotion, keep previous "
          + io.immut.api.Durations.format(b.keepPreviousFor()) + b.validation().map(v -> ", validator " + v).orElse("") + ")";
    }
    return "canary (" + ((RolloutStrategy.Canary) s).steps().size() + " steps)";
  }
}
