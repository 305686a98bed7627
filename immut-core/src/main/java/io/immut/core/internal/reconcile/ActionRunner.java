package io.immut.core.internal.reconcile;

import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.core.history.GenerationRecord;
import io.immut.core.rollout.CanaryAnalysis;
import io.immut.core.rollout.GenerationValidator;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.Verdict;
import io.immut.core.internal.decision.Action;
import io.immut.core.internal.decision.Progress;
import io.immut.core.internal.execution.Executor;
import io.immut.core.internal.execution.RolloutStop;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions of one decision, each through the one dispatch over {@link Action}: the
 * changes through the executor (after checking the fleet's lease), the hooks (validators, canary
 * analyses) by name, the promotion through the generation lifecycle, and the waits into the step's
 * wake-up time.
 */
final class ActionRunner implements Action.Handler<Void, InterruptedException> {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  private final RolloutContext ctx;
  private final FleetSpec spec;
  private final Image image;
  private final GenerationRecord target;
  private final String targetName;
  private final Optional<TrafficRouter> router;
  private List<InstanceView> views = List.of();
  private Progress progress;
  private Instant wake;
  private boolean rerun;
  private boolean terminated;

  ActionRunner(RolloutContext ctx, FleetSpec spec, Image image, GenerationRecord target, Optional<TrafficRouter> router) {
    this.ctx = ctx;
    this.spec = spec;
    this.image = image;
    this.target = target;
    this.targetName = target == null ? "(none)" : target.generation().name();
    this.router = router;
  }

  /**
   * Carries out a step's actions in order.
   *
   * @param actions the decision's actions
   * @param observed the fleet as listed at this step
   * @param before the progress after the decision
   * @param wakeAt when the loop would wake without the actions' waits
   * @return the step's outcome
   * @throws InterruptedException when interrupted
   */
  Step run(List<Action> actions, List<InstanceView> observed, Progress before, Instant wakeAt) throws InterruptedException {
    views = observed;
    progress = before;
    wake = wakeAt;
    rerun = false;
    terminated = false;
    try {
      for (Action a : actions) {
        a.accept(this);
      }
    } finally {
      last = new Step(progress, wake, rerun, terminated);
    }
    return last;
  }

  private Step last;

  /** What the actions of the latest step left, also when one of them threw. */
  Step last() {
    return last;
  }

  /**
   * What a step's actions left for the loop.
   *
   * @param progress the progress with the hooks' verdicts
   * @param wake when to decide next
   * @param rerun whether to decide again at once (a hook answered)
   * @param terminated whether instances were terminated
   */
  record Step(Progress progress, Instant wake, boolean rerun, boolean terminated) {}

  @Override
  public Void launch(Action.Launch l) throws InterruptedException {
    ctx.lease.check();
    Executor.Launched r;
    try {
      r = ctx.engine.executor().launch(ctx.selector, l.generationId(), placed(l), image, l.count(),
          l.token(), launched -> {
            ctx.overlay.launched(launched, ctx.now());
            ctx.launched += launched.size();
            ctx.emit(new RolloutEvent.InstancesLaunched(ctx.fleet, ctx.now(), ctx.fraction, targetName,
                launched.stream().map(InstanceView::id).collect(Collectors.toSet())));
          }, ctx.retries);
    } finally {
      // also when it threw: a launch whose answer was lost may have launched
      ctx.changed();
    }
    if (!r.shortfall().isEmpty()) {
      LOG.info("{}: launched {} of {} ({}); the rest at the next step", ctx.fleet, r.instances().size(), l.count(),
          r.shortfall());
    }
    return null;
  }

