package io.immut.core.internal.reconcile;

import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.history.GenerationRecord;
import io.immut.core.port.FleetCommand;
import io.immut.core.rollout.OverBudgetException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.internal.budget.SurgeBudget;
import io.immut.core.internal.decision.Action;
import io.immut.core.internal.decision.Decider;
import io.immut.core.internal.decision.Decision;
import io.immut.core.internal.decision.GateStatus;
import io.immut.core.internal.decision.Limits;
import io.immut.core.internal.decision.Mode;
import io.immut.core.internal.decision.Phase;
import io.immut.core.internal.decision.Progress;
import io.immut.core.internal.decision.Situation;
import io.immut.core.internal.execution.RolloutStop;
import io.immut.core.internal.health.HealthGate;
import io.immut.core.internal.health.ServingWatch;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered reconcile loop: each step renews the fleet's lease, reads the fleet's
 * commands, lists the owned instances, updates the health gate, asks the {@link Decider} for the
 * next safe actions and hands them to the {@link ActionRunner}, then waits on the clock. Runs until
 * the target runs the fleet, or a stop.
 */
final class ReconcileLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  /** Steps in a row decided at once after terminations, before the loop waits its interval. */
  static final int QUICK_STEPS = 3;

  private final RolloutContext ctx;
  private boolean wasPaused;
  /** A rollback that hit a quota or ran out of capacity: it goes on one instance at a time. */
  private boolean constrained;

  ReconcileLoop(RolloutContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Runs the loop towards a target.
   *
   * @param mode a rollout, or a rollback (which ignores abort and rollback commands)
   * @param spec the target's spec, or null to empty the fleet
   * @param target the target's record, or null
   * @param image the target's image, or null
   * @param targetLive whether the target is live already
   * @param traffic the load-balancer target, or null
   * @return how it ended
   * @throws InterruptedException when interrupted
   */
  Stage run(Mode mode, FleetSpec spec, GenerationRecord target, Image image, boolean targetLive, String traffic)
      throws InterruptedException {
    Engine engine = ctx.engine;
    String fleet = ctx.fleet;
    HealthGate gate = new HealthGate(engine.probe(), engine.driver().capabilities().bootTimeHint());
    HealthCheck check = spec != null ? spec.generation().healthCheck() : HealthCheck.DEFAULT;
    String targetId = target == null ? null : target.generation().id();
    String targetName = target == null ? "(none)" : target.generation().name();
    Optional<TrafficRouter> router = traffic == null ? Optional.empty() : engine.driver().traffic();
    RolloutStrategy strategy = mode == Mode.ROLLBACK || spec == null
        ? new RolloutStrategy.Rolling(Amount.percent(100), Amount.of(0)) : spec.strategy();
    List<GenerationRecord> history = engine.lifecycle().history(fleet);
    Set<String> known = history.stream().map(r -> r.generation().id()).collect(Collectors.toSet());
    java.util.Map<String, HealthCheck> checks = new java.util.HashMap<>();
    for (GenerationRecord r : history) {
      checks.put(r.generation().id(), r.spec().generation().healthCheck());
    }
    ServingWatch watch = new ServingWatch(engine.probe());
    engine.lifecycle().kept(fleet).ifPresentOrElse(k -> {
      ctx.keptId = k.id();
      ctx.keptUntil = k.keptUntil();
    }, () -> {
      ctx.keptId = null;
      ctx.keptUntil = null;
    });
    ActionRunner runner = new ActionRunner(ctx, spec, image, target, router);
    Progress progress = Progress.start(ctx.now());
    boolean admitted = !(targetLive || mode == Mode.ROLLBACK);
    boolean announced = false;
    int canaryStep = -1;
    Instant failingSince = null;
    int quickInARow = 0;
    boolean confirmed = false;
    settle();
    while (true) {
      ctx.renewLease();
      Set<FleetCommand> commands = ctx.commands();
      if (mode == Mode.ROLLOUT && commands.contains(FleetCommand.ABORT)) {
        return new Stage(Stage.Kind.ABORTED, "aborted on request");
      }
      if (mode == Mode.ROLLOUT && commands.contains(FleetCommand.ROLLBACK)) {
        return new Stage(Stage.Kind.ROLLBACK_REQUESTED, "rollback requested");
      }
      boolean paused = commands.contains(FleetCommand.PAUSE);
      if (paused != wasPaused) {
        wasPaused = paused;
        LOG.info("{}: {}", fleet, paused ? "paused on request: observing, changing nothing until resumed" : "resumed");
      }
      Instant now = ctx.now();
      List<InstanceView> views;
      Set<InstanceId> registered = new java.util.HashSet<>();
      Set<InstanceId> inService = new java.util.HashSet<>();
      try {
        // the first step decides on the preflight's listing (the one the checks were made on) when it
        // is recent and trusted: one listing fewer per apply
        List<InstanceView> listed = ctx.takePreflightListing(now, check.interval());
        views = ctx.overlay.merge(listed != null ? listed : engine.executor().list(ctx.selector, ctx.retries), now);
        if (router.isPresent()) {
          // a draining instance is no longer registered: never deregistered twice, and put back
          // in service when a rollback restores it
          engine.executor().trafficHealth(router.get(), traffic, ctx.retries).forEach((id, h) -> {
            if (h != TrafficRouter.TargetHealth.DRAINING) {
              registered.add(id);
            }
            if (h == TrafficRouter.TargetHealth.HEALTHY) {
              inService.add(id);
            }
          });
        }
        failingSince = null;
      } catch (DriverException e) {
        failingSince = failingSince == null ? now : failingSince;
        if (now.isAfter(failingSince.plus(check.progressDeadline()))) {
          return new Stage(Stage.Kind.FATAL, "cannot observe fleet '" + fleet + "' for "
              + io.immut.api.Durations.format(check.progressDeadline()) + ": " + e.getMessage());
        }
        LOG.warn("{}: observing the fleet failed ({}); retrying in {}", fleet, e.getMessage(),
            io.immut.api.Durations.formatRounded(check.interval()));
        engine.clock().sleep(check.interval());
        continue;
      } catch (RolloutStop e) {
        return new Stage(Stage.Kind.FATAL, e.getMessage());
      }
      List<InstanceView> candidates = new ArrayList<>();
      List<InstanceView> watched = new ArrayList<>();
      for (InstanceView v : views) {
        if (v.state().isGone() || !v.ownership().belongsTo(ctx.selector)) {
          continue;
        }
        if (targetId != null && targetId.equals(v.generationId())) {
          candidates.add(v);
          if (!admitted) {
            watched.add(v);
          }
        } else if (known.contains(v.generationId())) {
          watched.add(v);
        }
      }
      Set<InstanceId> observed = watch.observe(watched, v -> checks.getOrDefault(v.generationId(), check), inService, now);
      if (!admitted) {
        // the serving instances of a live generation (or of the one a rollback restores) pass without
        // a check: those the cloud calls healthy, and those of unknown health observed serving; one
        // still warming up (relaunched by a rollback a process that died left behind) takes the gate.
        // When nothing but the cloud's status could tell, as before, all that run and are not unhealthy.
        boolean blind = !watch.canObserve(router.isPresent(), check);
        gate.admit(candidates.stream().filter(v -> v.state() == InstanceState.RUNNING && (v.health() == HealthStatus.HEALTHY
            || observed.contains(v.id()) || (blind && v.health() != HealthStatus.UNHEALTHY))).map(InstanceView::id).toList());
        admitted = true;
      }
      for (HealthGate.Change c : gate.observe(candidates, check, now)) {
        if (c.status() == GateStatus.PASSED) {
          LOG.debug("{}: {} passed its health gate", fleet, c.id());
          ctx.emit(new RolloutEvent.InstanceHealthy(fleet, now, ctx.fraction, c.id()));
        } else {
          LOG.info("{}: {} failed its health gate: {}", fleet, c.id(), c.reason());
          ctx.emit(new RolloutEvent.InstanceUnhealthy(fleet, now, ctx.fraction, c.id(), c.reason()));
        }
      }
      int desired = spec == null ? 0 : engine.capacity().desired(spec, now);
      if (spec != null && ctx.lastDesired >= 0 && desired != ctx.lastDesired) {
        ctx.emit(new RolloutEvent.CapacityChanged(fleet, now, ctx.fraction, ctx.lastDesired, desired,
            engine.capacity().reason(fleet).orElse("the capacity target changed")));
      }
      ctx.lastDesired = spec == null ? ctx.lastDesired : desired;
      if (spec != null) {
        engine.observations().record(fleet, new Observations.Observation(now, desired, views));
      } else {
        engine.observations().forget(fleet);
      }
      Situation s = Situation.builder(ctx.selector, now).mode(mode)
          .target(targetId, spec == null ? null : spec.generation().instanceType(), image == null ? null : image.id(), desired)
          .targetLive(targetLive).strategy(strategy).limits(limits(mode, spec, desired, views)).healthCheck(check)
          .knownGenerations(known).instances(views).gates(gate.statuses()).traffic(router.isPresent() ? traffic : null,
              registered, inService)
          .promoteRequested(commands.contains(FleetCommand.PROMOTE)).orphanGrace(engine.orphanGrace())
          .promotionDeadline(engine.promotionDeadline())
          .removeFirst(spec == null ? List.of() : engine.capacity().removeFirst(spec, views, now))
          .observedServing(observed).kept(ctx.keptId, ctx.keptUntil).build();
      Decision d = Decider.decide(s, progress);
      progress = paused ? d.progress().held(now) : d.progress();
      ctx.fraction = d.fraction();
      if (d.promotionUsed()) {
        ctx.done(FleetCommand.PROMOTE);
      }
      if (strategy instanceof RolloutStrategy.Canary c && progress.canaryStep() != canaryStep
          && progress.canaryStep() < c.steps().size()) {
        canaryStep = progress.canaryStep();
        ctx.emit(new RolloutEvent.CanaryStepStarted(fleet, now, ctx.fraction, canaryStep,
            String.valueOf(c.steps().get(canaryStep))));
      }
      if (d.phase() == Phase.GATE_FAILED) {
        return new Stage(Stage.Kind.GATE_FAILED, d.reason());
      }
      if (d.phase() == Phase.LAUNCH_FAILED) {
        return launchFailed(d, runner, views, progress, now);
      }
      Instant wake = now.plus(check.interval());
      Optional<Instant> due = gate.nextCheckDue(check, now);
      if (due.isPresent() && due.get().isBefore(wake)) {
        wake = due.get();
      }
      List<Action> actions = paused ? List.of() : d.actions();
      ActionRunner.Step step;
      try {
        int launching = count(actions, Action.Launch.class, Action.Launch::count);
        if (launching > 0) {
          ctx.wave++;
          int terminating = count(actions, Action.Terminate.class, t -> t.ids().size());
          ctx.emit(new RolloutEvent.WaveStarted(fleet, now, ctx.fraction, ctx.wave, launching, terminating));
          LOG.info("{}: wave {}: launching {} of {}, terminating {}", fleet, ctx.wave, launching, targetName, terminating);
        }
        step = runner.run(actions, views, progress, wake);
      } catch (RolloutStop e) {
        if (mode == Mode.ROLLBACK && e.kind() != RolloutStop.Kind.FATAL) {
          // a rollback does not give up on a quota or a lack of capacity: it frees room by
          // replacing one instance at a time (the progress deadline still bounds it)
          if (!constrained) {
            LOG.warn("{}: {}; rolling back one instance at a time", fleet, e.getMessage());
          }
          constrained = true;
          engine.clock().sleep(check.interval());
          continue;
        }
        return new Stage(switch (e.kind()) {
          case QUOTA -> Stage.Kind.QUOTA;
          case CAPACITY -> Stage.Kind.CAPACITY;
          case FATAL -> Stage.Kind.FATAL;
        }, e.getMessage());
      } catch (DriverException e) {
        LOG.warn("{}: a driver call failed after its retries ({}); deciding again at the next step", fleet, e.getMessage());
        step = runner.last();
      }
      progress = step.progress();
      wake = step.wake();
      boolean rerun = step.rerun();
      boolean terminatedHere = step.terminated();
      if (d.phase() == Phase.COMPLETE && !paused) {
        Stage unseen;
        try {
          unseen = lostSinceListed(views, targetId, now);
        } catch (DriverException e) {
          LOG.warn("{}: inspecting the fleet before the outcome failed ({}); deciding again in {}", fleet, e.getMessage(),
              io.immut.api.Durations.formatRounded(check.interval()));
          engine.clock().sleep(check.interval());
          continue;
        }
        if (unseen != null && unseen.isComplete()) {
          // the listing lagged behind the cloud: decide again at once on what is really there
          continue;
        }
        if (unseen != null) {
          return unseen;
        }
        if (mode == Mode.ROLLBACK && !confirmed) {
          // a rollback is the last word on the fleet: it is done only when a second look, an
          // interval later, agrees, so that what a lagging list did not show yet (a launch of a
          // process that died, an instance the cloud lost) is not left behind
          confirmed = true;
          engine.clock().sleep(check.interval());
          continue;
        }
        return Stage.complete();
      }
      confirmed = false;
      if (d.phase() == Phase.AWAITING_PROMOTION && !announced) {
        announced = true;
        ctx.emit(new RolloutEvent.AwaitingPromotion(fleet, now, ctx.fraction, targetName, d.reason()));
        LOG.info("{}: {}", fleet, d.reason());
      } else if (d.phase() != Phase.AWAITING_PROMOTION) {
        announced = false;
      }
      if (terminatedHere && quickInARow < QUICK_STEPS) {
        // what the terminations lead to (often the end of the rollout) is decided at once, not an
        // interval later, also when the instances to retire turned healthy over more than one step
        // (a slow or throttled call lets the next ones pass meanwhile); a few such steps in a row,
        // so that a loop of terminations still waits
        rerun = true;
        quickInARow++;
      } else {
        quickInARow = 0;
      }
      if (!rerun) {
        Duration sleep = Duration.between(ctx.now(), wake);
        if (!sleep.isNegative() && !sleep.isZero()) {
          engine.clock().sleep(sleep);
        }
      }
    }
  }

  /**
   * Waits, once per rollout, until a listing shows everything done before the rollout began: the
   * driver's {@code Capabilities.listLag()} after its start. A process that takes over from one
   * that died cannot derive the tokens of every launch the other made (it decides from another
   * view: the load balancer answers at once where the listing lags, so its waves differ), and a
   * launch the listing does not show yet would be made again, past the surge bound.
   */
  private void settle() throws InterruptedException {
    if (ctx.settled) {
      return;
    }
    ctx.settled = true;
    Duration wait = Duration.between(ctx.now(), ctx.listingTrustedFrom());
    if (!wait.isNegative() && !wait.isZero()) {
      LOG.debug("{}: waiting {} until the listing shows what happened before this rollout", ctx.fleet,
          io.immut.api.Durations.formatRounded(wait));
      ctx.engine.clock().sleep(wait);
    }
  }

  /**
   * Before an outcome, when the driver's listing lags ({@code Capabilities.listLag()} above zero):
   * inspects, by id, the target's instances the decision counted on. A listing may lag (an instance the cloud lost a moment ago is still listed running) where an inspection
   * is read-after-write; an instance absent from the answer, or reported gone, is lost: it is shown
   * gone until the listing agrees, and the loop decides again, which replaces it.
   *
   * @return null when every instance is there; a complete stage when some were lost (decide
   *     again); a fatal stage when the cloud rejected the inspection
   */
  private Stage lostSinceListed(List<InstanceView> views, String targetId, Instant now) throws InterruptedException {
    if (targetId == null || ctx.engine.driver().capabilities().listLag().isZero()) {
      // a driver that declares its listing consistent is taken at its word: no inspection needed
      return null;
    }
    List<InstanceId> counted = new ArrayList<>();
    for (InstanceView v : views) {
      if (targetId.equals(v.generationId()) && v.state().isLive() && v.ownership().belongsTo(ctx.selector)) {
        counted.add(v.id());
      }
    }
    if (counted.isEmpty()) {
      return null;
    }
    java.util.Map<InstanceId, io.immut.spi.InstanceInspection> seen;
    try {
      seen = ctx.engine.executor().inspectAll(counted, ctx.retries);
    } catch (RolloutStop e) {
      return new Stage(Stage.Kind.FATAL, e.getMessage());
    }
    Set<InstanceId> lost = new java.util.TreeSet<>();
    for (InstanceId id : counted) {
      io.immut.spi.InstanceInspection i = seen.get(id);
      if (i == null || (i.state() != null && i.state().isGone())) {
        lost.add(id);
      }
    }
    if (lost.isEmpty()) {
      return null;
    }
    LOG.info("{}: {} instance(s) still listed are gone ({}); replacing them", ctx.fleet, lost.size(), lost);
    ctx.overlay.terminated(lost, now);
    return Stage.complete();
  }

  /** Deletes what is left of the failed instances (the decision's only actions), then stops. */
  private Stage launchFailed(Decision d, ActionRunner runner, List<InstanceView> views, Progress progress, Instant now)
      throws InterruptedException {
    LOG.warn("{}: {}", ctx.fleet, d.reason());
    try {
      runner.run(d.actions(), views, progress, now);
    } catch (RolloutStop | DriverException e) {
      LOG.warn("{}: deleting the failed instances failed ({}); the rollback or the next rollout deletes them", ctx.fleet,
          e.getMessage());
    }
    return new Stage(switch (d.stoppedBy()) {
      case QUOTA -> Stage.Kind.QUOTA;
      case IMAGE -> Stage.Kind.FATAL;
      case CAPACITY, OTHER -> Stage.Kind.CAPACITY;
    }, d.reason());
  }

  private static <A extends Action> int count(List<Action> actions, Class<A> type, java.util.function.ToIntFunction<A> size) {
    return actions.stream().filter(type::isInstance).map(type::cast).mapToInt(size).sum();
  }

  private Limits limits(Mode mode, FleetSpec spec, int desired, List<InstanceView> views) {
    if (spec == null) {
      return new Limits(0, 0);
    }
    Set<String> types = Preflight.typesOf(ctx.selector, views);
    types.add(spec.generation().instanceType());
    RolloutStrategy.Rolling r;
    if (mode == Mode.ROLLBACK && constrained) {
      r = new RolloutStrategy.Rolling(Amount.of(0), Amount.of(1));
    } else if (mode == Mode.ROLLBACK) {
      // a rolling fleet rolls back within its own surge and floor; blue/green and canary ran
      // both generations side by side already and restore at once
      r = spec.strategy() instanceof RolloutStrategy.Rolling rr ? rr
          : new RolloutStrategy.Rolling(Amount.percent(100), Amount.of(0));
    } else {
      r = spec.strategy() instanceof RolloutStrategy.Rolling rr ? rr : RolloutStrategy.DEFAULT;
    }
    try {
      return SurgeBudget.rolling(spec, r, desired, ctx.engine.prices(), types);
    } catch (OverBudgetException e) {
      // checked before the rollout began; here the capacity target moved: wait within the budget
      LOG.warn("{}: {}", ctx.fleet, e.getMessage());
      return mode == Mode.ROLLBACK ? new Limits(0, Math.min(1, desired)) : new Limits(0, 0);
    }
  }
}
