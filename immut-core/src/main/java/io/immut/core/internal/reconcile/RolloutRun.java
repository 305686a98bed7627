package io.immut.core.internal.reconcile;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.Image;
import io.immut.api.ImmutException;
import io.immut.api.RolloutStrategy;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetLease;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.OverBudgetException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.internal.decision.Mode;
import io.immut.core.internal.execution.RolloutStop;
import io.immut.core.state.Finding;
import io.immut.core.state.StateBlockedException;
import io.immut.core.state.StateReport;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout (or rollback) of one fleet, from its {@link Preflight} to its result: records the
 * generation through the lifecycle, runs the {@link ReconcileLoop} towards it, marks it live, and
 * rolls back automatically when it fails. The cloud's tags and the generation history are all it
 * needs to go on after a crash.
 *
 * <p>The caller holds the fleet's lease for the whole run; the loop renews it, checks it before
 * every mutating step, and reads the fleet's commands (promote, abort, roll back, pause) at every
 * step. A rollout whose lease is taken over stops at once and changes nothing more.
 */
public final class RolloutRun {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutRun.class);

  private final RolloutContext ctx;
  private final Engine engine;
  private final String fleet;
  private final FleetLease lease;
  private final ReconcileLoop loop;
  private java.time.Instant startedAt;
  private Generation rolling;

  private RolloutRun(Engine engine, String fleet, RolloutListener listener, FleetLease lease) {
    this.ctx = new RolloutContext(engine, fleet, listener, lease);
    this.engine = engine;
    this.fleet = fleet;
    this.lease = lease;
    this.loop = new ReconcileLoop(ctx);
  }

  /**
   * The load-balancer target of a spec; see {@link Preflight#trafficTarget}.
   *
   * @param spec the spec
   * @param hasRouter whether the driver has a traffic router
   * @return the target, or null
   */
  public static String trafficTarget(FleetSpec spec, boolean hasRouter) {
    return Preflight.trafficTarget(spec, hasRouter);
  }

  /**
   * Rolls a spec out: records its generation, rolls it in, and rolls back automatically when it
   * fails.
   *
   * @param engine what to run with
   * @param spec the desired state
   * @param listener the events' receiver
   * @param lease the fleet's lease, held by the caller
   * @return the result
   * @throws io.immut.api.InvalidSpecException when the driver finds problems in the generation spec
   *     (before any cloud change)
   * @throws OverBudgetException when the rollout cannot fit the budget (before any cloud change)
   * @throws StateBlockedException when the state checks find an unacknowledged blocker (before any
   *     cloud change)
   * @throws InterruptedException when interrupted
   */
  public static RolloutResult apply(Engine engine, FleetSpec spec, RolloutListener listener, FleetLease lease)
      throws InterruptedException {
    RolloutRun run = new RolloutRun(engine, spec.name(), listener, lease);
    try {
      return run.apply(spec);
    } catch (LeaseLostException e) {
      return run.finish(Outcome.FAILED, run.rolling, e.getMessage());
    }
  }

  /**
   * Restores the fleet's previous good generation on request.
   *
   * @param engine what to run with
   * @param fleet the fleet
   * @param listener the events' receiver
   * @param lease the fleet's lease, held by the caller
   * @return the result
   * @throws InterruptedException when interrupted
   */
  public static RolloutResult rollback(Engine engine, String fleet, RolloutListener listener, FleetLease lease)
      throws InterruptedException {
    RolloutRun run = new RolloutRun(engine, fleet, listener, lease);
    try {
      return run.rollbackOnRequest();
    } catch (LeaseLostException e) {
      return run.finish(Outcome.FAILED, run.rolling, e.getMessage());
    }
  }

  private java.time.Instant now() {
    return ctx.now();
  }

  private RolloutResult apply(FleetSpec spec) throws InterruptedException {
    startedAt = now();
    Preflight preflight = Preflight.of(engine, spec);
    Image image;
    List<InstanceView> observed;
    try {
      io.immut.core.internal.execution.Executor.ImageAndFleet read = null;
      java.time.Instant askedAt = now();
      try {
        // the image and the fleet are read side by side; the inspections need the listing
        read = preflight.imageAndFleet(ctx.retries);
      } catch (RolloutStop e) {
        // which of the two was refused: asked again one after the other, as a missing image
        // fails the generation while a refused list stops apply
      }
      if (read != null) {
        image = read.image();
        observed = read.instances();
      } else {
        try {
          image = preflight.image(ctx.retries);
        } catch (RolloutStop e) {
          GenerationRecord rec = engine.lifecycle().begin(lease, spec, now());
          engine.lifecycle().fail(lease, rec.generation().number(), e.getMessage(), now());
          return finish(Outcome.FAILED, rec.generation(), e.getMessage());
        }
        observed = preflight.observe(ctx.retries);
      }
      checkHistoryKnowsFleet(observed);
      preflight.checkBudget(observed);
      checkState(preflight.stateBeforeRollout(image.id(), observed));
      ctx.preflightListed(observed, askedAt);
    } catch (DriverException e) {
      // throttling or a transient error that outlasted the retries, before any change: a
      // rollout-level error that says so, not the driver's raw exception
      throw new ImmutException("fleet '" + fleet + "': the cloud did not answer the checks before the rollout ("
          + e.operation() + ", after retries): " + e.getMessage() + "; nothing was changed, apply again later", e);
    }
    GenerationRecord previous = engine.lifecycle().live(fleet).filter(r -> !r.generation().id().equals(spec.generationId()))
        .orElse(null);
    GenerationRecord rec = engine.lifecycle().begin(lease, spec, now());
    boolean targetLive = rec.status() == GenerationStatus.LIVE;
    Generation gen = rec.generation();
    rolling = gen;
    ctx.emit(new RolloutEvent.Started(fleet, now(), 0, gen.name(), describe(spec.strategy()),
        engine.capacity().desired(spec, now())));
    LOG.info("{}: rolling out {} (image {} on {}), {} by {}", fleet, gen, image.id(), spec.generation().instanceType(),
        targetLive ? "already live" : previous == null ? "first generation" : "replacing " + previous.generation().name(),
        describe(spec.strategy()));
    String traffic = Preflight.trafficTarget(spec, engine.driver().traffic().isPresent());
    Stage stage = loop.run(Mode.ROLLOUT, Preflight.rolledOut(spec, targetLive || previous != null), rec, image, targetLive,
        traffic);
    if (stage.isComplete()) {
      boolean noChange = targetLive && ctx.launched == 0 && ctx.terminated == 0 && ctx.trafficChanges == 0;
      engine.lifecycle().markLive(lease, gen.number(), now());
      ctx.emit(new RolloutEvent.GatePassed(fleet, now(), 1.0, gen.name()));
      GenerationRecord retired = retireExpiredKept();
      if (targetLive && retired != null) {
        return finish(Outcome.RETIRED_PREVIOUS, gen, retired.generation().name() + " retired: its keep-previous window ended at "
            + retired.keptUntil());
      }
      return finish(noChange ? Outcome.NO_CHANGE : Outcome.COMPLETED, gen, "");
    }
    if (targetLive) {
      engine.lifecycle().fail(lease, gen.number(), stage.reason(), now());
      return finish(Outcome.FAILED, gen, stage.reason());
    }
    boolean aborted = stage.kind() == Stage.Kind.ABORTED;
    String reason = stage.reason();
    if (stage.kind() == Stage.Kind.GATE_FAILED) {
      ctx.emit(new RolloutEvent.GateFailed(fleet, now(), ctx.fraction, gen.name(), reason));
    }
    LOG.warn("{}: {} failed: {}; rolling back", fleet, gen.name(), reason);
    GenerationRecord current = engine.lifecycle().find(fleet, gen.id()).orElse(rec);
    boolean promoted = current.status() == GenerationStatus.LIVE;
    if (!promoted && stage.kind() == Stage.Kind.ROLLBACK_REQUESTED) {
      engine.lifecycle().rollBack(lease, gen.number(), reason, now());
    } else if (!promoted) {
      engine.lifecycle().fail(lease, gen.number(), reason, now());
    }
    // a promoted generation stays live until the previous one is live again: the fleet never has
    // no live generation, not even when the rollback does not finish
    ctx.clearStops();
    Stage back = restore(previous, traffic, reason);
    if (!back.isComplete()) {
      return finish(Outcome.FAILED, gen, reason + "; the rollback did not finish either: " + back.reason());
    }
    if (promoted) {
      engine.lifecycle().rollBack(lease, gen.number(), reason, now());
    }
    if (stage.kind() == Stage.Kind.FATAL) {
      // a fatal error (credentials, a rejected request, an image the cloud cannot run) is a
      // failure of the rollout even when what it launched was rolled back
      return finish(Outcome.FAILED, gen, reason + "; what it launched was rolled back");
    }
    return finish(aborted ? Outcome.ABORTED : Outcome.ROLLED_BACK, gen, reason);
  }

  private RolloutResult rollbackOnRequest() throws InterruptedException {
    startedAt = now();
    engine.lifecycle().verify(fleet);
    GenerationRecord current = engine.lifecycle().live(fleet)
        .orElseThrow(() -> new ImmutException("fleet '" + fleet + "' has no live generation to roll back from"));
    GenerationRecord previous = engine.lifecycle().previous(fleet)
        .orElseThrow(() -> new ImmutException("fleet '" + fleet + "' has no previous good generation before "
            + current.generation().name() + " to roll back to; apply an older spec instead"));
    rolling = previous.generation();
    String reason = "rollback of " + current.generation().name() + " requested";
    String traffic = Preflight.trafficTarget(current.spec(), engine.driver().traffic().isPresent());
    Stage back = restore(previous, traffic, reason);
    if (!back.isComplete()) {
      return finish(Outcome.FAILED, previous.generation(), "the rollback to " + previous.generation().name()
          + " did not finish: " + back.reason());
    }
    engine.lifecycle().rollBack(lease, current.generation().number(), reason, now());
    return finish(Outcome.ROLLED_BACK, previous.generation(), reason);
  }

  /**
   * Records the kept generation whose window ended as no longer kept, once the loop completed
   * (which retired its instances, as old ones).
   *
   * @return the record as it was while kept, or null when none was due
   */
  private GenerationRecord retireExpiredKept() {
    GenerationRecord kept = engine.lifecycle().kept(fleet).orElse(null);
    if (kept == null || now().isBefore(kept.keptUntil())) {
      return null;
    }
    engine.lifecycle().release(lease, kept.number(), now());
    LOG.info("{}: {} retired, its keep-previous window ended at {}", fleet, kept.generation().name(), kept.keptUntil());
    return kept;
  }

  /** Restores {@code previous} (or empties the fleet when null) and records it live. */
  private Stage restore(GenerationRecord previous, String traffic, String reason) throws InterruptedException {
    String to = previous == null ? null : previous.generation().name();
    ctx.emit(new RolloutEvent.RollbackStarted(fleet, now(), ctx.fraction, to, reason));
    Stage back;
    if (previous == null) {
      back = loop.run(Mode.ROLLBACK, null, null, null, true, traffic);
    } else {
      Image image;
      try {
        image = engine.executor().resolveImage(previous.spec().generation().image(), ctx.retries);
      } catch (RolloutStop e) {
        return new Stage(Stage.Kind.FATAL, e.getMessage());
      }
      String prevTraffic = Preflight.trafficTarget(previous.spec(), engine.driver().traffic().isPresent());
      back = loop.run(Mode.ROLLBACK, previous.spec(), previous, image, true, prevTraffic != null ? prevTraffic : traffic);
    }
    if (back.isComplete()) {
      if (previous != null) {
        engine.lifecycle().markLive(lease, previous.generation().number(), now());
      }
      ctx.emit(new RolloutEvent.RollbackFinished(fleet, now(), 1.0, to));
      LOG.info("{}: rollback finished, {} restored", fleet, to == null ? "no generation (fleet emptied)" : to);
    }
    return back;
  }

  /**
   * Refuses a fleet this engine's history has never seen while the cloud runs owned instances of
   * it: they belong to generations of another history (a second engine with its own, or a lost
   * one). Rolling on would treat them as orphans, and two engines would each report their own
   * generation completed on one fleet.
   */
  private void checkHistoryKnowsFleet(List<InstanceView> observed) {
    if (!engine.lifecycle().history(fleet).isEmpty()) {
      return;
    }
    java.util.Set<String> unknown = new java.util.TreeSet<>();
    long count = 0;
    for (InstanceView v : observed) {
      if (v.ownership().belongsTo(ctx.selector) && v.state().isLive()) {
        unknown.add(v.generationId());
        count++;
      }
    }
    if (!unknown.isEmpty()) {
      throw new ImmutException("fleet '" + fleet + "' runs " + count + " instance(s) of generation(s) " + unknown
          + " (owner '" + engine.owner() + "') but this engine's generation history has no record of the fleet: another "
          + "engine with its own history manages it, or the history was lost. Give every engine the same history "
          + "(Immut.builder().generationStore(GenerationStore.directory(...))); if those instances are leftovers, "
          + "terminate them first. Nothing was changed.");
    }
  }

  /** Reports the state checks' findings; an unacknowledged blocker stops the rollout here, before any change. */
  private void checkState(StateReport report) {
    for (Finding f : report.findings()) {
      ctx.emit(new RolloutEvent.StateFinding(fleet, now(), 0, f));
    }
    if (!report.isEmpty()) {
      LOG.info("{}: state checks: {}", fleet, report.summary());
    }
    if (report.blocksRollout()) {
      throw new StateBlockedException(fleet, report);
    }
  }

  private RolloutResult finish(Outcome outcome, Generation generation, String reason) {
    Generation live = engine.lifecycle().live(fleet).map(GenerationRecord::generation).orElse(null);
    GenerationRecord kept = engine.lifecycle().kept(fleet).orElse(null);
    RolloutResult result = new RolloutResult(fleet, outcome, generation, live, reason, ctx.launched, ctx.terminated,
        startedAt == null ? now() : startedAt, now(), kept == null ? null : kept.generation(),
        kept == null ? null : kept.keptUntil());
    LOG.info("{}", result);
    ctx.emit(new RolloutEvent.Finished(fleet, now(), result.succeeded() ? 1.0 : ctx.fraction, result));
    return result;
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