  /** The generation spec with the zones the launch avoids left out, when the spec lists others. */
  private GenerationSpec placed(Action.Launch l) {
    GenerationSpec g = spec.generation();
    Placement p = g.placement();
    if (l.avoidZones().isEmpty() || p.zones().isEmpty()) {
      return g;
    }
    List<String> left = p.zones().stream().filter(z -> !l.avoidZones().contains(z)).toList();
    if (left.isEmpty() || left.size() == p.zones().size()) {
      return g;
    }
    LOG.info("{}: launching in {} only, after capacity failures in {}", ctx.fleet, left, l.avoidZones());
    return g.toBuilder().placement(new Placement(left, p.subnet(), p.securityGroups(), p.sshKey(), p.instanceProfile(),
        p.properties())).build();
  }

  @Override
  public Void terminate(Action.Terminate t) throws InterruptedException {
    ctx.lease.check();
    try {
      ctx.engine.executor().terminate(t.ids(), ctx.retries);
    } finally {
      ctx.changed();
    }
    ctx.overlay.terminated(t.ids(), ctx.now());
    ctx.terminated += t.ids().size();
    terminated = true;
    LOG.info("{}: terminated {} instance(s) ({})", ctx.fleet, t.ids().size(), t.reason());
    ctx.emit(new RolloutEvent.InstancesTerminated(ctx.fleet, ctx.now(), ctx.fraction, t.ids(), t.reason()));
    return null;
  }

  @Override
  public Void register(Action.RegisterTraffic t) throws InterruptedException {
    if (router.isPresent()) {
      ctx.lease.check();
      Set<InstanceId> registered = register(router.get(), t.target(), t.ids());
      if (!registered.isEmpty()) {
        ctx.trafficChanges++;
        ctx.emit(new RolloutEvent.TrafficShifted(ctx.fleet, ctx.now(), ctx.fraction, t.target(), registered, Set.of()));
      }
    }
    return null;
  }

  /**
   * Registers instances with the target. The balancer rejects an instance that is gone (it died
   * while the list lagged): that is no reason to stop the rollout, only to leave that instance
   * out, so a rejected batch is retried one instance at a time and each rejected one is terminated
   * (a no-op when it is gone) and so replaced by the next decision, even while the list still
   * shows it running.
   *
   * @return the instances registered
   */
  private Set<InstanceId> register(TrafficRouter r, String target, Set<InstanceId> ids) throws InterruptedException {
    try {
      ctx.engine.executor().register(r, target, ids, ctx.retries);
      return ids;
    } catch (RolloutStop e) {
      if (!(e.getCause() instanceof DriverException.InvalidRequest)) {
        throw e;
      }
      if (ids.size() == 1) {
        LOG.info("{}: {} was not registered with '{}' ({}); replacing it", ctx.fleet, ids, target, e.getMessage());
        terminate(new Action.Terminate(ids, "cannot take traffic"));
        return Set.of();
      }
    }
    Set<InstanceId> registered = new java.util.HashSet<>();
    for (InstanceId id : new java.util.TreeSet<>(ids)) {
      registered.addAll(register(r, target, Set.of(id)));
    }
    return registered;
  }

  @Override
  public Void deregister(Action.DeregisterTraffic t) throws InterruptedException {
    if (router.isPresent()) {
      ctx.lease.check();
      ctx.engine.executor().deregister(router.get(), t.target(), t.ids(), ctx.retries);
      ctx.trafficChanges++;
      ctx.emit(new RolloutEvent.TrafficShifted(ctx.fleet, ctx.now(), ctx.fraction, t.target(), Set.of(), t.ids()));
    }
    return null;
  }

  @Override
  public Void validate(Action.Validate v) {
    progress = progress.withValidation(validateNow(v));
    rerun = true;
    return null;
  }

  @Override
  public Void analyse(Action.Analyse a) {
    progress = progress.withAnalysis(analyseNow(a));
    rerun = true;
    return null;
  }

