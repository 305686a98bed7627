package io.immut.core.internal.controller;

import io.immut.api.FleetSpec;
import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerEvent.Outcome;
import io.immut.core.controller.FleetState;
import io.immut.core.history.GenerationRecord;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.Backoff;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one fleet: hold its lease, choose the work from what the history and the
 * commands say ({@link WorkChoice}), apply the spec (or the live generation's) on this thread, or
 * hand a rollout to the rollout pool; then record the outcome and observe the fleet.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** The first wait before a failed rollout is tried again (or the interval, when shorter). */
  private static final Duration RETRY_BASE = Duration.ofSeconds(1);

  private final FleetEngine engine;
  private final ControllerRuntime.Settings settings;
  private final LeaseKeeper leases;
  private final java.util.function.Consumer<ControllerEvent> emit;
  private final Runnable poke;
  private final java.util.function.BooleanSupplier stopped;
  private ThreadPoolExecutor rollouts;

  Reconciler(FleetEngine engine, ControllerRuntime.Settings settings, LeaseKeeper leases,
             java.util.function.Consumer<ControllerEvent> emit, Runnable poke, java.util.function.BooleanSupplier stopped) {
    this.engine = engine;
    this.settings = settings;
    this.leases = leases;
    this.emit = emit;
    this.poke = poke;
    this.stopped = stopped;
  }

  /** The pool rollouts are handed to (set when the controller starts its threads). */
  void rollouts(ThreadPoolExecutor pool) {
    this.rollouts = pool;
  }

  private Instant now() {
    return engine.clock().now();
  }

  private void emit(ControllerEvent e) {
    emit.accept(e);
  }

  private void poke() {
    poke.run();
  }

  /**
   * One reconcile of a fleet, unless a rollout acts on it (that rollout's loop is its reconcile).
   *
   * @param f the fleet
   * @param inline whether a rollout runs on this thread ({@code runOnce}) instead of the rollout pool
   */
  void pass(ManagedFleet f, boolean inline) {
    long ended;
    synchronized (f) {
      ended = f.rolloutsEnded;
    }
    if (!f.work.tryLock()) {
      // a rollout acts on the fleet: it is its own reconcile loop
      done(f, now(), ended);
      return;
    }
    Instant start = now();
    try {
      if (f.removed() || stopped.getAsBoolean() && !inline) {
        return;
      }
      f.attempt(start);
      if (!leases.hold(f)) {
        f.state(FleetState.SKIPPED, "the lease is held by another controller; asking again each interval");
        emit(new ControllerEvent.Reconciled(f.name, now(), Duration.between(start, now()), Outcome.SKIPPED, ""));
        return;
      }
      ManagedFleet.Wanted wanted = f.wanted();
      FleetSpec spec = wanted.spec();
      WorkChoice.Facts facts = facts(f, wanted);
      WorkChoice.Work work = WorkChoice.choose(facts);
      switch (work) {
        case RECONCILE -> reconcile(f, spec, start, Outcome.RECONCILED, "");
        case ROLL_OUT, ROLL_BACK -> {
          if (inline) {
            runLong(f, work, start);
          } else {
            handOver(f, work);
            boolean waiting = rollouts.getActiveCount() >= settings.rolloutThreads();
            if (work == WorkChoice.Work.ROLL_OUT && waiting && WorkChoice.mayReconcileLiveWhileWaiting(facts) && f.rollout) {
              Optional<GenerationRecord> live = engine.lifecycle().live(f.name);
              if (live.isPresent()) {
                reconcile(f, live.get().spec(), start, Outcome.RECONCILED, "");
              }
            }
            f.state(FleetState.ROLLING_OUT, "rolling out generation " + wanted.generationId());
          }
        }
        case RECONCILE_LIVE -> {
          String note = blockedNote(f, spec);
          Optional<GenerationRecord> live = engine.lifecycle().live(f.name);
          if (live.isPresent()) {
            reconcile(f, live.get().spec(), start, Outcome.BLOCKED, note);
          }
          f.state(FleetState.BLOCKED, note);
        }
        case OBSERVE -> {
          // a paused apply would observe until resumed and hold this thread: observe once instead
          String note = "paused: observed, nothing changed until resumed";
          f.succeeded(now(), FleetState.PAUSED, "PAUSED", note);
          emit(new ControllerEvent.Reconciled(f.name, now(), Duration.between(start, now()), Outcome.PAUSED, note));
          observe(f);
        }
        case NOTHING -> {
          String note = facts.rollbackRequested() ? "a rollback was requested but the fleet has no live generation"
              : blockedNote(f, spec);
          if (facts.rollbackRequested()) {
            engine.commands().clear(f.lease, FleetCommand.ROLLBACK);
          }
          f.state(FleetState.BLOCKED, note);
          emit(new ControllerEvent.Reconciled(f.name, now(), Duration.between(start, now()), Outcome.BLOCKED, note));
        }
        default -> throw new IllegalStateException(work.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failed(f, start, e);
    } finally {
      if (f.removed()) {
        leases.release(f);
        engine.forget(f.name);
      }
      f.work.unlock();
      done(f, start, ended);
    }
  }

  /**
   * The pass is over: the fleet is due one interval after it began, unless a rollout is under way
   * or ended meanwhile; the rollout says when the fleet is due when it ends ({@link #afterRollout}),
   * and a pass that finishes after it must not put that off (nor bring a backoff forward).
   */
  private void done(ManagedFleet f, Instant start, long rolloutsEndedBefore) {
    synchronized (f) {
      f.queued = false;
      if (f.rollout || f.rolloutsEnded != rolloutsEndedBefore) {
        return;
      }
      f.due(ReconcileSchedule.next(start, settings.interval()));
    }
  }

  private WorkChoice.Facts facts(ManagedFleet f, ManagedFleet.Wanted wanted) {
    String id = wanted.generationId();
    Optional<GenerationRecord> live = engine.lifecycle().live(f.name);
    Optional<GenerationRecord> found = engine.lifecycle().find(f.name, id);
    Optional<GenerationRecord> target = engine.lifecycle().target(f.name);
    Set<FleetCommand> pending = engine.commands().pending(engine.key(f.name));
    return new WorkChoice.Facts(id, live.map(GenerationRecord::id).orElse(null),
        found.map(GenerationRecord::status).orElse(null), target.map(GenerationRecord::id).orElse(null),
        id.equals(f.retryGeneration), pending.contains(FleetCommand.ROLLBACK), pending.contains(FleetCommand.PAUSE));
  }

  private String blockedNote(ManagedFleet f, FleetSpec spec) {
    Optional<GenerationRecord> wanted = engine.lifecycle().find(f.name, spec.generationId());
    String what = wanted.map(r -> r.generation().name() + " " + r.status().name().toLowerCase(java.util.Locale.ROOT)
        + r.why().map(w -> " (" + w + ")").orElse("")).orElse("the spec's generation failed");
    return what + "; not rolled out again until the spec changes or retry(\"" + f.name + "\") is called";
  }

  /** A level-triggered apply on this thread, and the fleet observed afterwards. */
  private void reconcile(ManagedFleet f, FleetSpec spec, Instant start, Outcome outcome, String note)
      throws InterruptedException {
    RolloutResult r = engine.apply(spec, listener(f), f.lease);
    afterEngine(f, start, r, outcome, note);
  }

  private void afterEngine(ManagedFleet f, Instant start, RolloutResult r, Outcome outcome, String note) {
    leases.check(f);
    Instant end = now();
    // a rollout that was rolled back (or aborted) left the fleet on its previous generation, in order
    boolean restored = outcome == Outcome.ROLLED_OUT
        && (r.outcome() == RolloutResult.Outcome.ROLLED_BACK || r.outcome() == RolloutResult.Outcome.ABORTED);
    boolean ok = r.succeeded() || restored;
    if (ok) {
      FleetState state = outcome == Outcome.BLOCKED || restored ? FleetState.BLOCKED : FleetState.RECONCILED;
      f.succeeded(end, state, r.outcome().name(), restored ? (r.generation() == null ? "the fleet" : r.generation().name())
          + " " + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.reason()
          + "; not rolled out again until the spec changes or retry(\"" + f.name + "\") is called" : note);
    } else {
      f.failed(r.outcome().name(), r.reason());
    }
    emit(new ControllerEvent.Reconciled(f.name, end, Duration.between(start, end), ok ? outcome : Outcome.FAILED, r.toString()));
    observe(f, r);
  }

  private void observe(ManagedFleet f) {
    observe(f, null);
  }

  /**
   * Observes the fleet after a reconcile: a reconcile that ended well ended on a listing of the
   * fleet as it left it, so its status comes from that listing (one list per reconcile, not two);
   * after a failure, or when there is none, the cloud is read.
   */
  private void observe(ManagedFleet f, RolloutResult after) {
    try {
      Optional<FleetStatus> seen = after != null && after.succeeded() ? engine.lastObserved(f.name) : Optional.empty();
      FleetStatus s = seen.isPresent() ? seen.get() : engine.status(f.name);
      f.observed(s.live().map(Generation::name).orElse(null), s.instances().size(), s.cost().orElse(null));
      emit(new ControllerEvent.FleetObserved(f.name, s.observedAt(), s.instances().size(), s.healthyCount(),
          s.desiredCapacity(), s.cost().orElse(null)));
    } catch (RuntimeException e) {
      LOG.debug("{}: observing after the reconcile failed: {}", f.name, e.getMessage());
    }
  }

  private void failed(ManagedFleet f, Instant start, RuntimeException e) {
    if (e instanceof LeaseLostException || e instanceof FleetBusyException) {
      leases.check(f);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.warn("{}: reconcile failed: {}", f.name, message);
    f.failed("ERROR", message);
    emit(new ControllerEvent.Reconciled(f.name, now(), Duration.between(start, now()), Outcome.FAILED, message));
  }

  private void handOver(ManagedFleet f, WorkChoice.Work work) {
    synchronized (f) {
      if (f.rollout) {
        return;
      }
      f.rollout = true;
    }
    try {
      rollouts.execute(() -> {
        f.work.lock();
        f.rolloutThread = Thread.currentThread();
        Instant start = now();
        try {
          if (!f.removed() && leases.hold(f)) {
            runLong(f, work, start);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failed(f, start, e);
        } finally {
          f.rolloutThread = null;
          if (f.removed()) {
            leases.release(f);
            engine.forget(f.name);
          }
          synchronized (f) {
            f.rollout = false;
            f.rolloutsEnded++;
            f.due(afterRollout(f));
          }
          f.work.unlock();
          poke();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      synchronized (f) {
        f.rollout = false;
      }
    }
  }

  /**
   * When a fleet is due after a rollout on the rollout pool: at once when it ended well (the next
   * reconcile observes and reconciles the generation it left live), or after a backoff when it
   * failed, so that a rollout refused at its first step (a missing image, a refused call, a lost
   * lease) is not retried in a tight loop: 1 s doubling per failure in a row, never more than
   * the interval, with equal jitter seeded by the fleet's name so fleets that fail together spread out.
   */
  private Instant afterRollout(ManagedFleet f) {
    int errors = f.consecutiveErrors();
    if (errors == 0) {
      return now();
    }
    Duration interval = settings.interval();
    Duration base = interval.compareTo(RETRY_BASE) < 0 ? interval : RETRY_BASE;
    Backoff backoff = new Backoff(base, interval, Integer.MAX_VALUE);
    return now().plus(backoff.delay(errors, new SplittableRandom(f.name.hashCode() * 31L + errors)));
  }

  /** A rollout or a rollback on request, on this thread. */
  private void runLong(ManagedFleet f, WorkChoice.Work work, Instant start) throws InterruptedException {
    ManagedFleet.Wanted wanted = f.wanted();
    FleetSpec spec = wanted.spec();
    // what the reconcile saw may be old by now: choose again under the work lock
    WorkChoice.Work now = WorkChoice.choose(facts(f, wanted));
    if (now != work) {
      return;
    }
    f.state(FleetState.ROLLING_OUT, work == WorkChoice.Work.ROLL_BACK ? "rolling back on request"
        : "rolling out generation " + wanted.generationId());
    RolloutResult r;
    if (work == WorkChoice.Work.ROLL_BACK) {
      engine.commands().clear(f.lease, FleetCommand.ROLLBACK);
      r = engine.rollback(f.name, listener(f), f.lease);
    } else {
      r = engine.apply(spec, listener(f), f.lease);
      if (wanted.generationId().equals(f.retryGeneration)) {
        f.retryGeneration = null;
      }
    }
    afterEngine(f, start, r, Outcome.ROLLED_OUT, "");
  }

  private RolloutListener listener(ManagedFleet f) {
    RolloutListener user = settings.rolloutListener();
    return event -> {
      if (event instanceof RolloutEvent.Started s) {
        int before = f.lastDesired;
        f.lastDesired = s.desired();
        if (before >= 0 && before != s.desired()) {
          emit(new ControllerEvent.CapacityChanged(f.name, s.at(), before, s.desired()));
        }
      }
      user.onEvent(event);
    };
  }
}
