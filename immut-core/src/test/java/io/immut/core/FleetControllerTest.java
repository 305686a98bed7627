package io.immut.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.FleetHealth;
import io.immut.core.controller.FleetState;
import io.immut.core.controller.LeaseState;
import io.immut.core.history.GenerationStatus;
import io.immut.core.memory.CloudInstance;
import io.immut.core.port.FleetLeases;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller on the in-memory cloud and a virtual clock, one round at a time
 * ({@link FleetController#runOnce()}): level-triggered reconciles, rollouts on a spec change,
 * repair between rollouts, removal, failed generations, commands, failover and shutdown.
 */
class FleetControllerTest {
  @TempDir
  Path locks;

  private static List<String> names(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("fleet-%02d", i)).toList();
  }

  @Test
  void everyFleetIsReconciledAtEveryRoundAndRolledOutOnce() {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = s.controller(immut);
    for (String f : names(20)) {
      c.put(ControllerScene.spec(f, "ami-1", 3));
    }
    ControllerHealth first = c.runOnce();
    assertThat(first.fleets()).hasSize(20).allSatisfy(h -> {
      assertThat(h.state()).isEqualTo(FleetState.RECONCILED);
      assertThat(h.lease()).isEqualTo(LeaseState.HELD);
      assertThat(h.lastReconciledAt()).isNotNull();
      assertThat(h.liveGeneration()).endsWith("-v001");
      assertThat(h.instances()).isEqualTo(3);
    });
    s.virtual().advance(Duration.ofSeconds(15));
    ControllerHealth second = c.runOnce();
    assertThat(second.fleets()).allSatisfy(h -> {
      assertThat(h.reconciles()).isEqualTo(2);
      assertThat(h.lastOutcome()).isEqualTo("NO_CHANGE");
      assertThat(h.lastReconciledAt()).isAfter(first.fleet(h.fleet()).orElseThrow().lastReconciledAt());
    });
    for (String f : names(20)) {
      assertThat(s.everLaunched(f, ControllerScene.spec(f, "ami-1", 3).generationId())).isEqualTo(3);
    }
    assertThat(s.events(ControllerEvent.Reconciled.class)).hasSize(40);
    assertThat(s.events(ControllerEvent.FleetObserved.class)).hasSize(40);
  }

  @Test
  void aSpecChangeRollsTheNewGenerationOutAndTheNextRoundsChangeNothing() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    c.put(ControllerScene.spec("web", "ami-1", 4));
    c.runOnce();
    FleetSpec v2 = ControllerScene.spec("web", "ami-2", 4);
    c.put(v2);
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.liveGeneration()).isEqualTo("web-v002");
    assertThat(h.lastOutcome()).isEqualTo("COMPLETED");
    assertThat(s.live("web")).hasSize(4).allMatch(v -> v.generationId().equals(v2.generationId()));
    s.virtual().advance(Duration.ofSeconds(15));
    assertThat(c.runOnce().fleet("web").orElseThrow().lastOutcome()).isEqualTo("NO_CHANGE");
    assertThat(s.everLaunched("web", v2.generationId())).isEqualTo(4);
  }

  @Test
  void aReconcileThatChangesNothingIsObservedFromItsOwnListing() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    c.put(ControllerScene.spec("web", "ami-1", 4));
    c.runOnce();
    s.virtual().advance(Duration.ofSeconds(15));
    s.cloud.calls().reset();
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.lastOutcome()).isEqualTo("NO_CHANGE");
    // the apply's checks list the fleet, and its loop decides on that listing; the status after is
    // rendered from it: one listing per steady reconcile
    assertThat(s.cloud.calls().count(io.immut.core.memory.Operation.LIST)).as("one listing in all").isEqualTo(1);
    ControllerEvent.FleetObserved seen = s.events(ControllerEvent.FleetObserved.class).get(1);
    assertThat(seen.instances()).isEqualTo(4);
    assertThat(seen.healthy()).isEqualTo(4);
    assertThat(seen.desired()).isEqualTo(4);
    assertThat(h.instances()).isEqualTo(4);
  }

  @Test
  void aCapacityChangeKeepsTheGenerationAndTheStatusReportsTheNewCapacity() {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = s.controller(immut);
    c.put(ControllerScene.spec("web", "ami-1", 4));
    c.runOnce();
    c.put(ControllerScene.spec("web", "ami-1", 6));
    s.virtual().advance(Duration.ofSeconds(15));
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.liveGeneration()).isEqualTo("web-v001");
    assertThat(s.live("web")).hasSize(6);
    assertThat(immut.status("web").desiredCapacity()).as("the capacity applied last, not the history's").isEqualTo(6);
    List<ControllerEvent.FleetObserved> seen = s.events(ControllerEvent.FleetObserved.class);
    assertThat(seen.get(seen.size() - 1).desired()).isEqualTo(6);
    // another engine that has not reconciled the fleet reads the capacity the live generation was recorded with
    assertThat(s.immut().status("web").desiredCapacity()).isEqualTo(4);
  }

  @Test
  void aLostInstanceIsReplacedBetweenRollouts() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 4);
    c.put(v1);
    c.runOnce();
    CloudInstance lost = s.live("web").get(0);
    s.cloud.kill(lost.id());
    s.virtual().advance(Duration.ofSeconds(15));
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.state()).isEqualTo(FleetState.RECONCILED);
    assertThat(s.live("web")).hasSize(4).noneMatch(v -> v.id().equals(lost.id()));
    assertThat(s.everLaunched("web", v1.generationId())).isEqualTo(5);
  }

  @Test
  void aKeptPreviousGenerationIsRetiredByALaterReconcileOnceItsWindowEnds() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    io.immut.api.RolloutStrategy blueGreen = new io.immut.api.RolloutStrategy.BlueGreen(
        io.immut.api.RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(5), null);
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 3).toBuilder().strategy(blueGreen).build();
    FleetSpec v2 = ControllerScene.spec("web", "ami-2", 3).toBuilder().strategy(blueGreen).build();
    c.put(v1);
    c.runOnce();
    c.put(v2);
    c.runOnce();
    assertThat(c.health().fleet("web").orElseThrow().liveGeneration()).isEqualTo("web-v002");
    // the previous generation is kept for its window (an apply may return at promotion and leave
    // its retirement to a later apply of the same spec): the reconciles after the window retire it
    for (int i = 0; i < 30 && s.live("web").stream().anyMatch(v -> v.generationId().equals(v1.generationId())); i++) {
      s.virtual().advance(Duration.ofSeconds(15));
      c.runOnce();
    }
    assertThat(s.virtual().now()).isBefore(io.immut.core.clock.VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(20)));
    assertThat(s.live("web")).hasSize(3).allMatch(v -> v.generationId().equals(v2.generationId()));
    assertThat(s.everLaunched("web", v2.generationId())).isEqualTo(3);
  }

  @Test
  void onACloudWhoseListingLagsASteadyFleetIsReconciledWithoutWaitingForTheLag() {
    // the listing may lag 5 s: the first apply of the fleet waits that long (another process may
    // have acted just before), and so does a reconcile right after a change; a reconcile of a fleet
    // this controller has held, unchanged, for longer than the lag has nothing unseen to wait for
    ControllerScene s = new ControllerScene(locks, new io.immut.core.clock.VirtualClock(),
        b -> b.listLag(Duration.ofSeconds(5)));
    FleetController c = s.controller(s.immut());
    c.put(ControllerScene.spec("web", "ami-1", 3));
    c.runOnce();
    assertThat(s.live("web")).hasSize(3);
    s.virtual().advance(Duration.ofSeconds(15));
    c.runOnce();
    s.events.clear();
    s.virtual().advance(Duration.ofSeconds(15));
    s.cloud.calls().reset();

    c.runOnce();

    // nothing unseen: the loop decides on the checks' listing
    assertThat(s.cloud.calls().count(io.immut.core.memory.Operation.LIST)).isEqualTo(1);
    List<ControllerEvent.Reconciled> steady = s.events(ControllerEvent.Reconciled.class);
    assertThat(steady).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(ControllerEvent.Outcome.RECONCILED);
      assertThat(r.took()).isLessThan(Duration.ofSeconds(5));
    });

    // scaled in by one (the generation stays): the reconcile a second after that change waits out
    // what is left of the lag, as the listing may not show the termination yet
    c.put(ControllerScene.spec("web", "ami-1", 2));
    s.virtual().advance(Duration.ofSeconds(15));
    c.runOnce();
    assertThat(s.live("web")).hasSize(2);
    s.events.clear();
    s.virtual().advance(Duration.ofSeconds(1));
    s.cloud.calls().reset();
    c.runOnce();
    assertThat(s.events(ControllerEvent.Reconciled.class)).allSatisfy(r -> assertThat(r.took())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
    // the checks' listing may miss the termination: the loop lists again once the lag has passed
    assertThat(s.cloud.calls().count(io.immut.core.memory.Operation.LIST)).isEqualTo(2);
  }

  @Test
  void removingASpecStopsManagingTheFleetAndLeavesItAsItIs() {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = s.controller(immut);
    c.put(ControllerScene.spec("web", "ami-1", 3));
    c.put(ControllerScene.spec("api", "ami-1", 2));
    c.runOnce();
    assertThat(immut.fleetEngine().lastObserved("web")).isPresent();
    assertThat(c.remove("web")).isTrue();
    assertThat(c.remove("web")).isFalse();
    // nothing of a removed fleet stays in the engine (a controller's fleets may come and go)
    assertThat(immut.fleetEngine().lastObserved("web")).isEmpty();
    assertThat(immut.fleetEngine().lastObserved("api")).isPresent();
    s.cloud.kill(s.live("web").get(0).id());
    s.virtual().advance(Duration.ofSeconds(15));
    ControllerHealth h = c.runOnce();
    assertThat(h.fleet("web")).isEmpty();
    assertThat(h.fleet("api").orElseThrow().state()).isEqualTo(FleetState.RECONCILED);
    assertThat(s.live("web")).as("not repaired, not destroyed").hasSize(2);
    assertThat(immut.fleetEngine().leases().isLeased(immut.fleetEngine().key("web"))).isFalse();
    assertThat(s.events(ControllerEvent.FleetRemoved.class)).extracting(ControllerEvent::fleet).containsExactly("web");
  }

  @Test
  void aGenerationThatFailedIsNotRolledOutAgainUntilRetried() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    c.put(ControllerScene.spec("web", "ami-1", 3));
    c.runOnce();
    s.cloud.faults().neverHealthy("ami-bad");
    FleetSpec bad = ControllerScene.spec("web", "ami-bad", 3);
    c.put(bad);
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.lastOutcome()).isEqualTo("ROLLED_BACK");
    assertThat(h.state()).isEqualTo(FleetState.BLOCKED);
    assertThat(h.note()).contains("web-v002").contains("retry(\"web\")");
    long launched = s.everLaunched("web", bad.generationId());
    assertThat(launched).isPositive();
    for (int i = 0; i < 3; i++) {
      s.virtual().advance(Duration.ofSeconds(15));
      h = c.runOnce().fleet("web").orElseThrow();
      assertThat(h.state()).isEqualTo(FleetState.BLOCKED);
      assertThat(h.liveGeneration()).isEqualTo("web-v001");
    }
    assertThat(s.everLaunched("web", bad.generationId())).as("never launched again").isEqualTo(launched);
    c.retry("web");
    c.runOnce();
    assertThat(s.everLaunched("web", bad.generationId())).as("one more try").isGreaterThan(launched);
  }

  @Test
  void aRollbackCommandRestoresThePreviousGenerationAndHoldsTheFleetThere() {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = s.controller(immut);
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 3);
    c.put(v1);
    c.runOnce();
    c.put(ControllerScene.spec("web", "ami-2", 3));
    c.runOnce();
    // from any process: the command reaches the lease holder, this controller
    assertThatThrownBy(() -> s.immut().rollback("web")).isInstanceOf(io.immut.core.rollout.FleetBusyException.class);
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.liveGeneration()).isEqualTo("web-v001");
    assertThat(h.state()).isEqualTo(FleetState.BLOCKED);
    assertThat(s.live("web")).hasSize(3).allMatch(v -> v.generationId().equals(v1.generationId()));
    s.virtual().advance(Duration.ofSeconds(15));
    assertThat(c.runOnce().fleet("web").orElseThrow().liveGeneration()).isEqualTo("web-v001");
    assertThat(immut.history("web")).extracting(r -> r.status()).containsExactly(GenerationStatus.LIVE,
        GenerationStatus.ROLLED_BACK);
  }

  @Test
  void aPausedFleetIsObservedAndNotRepairedUntilResumed() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 3);
    c.put(v1);
    c.runOnce();
    c.pause("web");
    s.cloud.kill(s.live("web").get(0).id());
    c.put(ControllerScene.spec("web", "ami-2", 3));
    for (int i = 0; i < 3; i++) {
      s.virtual().advance(Duration.ofSeconds(15));
      FleetHealth h = c.runOnce().fleet("web").orElseThrow();
      assertThat(h.state()).isEqualTo(FleetState.PAUSED);
      assertThat(h.instances()).as("observed").isEqualTo(2);
    }
    assertThat(s.live("web")).as("not repaired, not rolled out while paused").hasSize(2)
        .allMatch(v -> v.generationId().equals(v1.generationId()));
    c.resume("web");
    FleetHealth h = c.runOnce().fleet("web").orElseThrow();
    assertThat(h.state()).isEqualTo(FleetState.RECONCILED);
    assertThat(h.liveGeneration()).isEqualTo("web-v002");
    assertThat(s.live("web")).hasSize(3);
  }

  @Test
  void aCrashedControllerIsReplacedAndTheNewOneFinishesTheRolloutWithNoDoubleLaunch() {
    ControllerScene s = new ControllerScene(locks);
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 6);
    FleetSpec v2 = ControllerScene.spec("web", "ami-2", 6);
    Immut doomedEngine = s.immut(b -> b.listener(event -> {
      if (event instanceof RolloutEvent.InstancesLaunched l && l.generation().endsWith("v002")) {
        throw new Crash();
      }
    }));
    FleetController doomed = s.controller(doomedEngine);
    doomed.put(v1);
    doomed.runOnce();
    doomed.put(v2);
    assertThatThrownBy(doomed::runOnce).isInstanceOf(Crash.class);
    long launchedBeforeCrash = s.everLaunched("web", v2.generationId());
    assertThat(launchedBeforeCrash).isPositive().isLessThan(6);

    FleetController reborn = s.controller(s.immut());
    reborn.put(v2);
    FleetHealth skipped = reborn.runOnce().fleet("web").orElseThrow();
    assertThat(skipped.state()).as("the dead holder's lease has not expired").isEqualTo(FleetState.SKIPPED);
    assertThat(skipped.lease()).isEqualTo(LeaseState.HELD_ELSEWHERE);
    s.virtual().advance(Duration.ofMinutes(2));
    FleetHealth h = reborn.runOnce().fleet("web").orElseThrow();
    assertThat(h.lease()).isEqualTo(LeaseState.HELD);
    assertThat(h.liveGeneration()).isEqualTo("web-v002");
    assertThat(s.live("web")).hasSize(6).allMatch(v -> v.generationId().equals(v2.generationId()));
    assertThat(s.everLaunched("web", v2.generationId())).as("no double launch").isEqualTo(6);
    assertThat(s.events(ControllerEvent.LeaseChanged.class)).anySatisfy(e -> {
      assertThat(e.to()).isEqualTo(LeaseState.HELD);
      assertThat(e.fencingToken()).isGreaterThan(1);
    });
  }

  @Test
  void shuttingDownReleasesEveryLease() {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = s.controller(immut);
    for (String f : names(5)) {
      c.put(ControllerScene.spec(f, "ami-1", 1));
    }
    c.runOnce();
    // the first round's rollouts took longer than a lease's time to live; the next renews them all
    s.virtual().advance(Duration.ofSeconds(15));
    c.runOnce();
    FleetLeases leases = immut.fleetEngine().leases();
    assertThat(names(5)).allMatch(f -> leases.isLeased(immut.fleetEngine().key(f)));
    assertThat(c.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(names(5)).noneMatch(f -> leases.isLeased(immut.fleetEngine().key(f)));
    assertThat(c.health().fleets()).allMatch(h -> h.lease() == LeaseState.NONE);
    assertThatThrownBy(c::runOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    // another controller takes the fleets at once
    FleetController next = s.controller(s.immut());
    names(5).forEach(f -> next.put(ControllerScene.spec(f, "ami-1", 1)));
    assertThat(next.runOnce().fleets()).allMatch(h -> h.lease() == LeaseState.HELD && h.state() == FleetState.RECONCILED);
  }

  @Test
  void twoControllersOnSharedPortsShareTheFleetsAndNeverBothActOnOne() {
    ControllerScene s = new ControllerScene(locks);
    FleetController a = s.controller(s.immut());
    FleetController b = s.controller(s.immut());
    List<String> fleets = names(10);
    // a takes the even fleets first, b the odd ones; then both manage all of them, and roll them out
    for (int i = 0; i < fleets.size(); i++) {
      (i % 2 == 0 ? a : b).put(ControllerScene.spec(fleets.get(i), "ami-1", 2));
    }
    a.runOnce();
    b.runOnce();
    fleets.forEach(f -> {
      a.put(ControllerScene.spec(f, "ami-2", 2));
      b.put(ControllerScene.spec(f, "ami-2", 2));
    });
    for (int round = 0; round < 3; round++) {
      a.runOnce();
      b.runOnce();
      s.virtual().advance(Duration.ofSeconds(15));
    }
    Map<String, LeaseState> byA = a.health().fleets().stream().collect(Collectors.toMap(FleetHealth::fleet, FleetHealth::lease));
    Map<String, LeaseState> byB = b.health().fleets().stream().collect(Collectors.toMap(FleetHealth::fleet, FleetHealth::lease));
    for (String f : fleets) {
      // exactly one of them holds each fleet (a lease that expired during the other's long round
      // may have changed hands, never to both)
      assertThat(List.of(byA.get(f), byB.get(f))).as(f).containsExactlyInAnyOrder(LeaseState.HELD, LeaseState.HELD_ELSEWHERE);
      FleetSpec v2 = ControllerScene.spec(f, "ami-2", 2);
      assertThat(s.live(f)).hasSize(2).allMatch(v -> v.generationId().equals(v2.generationId()));
      assertThat(s.everLaunched(f, v2.generationId())).as("%s rolled out once", f).isEqualTo(2);
    }
    // a dies: after its leases expire, b takes its fleets over
    a.abandon();
    s.virtual().advance(Duration.ofMinutes(2));
    assertThat(b.runOnce().fleets()).allMatch(h -> h.lease() == LeaseState.HELD && h.state() == FleetState.RECONCILED);
  }

  @Test
  void aControllerWhoseLeaseWasTakenOverWhileItStalledChangesNothingMore() {
    ControllerScene s = new ControllerScene(locks);
    FleetController stalled = s.controller(s.immut());
    FleetController other = s.controller(s.immut());
    FleetSpec v1 = ControllerScene.spec("web", "ami-1", 2);
    stalled.put(v1);
    other.put(v1);
    stalled.runOnce();
    assertThat(other.runOnce().fleet("web").orElseThrow().state()).isEqualTo(FleetState.SKIPPED);
    // the first stalls past its lease's time to live (a long pause of its process); the other takes over
    s.virtual().advance(Duration.ofMinutes(3));
    FleetSpec v2 = ControllerScene.spec("web", "ami-2", 2);
    other.put(v2);
    assertThat(other.runOnce().fleet("web").orElseThrow().lease()).isEqualTo(LeaseState.HELD);
    stalled.put(ControllerScene.spec("web", "ami-3", 2));
    FleetHealth h = stalled.runOnce().fleet("web").orElseThrow();
    assertThat(h.lease()).isEqualTo(LeaseState.HELD_ELSEWHERE);
    assertThat(h.state()).isEqualTo(FleetState.SKIPPED);
    assertThat(s.events(ControllerEvent.LeaseChanged.class)).anySatisfy(e -> assertThat(e.to()).isEqualTo(LeaseState.LOST));
    assertThat(s.live("web")).hasSize(2).allMatch(v -> v.generationId().equals(v2.generationId()));
    assertThat(s.everLaunched("web", ControllerScene.spec("web", "ami-3", 2).generationId())).isZero();
  }

  @Test
  void theHealthRendersAsJson() {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.controller(s.immut());
    c.put(ControllerScene.spec("web", "ami-1", 2));
    String json = c.runOnce().toJson();
    assertThat(json).contains("\"schemaVersion\" : 1", "\"fleet\" : \"web\"", "\"state\" : \"RECONCILED\"",
        "\"lease\" : \"HELD\"", "\"liveGeneration\" : \"web-v001\"", "\"instances\" : 2", "\"healthy\" : true");
    assertThat(c.health().toText()).contains("web: RECONCILED, lease HELD, live web-v001, 2 instance(s)");
  }

  @Test
  void aLeaseTimeToLiveShorterThanTwoIntervalsIsRefusedAtBuild() {
    ControllerScene s = new ControllerScene(locks);
    assertThatThrownBy(() -> s.immut().controller().interval(Duration.ofMinutes(1)).leaseTtl(Duration.ofMinutes(2)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than twice the reconcile interval");
  }

  /** A process dying in the middle of a rollout. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @SuppressWarnings("unused")
  private static RolloutResult unused() {
    return null;
  }
}
