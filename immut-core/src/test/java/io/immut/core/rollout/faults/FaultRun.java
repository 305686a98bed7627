package io.immut.core.rollout.faults;

import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import io.immut.api.InstanceId;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.CloudBehaviour;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.FaultKind;
import io.immut.core.memory.Leftover;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.MemoryCloudBuilder;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.OverBudgetException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.DriverException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Runs one {@link FaultScenario} once: {@code v1} rolled out on a quiet cloud, then the faults
 * switched on and {@code v2} applied by an {@code Immut} whose driver calls and history writes go
 * through a {@link KillSwitch}. When the switch kills it, that {@code Immut} is abandoned and a new
 * one on the same cloud, store and lock directory applies {@code v2} again. The invariants are
 * checked at every step and at the end.
 */
final class FaultRun {
  /**
   * What one run found.
   *
   * @param outcome how the last apply ended (an outcome, OVER_BUDGET, or the exception's class)
   * @param calls the driver calls and history writes of the first {@code Immut}
   * @param killedAt where the kill landed, or null
   * @param violations the broken invariants by class, with details
   * @param failedSeen how many owned instances were seen whose creation failed late
   */
  record Report(String outcome, int calls, String killedAt, Map<FailureClass, List<String>> violations, int failedSeen) {
    boolean clean() {
      return violations.isEmpty();
    }
  }

  private FaultRun() {}

  static Report run(FaultScenario s, int killAt, boolean afterEffect) {
    Path locks;
    try {
      locks = Files.createTempDirectory("immut-faults");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return run(s, killAt, afterEffect, locks);
    } finally {
      delete(locks);
    }
  }

  private static Report run(FaultScenario s, int killAt, boolean afterEffect, Path locks) {
    VirtualClock clock = new VirtualClock();
    MemoryCloudBuilder cb = MemoryCloud.builder().clock(clock).seed(s.seed()).bootJitter(0.2)
        .listLag(Duration.ofSeconds(s.lagSeconds())).behaviour(s.behaviour());
    if (s.quota() > 0) {
      cb.quota(s.quota());
    }
    MemoryCloud cloud = cb.build();
    GenerationStore store = GenerationStore.inMemory();
    FleetSpecs specs = new FleetSpecs(s);
    Set<InstanceId> foreign = new LinkedHashSet<>();
    for (ForeignKind k : s.foreign()) {
      foreign.add(cloud.launchForeign(k.tags(cloud.ownershipKeys(), FaultScenario.FLEET, specs.v2Id), FaultScenario.TYPE, "ami-2").id());
    }
    InvariantMonitor monitor = new InvariantMonitor(s, cloud, store, clock, foreign);
    List<RolloutEvent> events = new ArrayList<>();
    Immut setup = Immut.builder().driver(cloud.driver()).clock(clock).seed(s.seed()).generationStore(store)
        .lockDirectory(locks).build();
    try {
      RolloutResult first = setup.apply(s.v1());
      if (first.outcome() != Outcome.COMPLETED) {
        monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "the first rollout, on a quiet cloud, ended " + first);
        return new Report("setup " + first.outcome(), 0, null, monitor.violations(), 0);
      }
    } catch (OverBudgetException e) {
      monitor.violate(FailureClass.FIRST_ROLLOUT_REFUSED, "the first rollout within its budget was refused: " + e.getMessage());
      return new Report("setup OVER_BUDGET", 0, null, monitor.violations(), 0);
    } finally {
      setup.close();
    }
    clock.advance(Duration.ofMinutes(1));
    switchOn(s, cloud);
    monitor.begin();
    scheduleDeaths(s, cloud, clock, monitor);

