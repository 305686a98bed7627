package io.immut.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Amount;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderTest {
  static final FleetSelector WEB = new FleetSelector("web", "immut");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static InstanceView instance(String id, String gen) {
    return InstanceView.builder().id(InstanceId.of(id)).ownership(io.immut.spi.Ownership.of("web", gen, "immut"))
        .state(InstanceState.RUNNING).health(HealthStatus.HEALTHY).instanceType("t3.micro").imageId("ami-" + gen).zone("z")
        .launchedAt(NOW.minusSeconds(600)).build();
  }

  static List<InstanceView> fleet(String gen, int n, String prefix) {
    List<InstanceView> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(instance(prefix + i, gen));
    }
    return l;
  }

  static Situation.Builder rolling(int desired, int surge, int unavailable, List<InstanceView> views) {
    return Situation.builder(WEB, NOW).target("new", "t3.micro", "ami-new", desired)
        .strategy(RolloutStrategy.rolling(Amount.of(Math.max(surge, unavailable == 0 ? 1 : 0)), Amount.of(unavailable)))
        .limits(new Limits(surge, unavailable)).knownGenerations(Set.of("new", "old")).instances(views);
  }

  @Test
  void theFirstWaveLaunchesTheSurgeAndTerminatesNothing() {
    Decision d = Decider.decide(rolling(10, 3, 0, fleet("old", 10, "o")).build(), Progress.start(NOW));
    assertThat(d.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> {
      assertThat(l.count()).isEqualTo(3);
      assertThat(l.generationId()).isEqualTo("new");
    });
    assertThat(d.actionsOf(Action.Terminate.class)).isEmpty();
    assertThat(d.phase()).isEqualTo(Phase.IN_PROGRESS);
  }

  @Test
  void readyNewInstancesLetAsManyOldOnesGoAndTheNextWaveStart() {
    List<InstanceView> views = new ArrayList<>(fleet("old", 10, "o"));
    views.addAll(fleet("new", 3, "n"));
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    views.stream().filter(v -> v.generationId().equals("new")).forEach(v -> gates.put(v.id(), GateStatus.PASSED));
    Decision d = Decider.decide(rolling(10, 3, 0, views).gates(gates).build(), Progress.start(NOW));
    assertThat(d.actionsOf(Action.Terminate.class)).singleElement().satisfies(t -> assertThat(t.ids()).hasSize(3));
    assertThat(d.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> assertThat(l.count()).isEqualTo(3));
    assertThat(d.actions().get(0)).isInstanceOf(Action.Terminate.class);
  }

  @Test
  void surgeZeroReplacesInPlaceWithinMaxUnavailable() {
    Decision d = Decider.decide(rolling(10, 0, 2, fleet("old", 10, "o")).build(), Progress.start(NOW));
    assertThat(d.actionsOf(Action.Terminate.class)).singleElement().satisfies(t -> assertThat(t.ids()).hasSize(2));
    assertThat(d.actionsOf(Action.Launch.class)).singleElement().satisfies(l -> assertThat(l.count()).isEqualTo(2));
  }

  @Test
  void pendingNewInstancesHoldTheOldOnes() {
    List<InstanceView> views = new ArrayList<>(fleet("old", 4, "o"));
    views.addAll(fleet("new", 1, "n"));
    Decision d = Decider.decide(rolling(4, 1, 0, views).build(), Progress.start(NOW));
    assertThat(d.actions()).isEmpty();
    assertThat(d.phase()).isEqualTo(Phase.IN_PROGRESS);
  }

  @Test
  void noProgressPastTheDeadlineFailsTheGate() {
    List<InstanceView> views = new ArrayList<>(fleet("old", 4, "o"));
    views.addAll(fleet("new", 1, "n"));
    Situation s = rolling(4, 1, 0, views).build();
    Progress p = Decider.decide(s, Progress.start(NOW)).progress();
    Decision late = Decider.decide(s.toBuilder().now(NOW.plus(Duration.ofMinutes(11))).build(), p);
    assertThat(late.phase()).isEqualTo(Phase.GATE_FAILED);
    assertThat(late.reason()).contains("no progress for 10m").contains("0 of 1");
  }

  @Test
  void aCompleteFleetNeedsNothing() {
    List<InstanceView> views = fleet("new", 3, "n");
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    views.forEach(v -> gates.put(v.id(), GateStatus.PASSED));
    Decision d = Decider.decide(rolling(3, 1, 0, views).gates(gates).build(), Progress.start(NOW));
    assertThat(d.phase()).isEqualTo(Phase.COMPLETE);
    assertThat(d.actions()).isEmpty();
    assertThat(d.fraction()).isEqualTo(1.0);
  }

  @Test
  void theWaveTokenIsTheSameForTheSameObservationAndChangesWithIt() {
    Situation s = rolling(4, 2, 0, fleet("old", 4, "o")).build();
    String a = Decider.decide(s, Progress.start(NOW)).actionsOf(Action.Launch.class).get(0).token();
    String b = Decider.decide(s.toBuilder().now(NOW.plusSeconds(5)).build(), Progress.start(NOW)).actionsOf(Action.Launch.class)
        .get(0).token();
    List<InstanceView> other = fleet("old", 4, "x");
    String c = Decider.decide(rolling(4, 2, 0, other).build(), Progress.start(NOW)).actionsOf(Action.Launch.class).get(0).token();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void blueGreenPromotesOnlyWhenTheWholeGenerationPassed() {
    RolloutStrategy.BlueGreen bg = new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(5), null);
    List<InstanceView> views = new ArrayList<>(fleet("old", 3, "o"));
    views.addAll(fleet("new", 3, "n"));
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    gates.put(InstanceId.of("n0"), GateStatus.PASSED);
    gates.put(InstanceId.of("n1"), GateStatus.PASSED);
    Situation s = rolling(3, 0, 0, views).strategy(bg).gates(gates).traffic("web", Set.of(InstanceId.of("o0"))).build();
    // the old generation serves until promotion: what the load balancer lacks of it is put back
    assertThat(Decider.decide(s, Progress.start(NOW)).actions()).singleElement()
        .isEqualTo(new Action.RegisterTraffic("web", Set.of(InstanceId.of("o1"), InstanceId.of("o2"))));
    gates.put(InstanceId.of("n2"), GateStatus.PASSED);
    Decision d = Decider.decide(s.toBuilder().gates(gates).build(), Progress.start(NOW));
    assertThat(d.actions().get(0)).isEqualTo(new Action.Promote("new"));
    assertThat(d.actionsOf(Action.RegisterTraffic.class)).singleElement().satisfies(r -> assertThat(r.ids()).hasSize(3));
    // the old generation leaves the load balancer only once the new one is in service there
    assertThat(d.actionsOf(Action.DeregisterTraffic.class)).isEmpty();
    assertThat(d.actionsOf(Action.Terminate.class)).isEmpty();
    assertThat(d.phase()).isEqualTo(Phase.IN_PROGRESS);
    assertThat(d.progress().promotedAt()).isEqualTo(NOW);
    Set<InstanceId> all = Set.of(InstanceId.of("o0"), InstanceId.of("n0"), InstanceId.of("n1"), InstanceId.of("n2"));
    Situation registered = s.toBuilder().gates(gates).traffic("web", all, Set.of(InstanceId.of("o0"))).build();
    assertThat(Decider.decide(registered, d.progress()).actionsOf(Action.DeregisterTraffic.class)).isEmpty();
    Situation inService = s.toBuilder().gates(gates).traffic("web", all, all).build();
    assertThat(Decider.decide(inService, d.progress()).actionsOf(Action.DeregisterTraffic.class)).singleElement()
        .satisfies(r -> assertThat(r.ids()).containsExactly(InstanceId.of("o0")));
  }

  @Test
  void aPromotedBlueGreenKeepsThePreviousGenerationOutOfServiceUntilItsWindowEndsThenRetiresIt() {
    RolloutStrategy.BlueGreen bg = new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(30), null);
    List<InstanceView> views = new ArrayList<>(fleet("old", 3, "o"));
    views.addAll(fleet("new", 3, "n"));
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      gates.put(InstanceId.of("n" + i), GateStatus.PASSED);
    }
    Set<InstanceId> fresh = Set.of(InstanceId.of("n0"), InstanceId.of("n1"), InstanceId.of("n2"));
    Set<InstanceId> all = new java.util.HashSet<>(fresh);
    all.addAll(Set.of(InstanceId.of("o0"), InstanceId.of("o1"), InstanceId.of("o2")));
    Instant until = NOW.plus(Duration.ofMinutes(30));
    Situation.Builder promoted = rolling(3, 0, 0, views).strategy(bg).gates(gates).targetLive(true).kept("old", until);
    // the new generation in service: the kept one leaves the load balancer and keeps running
    Decision leave = Decider.decide(promoted.traffic("web", all, all).build(), Progress.start(NOW));
    assertThat(leave.actionsOf(Action.DeregisterTraffic.class)).singleElement()
        .satisfies(r -> assertThat(r.ids()).containsExactlyInAnyOrder(InstanceId.of("o0"), InstanceId.of("o1"), InstanceId.of("o2")));
    assertThat(leave.actionsOf(Action.Terminate.class)).isEmpty();
    // out of service: nothing left to do in the window, the rollout is complete
    Decision kept = Decider.decide(promoted.traffic("web", fresh, fresh).build(), Progress.start(NOW));
    assertThat(kept.phase()).isEqualTo(Phase.COMPLETE);
    assertThat(kept.actions()).isEmpty();
    // the window ended: the kept instances are retired, never put back in service
    Situation after = promoted.traffic("web", fresh, fresh).build().toBuilder().now(until).build();
    Decision retire = Decider.decide(after, Progress.start(until));
    assertThat(retire.actionsOf(Action.Terminate.class)).singleElement().satisfies(t -> assertThat(t.ids()).hasSize(3));
    assertThat(retire.actionsOf(Action.RegisterTraffic.class)).isEmpty();
    assertThat(retire.phase()).isNotEqualTo(Phase.COMPLETE);
  }

  @Test
  void aRollbackInTheKeepPreviousWindowPutsTheDrainingGenerationBackInServiceBeforeTheNewOneLeaves() {
    // rolling back to "old" (the target now) from a promoted "new": the old instances are draining
    // (not registered), the new ones in service
    List<InstanceView> views = new ArrayList<>(fleet("old", 3, "o"));
    views.addAll(fleet("new", 3, "n"));
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      gates.put(InstanceId.of("o" + i), GateStatus.PASSED);
    }
    Set<InstanceId> newOnes = Set.of(InstanceId.of("n0"), InstanceId.of("n1"), InstanceId.of("n2"));
    Situation s = Situation.builder(WEB, NOW).mode(Mode.ROLLBACK).target("old", "t3.micro", "ami-old", 3).targetLive(true)
        .strategy(new RolloutStrategy.Rolling(Amount.percent(100), Amount.of(0))).limits(new Limits(3, 0))
        .knownGenerations(Set.of("new", "old")).instances(views).gates(gates).traffic("web", newOnes, newOnes).build();
    Decision d = Decider.decide(s, Progress.start(NOW));
    assertThat(d.actionsOf(Action.RegisterTraffic.class)).singleElement()
        .satisfies(r -> assertThat(r.ids()).containsExactlyInAnyOrder(InstanceId.of("o0"), InstanceId.of("o1"), InstanceId.of("o2")));
    assertThat(d.actionsOf(Action.Terminate.class)).as("the new generation serves until the old one is in service").isEmpty();
    Set<InstanceId> all = new java.util.HashSet<>(newOnes);
    all.addAll(Set.of(InstanceId.of("o0"), InstanceId.of("o1"), InstanceId.of("o2")));
    Decision next = Decider.decide(s.toBuilder().traffic("web", all, all).build(), d.progress());
    assertThat(next.actionsOf(Action.Terminate.class)).singleElement().satisfies(t -> assertThat(t.ids()).isEqualTo(newOnes));
    assertThat(next.actionsOf(Action.DeregisterTraffic.class)).singleElement()
        .satisfies(r -> assertThat(r.ids()).isEqualTo(newOnes));
  }

  @Test
  void canaryWeightsRoundUpToAtLeastOneInstance() {
    assertThat(Decider.canaryInstances(10, 1)).isEqualTo(1);
    assertThat(Decider.canaryInstances(10, 25)).isEqualTo(3);
    assertThat(Decider.canaryInstances(3, 100)).isEqualTo(3);
    assertThat(Decider.canaryInstances(0, 50)).isZero();
  }

  @Test
  void rollingLimitsRoundSurgeUpAndUnavailabilityDown() {
    Limits l = Decider.limitsOf(RolloutStrategy.rolling(Amount.percent(25), Amount.percent(25)), 10);
    assertThat(l).isEqualTo(new Limits(3, 2));
  }
}