  @Override
  public Void promote(Action.Promote p) {
    // the previous generation is kept running, out of service, for keepPreviousFor: recorded with
    // the promotion, so that a rollback in the window (in this process or after a restart) finds
    // it and the first apply after the window retires it
    Instant keepUntil = null;
    io.immut.core.history.GenerationRecord previous = ctx.engine.lifecycle().live(ctx.fleet)
        .filter(r -> !r.id().equals(target.id())).orElse(null);
    if (previous != null && spec.strategy() instanceof io.immut.api.RolloutStrategy.BlueGreen bg
        && !bg.keepPreviousFor().isZero() && views.stream().anyMatch(v -> v.generationId().equals(previous.id())
        && v.ownership().belongsTo(ctx.selector) && v.state().isLive())) {
      keepUntil = ctx.now().plus(bg.keepPreviousFor());
    }
    ctx.engine.lifecycle().markLive(ctx.lease, target.generation().number(), ctx.now(), keepUntil);
    if (keepUntil != null) {
      ctx.keptId = previous.id();
      ctx.keptUntil = keepUntil;
      LOG.info("{}: {} kept running out of service until {}", ctx.fleet, previous.generation().name(), keepUntil);
    }
    ctx.emit(new RolloutEvent.GatePassed(ctx.fleet, ctx.now(), ctx.fraction, targetName));
    ctx.emit(new RolloutEvent.Promoted(ctx.fleet, ctx.now(), ctx.fraction, targetName));
    LOG.info("{}: {} promoted", ctx.fleet, targetName);
    return null;
  }

  @Override
  public Void waitUntil(Action.WaitUntil w) {
    if (w.until().isBefore(wake)) {
      wake = w.until();
    }
    return null;
  }

  private Verdict validateNow(Action.Validate v) {
    GenerationValidator validator = ctx.engine.validators().get(v.validator());
    if (validator == null) {
      return Verdict.fail("no validator named '" + v.validator() + "' is registered");
    }
    List<InstanceView> instances = views.stream().filter(i -> v.ids().contains(i.id())).toList();
    Verdict verdict;
    try {
      verdict = validator.validate(new GenerationValidator.Context(ctx.fleet, v.generationId(), instances, ctx.now()));
      verdict = verdict == null ? Verdict.fail("validator '" + v.validator() + "' answered nothing") : verdict;
    } catch (RuntimeException e) {
      verdict = Verdict.fail("validator '" + v.validator() + "' threw " + e);
    }
    LOG.info("{}: validator '{}': {} {}", ctx.fleet, v.validator(), verdict.kind(), verdict.reason());
    return verdict;
  }

  private Verdict analyseNow(Action.Analyse a) {
    CanaryAnalysis analysis = ctx.engine.analyses().get(a.analysis());
    if (analysis == null) {
      return Verdict.fail("no canary analysis named '" + a.analysis() + "' is registered");
    }
    Map<InstanceId, InstanceView> byId = views.stream().collect(Collectors.toMap(InstanceView::id, Function.identity(),
        (x, y) -> x));
    List<InstanceView> canary = a.canary().stream().map(byId::get).filter(Objects::nonNull).toList();
    List<InstanceView> baseline = a.baseline().stream().map(byId::get).filter(Objects::nonNull).toList();
    String baselineGen = baseline.isEmpty() ? null : baseline.get(0).generationId();
    String targetId = target == null ? null : target.generation().id();
    Verdict verdict;
    try {
      verdict = analysis.analyse(new CanaryAnalysis.Context(ctx.fleet, a.step(), targetId, canary, baseline, ctx.now()));
      verdict = verdict == null ? Verdict.fail("analysis '" + a.analysis() + "' answered nothing") : verdict;
    } catch (RuntimeException e) {
      verdict = Verdict.fail("analysis '" + a.analysis() + "' threw " + e);
    }
    LOG.info("{}: canary analysis '{}' (step {}, baseline {}): {} {}", ctx.fleet, a.analysis(), a.step(), baselineGen,
        verdict.kind(), verdict.reason());
    return verdict;
  }
}