    KillSwitch kill = killAt > 0 ? new KillSwitch(killAt, afterEffect) : KillSwitch.counting();
    Immut first = Immut.builder().driver(monitor.watching(new KillingDriver(cloud.driver(), kill))).clock(clock).seed(s.seed())
        .generationStore(new KillingStore(store, kill)).lockDirectory(locks).listener(e -> {
          events.add(e);
          monitor.onEvent(e);
        }).build();
    Immut last = first;
    String outcome;
    RolloutResult result = null;
    try {
      result = applyAsAdvised(first, s.v2(), clock);
    } catch (KillSwitch.Killed killed) {
      first.close();
      clock.advance(s.restartAfter());
      last = Immut.builder().driver(monitor.watching(cloud.driver())).clock(clock).seed(s.seed()).generationStore(store)
          .lockDirectory(locks).listener(e -> {
          events.add(e);
          monitor.onEvent(e);
        }).build();
      try {
        result = applyAsAdvised(last, s.v2(), clock);
      } catch (RuntimeException | InvariantMonitor.Stuck e) {
        outcome = classify(e, monitor);
        return finish(s, cloud, monitor, last, null, outcome, kill, events);
      }
    } catch (RuntimeException | InvariantMonitor.Stuck e) {
      outcome = classify(e, monitor);
      return finish(s, cloud, monitor, last, null, outcome, kill, events);
    }
    return finish(s, cloud, monitor, last, result, result.outcome().name(), kill, events);
  }

  /**
   * Applies, and applies again (at most twice more, 30 s apart) when the engine stopped before any
   * change because throttling or a transient error outlasted its retries: its message says "apply
   * again later", and that is what an operator or a controller does.
   */
  private static RolloutResult applyAsAdvised(Immut immut, io.immut.api.FleetSpec spec, VirtualClock clock) {
    for (int tries = 1; ; tries++) {
      try {
        return immut.apply(spec);
      } catch (ImmutException e) {
        boolean retryable = e.getCause() instanceof DriverException.Throttled || e.getCause() instanceof DriverException.Transient;
        if (tries >= 3 || !retryable || e instanceof OverBudgetException) {
          throw e;
        }
        clock.advance(Duration.ofSeconds(30));
      }
    }
  }

  private static String classify(Throwable e, InvariantMonitor monitor) {
    if (e instanceof InvariantMonitor.Stuck) {
      monitor.violate(FailureClass.HANG, e.getMessage());
      return "HANG";
    }
    if (e instanceof OverBudgetException) {
      return "OVER_BUDGET";
    }
    if (e instanceof DriverException || !(e instanceof ImmutException)) {
      monitor.violate(FailureClass.RAW_EXCEPTION, e.getClass().getName() + ": " + e.getMessage());
      return e.getClass().getSimpleName();
    }
    monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "apply threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
    return e.getClass().getSimpleName();
  }

  private static Report finish(FaultScenario s, MemoryCloud cloud, InvariantMonitor monitor, Immut last, RolloutResult result,
      String outcome, KillSwitch kill, List<RolloutEvent> events) {
    kill.disarm();
    cloud.faults().clear();
    if (result != null && result.kept().isPresent()) {
      // a blue/green keeps its previous generation out of service after the promotion: the first
      // apply at the end of the window retires it, still under the monitor
      io.immut.core.clock.VirtualClock clock = (io.immut.core.clock.VirtualClock) last.clock();
      java.time.Duration wait = java.time.Duration.between(clock.now(), result.nextWorkDue().orElseThrow());
      if (!wait.isNegative() && !wait.isZero()) {
        clock.advance(wait);
      }
      RolloutResult retired = last.apply(s.v2());
      if (retired.outcome() != RolloutResult.Outcome.RETIRED_PREVIOUS) {
        monitor.violate(FailureClass.LEAK, "the apply after the keep-previous window ended " + retired);
      }
    }
    if ("OVER_BUDGET".equals(outcome)) {
      repairAfterRefusal(s, monitor, last);
    }
    monitor.stop();
    FleetStatus status = last.status(FaultScenario.FLEET);
    last.close();
    Generation live = status.live().orElse(null);
    if (live == null) {
      monitor.violate(FailureClass.NO_LIVE_GENERATION, "status().live() is empty after " + outcome);
    }
    List<CloudInstance> owned = monitor.owned();
    long ofLive = owned.stream().filter(i -> live != null && live.id().equals(i.generationId())).count();
    List<String> leaked = owned.stream().filter(i -> live == null || !live.id().equals(i.generationId()))
        .map(i -> i.id() + "/" + i.generationId()).toList();
    if (!leaked.isEmpty()) {
      monitor.violate(FailureClass.LEAK, leaked.size() + " owned live instance(s) not of the live generation after " + outcome
          + ": " + leaked.subList(0, Math.min(5, leaked.size())));
    }
    List<String> failed = monitor.ownedFailed().stream().map(i -> i.id() + "/" + i.generationId()).toList();
    if (!failed.isEmpty()) {
      monitor.violate(FailureClass.LEAK, failed.size() + " owned instance(s) whose creation failed left undeleted after "
          + outcome + (s.behaviour() == CloudBehaviour.AZURE ? " (a failed Azure VM keeps its disks and network interface)" : "")
          + ": "
          + failed.subList(0, Math.min(5, failed.size())));
    }
    List<Leftover> leftovers = cloud.leftovers();
    if (!leftovers.isEmpty()) {
      monitor.violate(FailureClass.LEAK, leftovers.size() + " resource(s) left behind by terminations after " + outcome
          + ": " + leftovers.subList(0, Math.min(5, leftovers.size())));
    }
    if (live != null && ofLive != s.desired()) {
      monitor.violate(FailureClass.WRONG_SIZE, live.name() + " runs " + ofLive + " instances, desired " + s.desired()
          + ", after " + outcome);
    }
    String v1 = s.v1().generationId();
    String v2 = s.v2().generationId();
    if (result != null) {
      switch (result.outcome()) {
        case FAILED -> {
          if (live == null || !live.id().equals(v1)) {
            monitor.violate(FailureClass.NO_ROLLBACK, "FAILED without restoring v1: " + result.reason());
          } else if (!s.mayFailLegitimately() && !s.bad()) {
            monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "a good image ended FAILED: " + result.reason());
          }
        }
        case COMPLETED, NO_CHANGE -> {
          if (s.bad()) {
            monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "a never-healthy image ended " + result.outcome());
          }
          if (live == null || !live.id().equals(v2)) {
            monitor.violate(FailureClass.UNEXPECTED_OUTCOME, result.outcome() + " but the live generation is " + live);
          }
        }
        case ROLLED_BACK, ABORTED -> {
          if (!s.bad() && !s.mayFailLegitimately()) {
            monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "a good image was rolled back: " + result.reason());
          }
          if (live == null || !live.id().equals(v1)) {
            monitor.violate(FailureClass.NO_ROLLBACK, result.outcome() + " but the live generation is " + live);
          }
        }
        default -> { }
      }
      long completedEvents = events.stream().filter(RolloutEvent.Finished.class::isInstance).count();
      if (completedEvents == 0) {
        monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "no Completed event for " + result.outcome());
      }
    }
    return new Report(outcome, kill.count(), kill.killedAt(), monitor.violations(), monitor.failedSeen());
  }

  /**
   * A refused rollout changes nothing, so what the cloud did meanwhile (instances it killed while no
   * process ran) is still to repair: re-applying the live generation's spec must be possible within
   * the budget, and must bring it back to its size (checked after it).
   */
  private static void repairAfterRefusal(FaultScenario s, InvariantMonitor monitor, Immut last) {
    String liveId = last.status(FaultScenario.FLEET).live().map(Generation::id).orElse(null);
    if (liveId == null) {
      return; // reported as NO_LIVE_GENERATION
    }
    io.immut.api.FleetSpec liveSpec = liveId.equals(s.v2().generationId()) ? s.v2() : s.v1();
    try {
      RolloutResult repaired = last.apply(liveSpec);
      if (!repaired.succeeded()) {
        monitor.violate(FailureClass.UNEXPECTED_OUTCOME, "re-applying the live spec after OVER_BUDGET ended " + repaired);
      }
    } catch (OverBudgetException e) {
      monitor.violate(FailureClass.STUCK_OVER_BUDGET, "re-applying the live spec after a refusal was refused too: "
          + e.getMessage());
    } catch (RuntimeException | InvariantMonitor.Stuck e) {
      classify(e, monitor);
    }
  }

  private static void switchOn(FaultScenario s, MemoryCloud cloud) {
    var f = cloud.faults();
    for (Operation op : List.of(Operation.LAUNCH, Operation.TERMINATE, Operation.LIST, Operation.TRAFFIC_REGISTER,
        Operation.TRAFFIC_DEREGISTER)) {
      if (s.throttle() > 0) {
        f.throttle(op, s.throttle());
      }
    }
    if (s.transientRate() > 0) {
      f.transientErrors(Operation.LIST, s.transientRate()).transientErrors(Operation.LAUNCH, s.transientRate())
          .transientErrors(Operation.INSPECT, s.transientRate()).transientErrors(Operation.RESOLVE_IMAGE, s.transientRate());
    }
    if (s.lostLaunches() > 0) {
      f.lostResponses(Operation.LAUNCH, s.lostLaunches());
    }
    if (s.partial() > 0) {
      f.partialLaunches(s.partial());
    }
    if (s.unhealthyRate() > 0) {
      f.unhealthyRate(s.unhealthyRate());
    }
    if (s.latencyMillis() > 0) {
      f.latency(Operation.LAUNCH, Duration.ofMillis(s.latencyMillis())).latency(Operation.LIST, Duration.ofMillis(s.latencyMillis()));
    }
    if (s.capacityErrors() > 0) {
      f.failNext(Operation.LAUNCH, s.capacityErrors(), FaultKind.CAPACITY);
    }
    if (s.quotaErrors() > 0) {
      f.failNext(Operation.LAUNCH, s.quotaErrors(), FaultKind.QUOTA);
    }
    if (s.bad()) {
      f.neverHealthy("ami-bad");
    }
    if (s.lateFailures()) {
      f.lateFailureAfter(Duration.ofSeconds(s.lateAfterSeconds())).lateLaunchFailures(s.lateRate())
          .failNextLaunchesLate(s.lateScheduled()).lateFailureKind(s.lateQuota() ? FaultKind.QUOTA : FaultKind.CAPACITY);
    }
  }

  private static void scheduleDeaths(FaultScenario s, MemoryCloud cloud, VirtualClock clock, InvariantMonitor monitor) {
    SplittableRandom r = new SplittableRandom(s.seed() ^ 0xDEADL);
    for (int i = 0; i < s.deaths(); i++) {
      clock.schedule(Duration.ofSeconds(20 + r.nextInt(480)), () -> {
        if (!monitor.active()) {
          return;
        }
        List<CloudInstance> owned = monitor.owned().stream().sorted(Comparator.comparing(c -> c.id().value())).toList();
        if (!owned.isEmpty()) {
          cloud.kill(owned.get(r.nextInt(owned.size())).id());
          monitor.died();
        }
      });
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** The scenario's two specs' generation ids, computed once. */
  private static final class FleetSpecs {
    final String v2Id;

    FleetSpecs(FaultScenario s) {
      this.v2Id = s.v2().generationId();
    }
  }
}
