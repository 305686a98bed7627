package io.immut.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Amount;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The invariants of the decision function, over random fleets, strategies and gates. */
class DeciderProperties {
  static final FleetSelector SELECTOR = new FleetSelector("web", "immut");
  static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  static final String TARGET = "aaaaaaaaaa";
  static final String OLD = "bbbbbbbbbb";
  static final String OLDER = "cccccccccc";

  record Drawn(Situation situation, Set<InstanceId> foreign) {}

  static Drawn draw(long seed, int desired, int surge, int unavailable, int strategyKind, boolean rollback, boolean targetLive) {
    Random r = new Random(seed);
    int n = r.nextInt(3 * desired + 6);
    List<InstanceView> views = new ArrayList<>();
    Map<InstanceId, GateStatus> gates = new HashMap<>();
    Set<InstanceId> registered = new HashSet<>();
    Set<InstanceId> foreign = new HashSet<>();
    InstanceState[] states = InstanceState.values();
    HealthStatus[] healths = HealthStatus.values();
    for (int i = 0; i < n; i++) {
      InstanceId id = InstanceId.of("i-" + seed + "-" + i);
      int kind = r.nextInt(10);
      Ownership ownership;
      String gen = kind < 4 ? TARGET : kind < 7 ? OLD : kind == 7 ? OLDER : "dddddddddd";
      if (kind == 9 && r.nextBoolean()) {
        ownership = Ownership.of("web", TARGET, "other");
        foreign.add(id);
      } else if (kind == 9) {
        ownership = Ownership.of("api", TARGET, "immut");
        foreign.add(id);
      } else {
        ownership = Ownership.of("web", gen, "immut");
      }
      InstanceState state = r.nextInt(4) == 0 ? states[r.nextInt(states.length)] : InstanceState.RUNNING;
      HealthStatus health = r.nextInt(4) == 0 ? healths[r.nextInt(healths.length)] : HealthStatus.HEALTHY;
      String type = r.nextInt(12) == 0 ? "t3.large" : "t3.micro";
      views.add(InstanceView.builder().id(id).ownership(ownership).state(state).health(health).instanceType(type)
          .imageId("ami-" + gen).zone("z").launchedAt(NOW.minus(Duration.ofMinutes(r.nextInt(40)))).privateAddress("10.0.0." + i)
          .failure(state == InstanceState.FAILED ? LaunchFailure.capacity("drawn") : null).build());
      if (gen.equals(TARGET)) {
        int g = r.nextInt(10);
        gates.put(id, g < 6 ? GateStatus.PASSED : g < 9 ? GateStatus.PENDING : GateStatus.FAILED);
      }
      if (r.nextInt(3) == 0) {
        registered.add(id);
      }
    }
    RolloutStrategy strategy = switch (strategyKind) {
      case 0 -> RolloutStrategy.rolling(Amount.of(surge), Amount.of(unavailable));
      case 1 -> new RolloutStrategy.BlueGreen(r.nextBoolean() ? RolloutStrategy.Promotion.AUTOMATIC
          : RolloutStrategy.Promotion.MANUAL, Duration.ofMinutes(r.nextInt(3)), null);
      default -> new RolloutStrategy.Canary(List.of(new RolloutStrategy.CanaryStep.SetWeight(20),
          new RolloutStrategy.CanaryStep.Pause(Duration.ofMinutes(1)), new RolloutStrategy.CanaryStep.SetWeight(60)));
    };
    Situation s = Situation.builder(SELECTOR, NOW).mode(rollback ? Mode.ROLLBACK : Mode.ROLLOUT)
        .target(TARGET, "t3.micro", "ami-" + TARGET, desired).targetLive(targetLive).strategy(strategy)
        .limits(new Limits(surge, unavailable)).knownGenerations(Set.of(TARGET, OLD, OLDER)).instances(views).gates(gates)
        .traffic(r.nextBoolean() ? "web" : null, registered).promoteRequested(r.nextBoolean())
        .orphanGrace(Duration.ofMinutes(10)).build();
    return new Drawn(s, foreign);
  }

  static boolean drifted(Situation s, InstanceView v) {
    return v.state() == InstanceState.STOPPED || v.state() == InstanceState.STOPPING
        || !"t3.micro".equals(v.instanceType());
  }

  /** Whether an instance serves, as the invariants count it. */
  static boolean serves(Situation s, InstanceView v) {
    if (!v.ownership().belongsTo(s.selector()) || v.state().isGone() || !s.knownGenerations().contains(v.generationId())) {
      return false;
    }
    boolean running = v.state() == InstanceState.RUNNING && v.health() != HealthStatus.UNHEALTHY;
    if (v.generationId().equals(s.targetId()) && !drifted(s, v)) {
      GateStatus g = s.gates().getOrDefault(v.id(), GateStatus.PENDING);
      if (g == GateStatus.FAILED && s.targetLive()) {
        return running;
      }
      return running && g == GateStatus.PASSED;
    }
    return running;
  }

  static Set<InstanceId> named(Decision d) {
    Set<InstanceId> ids = new HashSet<>();
    for (Action a : d.actions()) {
      if (a instanceof Action.Terminate t) {
        ids.addAll(t.ids());
      } else if (a instanceof Action.RegisterTraffic t) {
        ids.addAll(t.ids());
      } else if (a instanceof Action.DeregisterTraffic t) {
        ids.addAll(t.ids());
      } else if (a instanceof Action.Validate v) {
        ids.addAll(v.ids());
      } else if (a instanceof Action.Analyse an) {
        ids.addAll(an.canary());
        ids.addAll(an.baseline());
      }
    }
    return ids;
  }

  static Set<InstanceId> terminated(Decision d) {
    Set<InstanceId> ids = new HashSet<>();
    d.actionsOf(Action.Terminate.class).forEach(t -> ids.addAll(t.ids()));
    return ids;
  }

  @Property(tries = 400)
  void neverNamesAnInstanceWithoutTheFleetsOwnershipTags(@ForAll long seed, @ForAll @IntRange(max = 12) int desired,
                                                          @ForAll @IntRange(min = 1, max = 4) int surge,
                                                          @ForAll @IntRange(max = 3) int unavailable,
                                                          @ForAll @IntRange(max = 2) int strategy,
                                                          @ForAll boolean rollback, @ForAll boolean live) {
    Drawn drawn = draw(seed, desired, surge, unavailable, strategy, rollback, live);
    Decision d = Decider.decide(drawn.situation(), Progress.start(NOW.minusSeconds(30)));
    Set<InstanceId> named = named(d);
    assertThat(named.stream().noneMatch(drawn.foreign()::contains)).as("a foreign instance is named").isTrue();
    for (InstanceView v : drawn.situation().instances()) {
      if (named.contains(v.id())) {
        assertThat(v.ownership().belongsTo(SELECTOR)).isTrue();
      }
    }
  }

  @Property(tries = 600)
  void rollingNeverDropsServingCapacityBelowTheFloorNorLaunchesAboveTheSurge(
      @ForAll long seed, @ForAll @IntRange(max = 12) int desired, @ForAll @IntRange(max = 4) int surge,
      @ForAll @IntRange(max = 3) int unavailable, @ForAll boolean live) {
    int s0 = surge == 0 && unavailable == 0 ? 1 : surge;
    Situation s = draw(seed, desired, s0, unavailable, 0, false, live).situation();
    Decision d = Decider.decide(s, Progress.start(NOW.minusSeconds(30)));
    Set<InstanceId> gone = terminated(d);
    int servingBefore = 0;
    int servingAfter = 0;
    int liveAfter = 0;
    for (InstanceView v : s.instances()) {
      boolean counted = v.ownership().belongsTo(SELECTOR) && !v.state().isGone()
          && s.knownGenerations().contains(v.generationId());
      if (serves(s, v)) {
        servingBefore++;
        if (!gone.contains(v.id())) {
          servingAfter++;
        }
      }
      if (counted && !gone.contains(v.id())) {
        liveAfter++;
      }
    }
    int floor = Math.max(0, desired - unavailable);
    assertThat(servingAfter).as("serving after the decision").isGreaterThanOrEqualTo(Math.min(servingBefore, floor));
    int launched = d.actionsOf(Action.Launch.class).stream().mapToInt(Action.Launch::count).sum();
    if (launched > 0) {
      assertThat(liveAfter + launched).as("instances after launching").isLessThanOrEqualTo(desired + s0);
      assertThat(d.actionsOf(Action.Launch.class)).allSatisfy(l -> {
        assertThat(l.generationId()).isEqualTo(TARGET);
        assertThat(l.token().length()).isLessThanOrEqualTo(64);
      });
    }
  }

  /**
   * An old instance of unknown cloud health counts towards the floor only once observed serving: a
   * rolling decision never terminates below the floor counting the others.
   */
  @Property(tries = 600)
  void anOldInstanceOfUnknownHealthCountsTowardsTheFloorOnlyOnceObservedServing(
      @ForAll long seed, @ForAll @IntRange(max = 12) int desired, @ForAll @IntRange(max = 4) int surge,
      @ForAll @IntRange(max = 3) int unavailable) {
    int s0 = surge == 0 && unavailable == 0 ? 1 : surge;
    Situation drawn = draw(seed, desired, s0, unavailable, 0, false, false).situation();
    java.util.Random r = new java.util.Random(seed);
    Set<InstanceId> observed = new HashSet<>();
    for (InstanceView v : drawn.instances()) {
      if (r.nextBoolean()) {
        observed.add(v.id());
      }
    }
    Situation s = drawn.toBuilder().traffic(null, Set.of()).observedServing(observed).build();
    Decision d = Decider.decide(s, Progress.start(NOW.minusSeconds(30)));
    Set<InstanceId> gone = terminated(d);
    int before = 0;
    int after = 0;
    for (InstanceView v : s.instances()) {
      boolean old = !v.generationId().equals(TARGET) || drifted(s, v);
      boolean counts = old ? serves(s, v) && (v.health() == HealthStatus.HEALTHY
          || (v.health() == HealthStatus.UNKNOWN && observed.contains(v.id()))) : serves(s, v);
      if (counts) {
        before++;
        if (!gone.contains(v.id())) {
          after++;
        }
      }
    }
    assertThat(after).as("serving after the decision, counting old instances of unknown health only when observed")
        .isGreaterThanOrEqualTo(Math.min(before, Math.max(0, desired - unavailable)));
  }

  @Property(tries = 600)
  void trafficGoesOnlyToInstancesPastTheirGateAndInBlueGreenOnlyAfterPromotion(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int desired, @ForAll @IntRange(max = 2) int strategy,
      @ForAll boolean rollback) {
    Situation s = draw(seed, desired, 2, 1, strategy, rollback, false).situation();
    Decision d = Decider.decide(s, Progress.start(NOW.minusSeconds(30)));
    Set<InstanceId> registered = new HashSet<>();
    d.actionsOf(Action.RegisterTraffic.class).forEach(a -> registered.addAll(a.ids()));
    for (InstanceView v : s.instances()) {
      if (registered.contains(v.id()) && TARGET.equals(v.generationId())) {
        assertThat(s.gates().get(v.id())).isEqualTo(GateStatus.PASSED);
        assertThat(v.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(v.health()).isNotEqualTo(HealthStatus.UNHEALTHY);
      }
    }
    boolean targetRegistered = s.instances().stream().anyMatch(v -> registered.contains(v.id()) && TARGET.equals(v.generationId()));
    if (!rollback && strategy == 1 && targetRegistered) {
      assertThat(d.actionsOf(Action.Promote.class)).hasSize(1);
    }
  }

  @Property(tries = 300)
  void aFailedGateOfANewGenerationStopsEverything(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int desired,
                                                  @ForAll @IntRange(max = 2) int strategy) {
    Situation s = draw(seed, desired, 2, 0, strategy, false, false).situation();
    boolean failed = s.instances().stream().anyMatch(v -> TARGET.equals(v.generationId()) && !v.state().isGone()
        && v.ownership().belongsTo(SELECTOR) && !drifted(s, v) && s.gates().get(v.id()) == GateStatus.FAILED);
    Decision d = Decider.decide(s, Progress.start(NOW.minusSeconds(30)));
    assertThat(d.phase() == Phase.GATE_FAILED).isEqualTo(failed);
    if (failed) {
      assertThat(d.actions()).isEmpty();
    }
  }

  @Property(tries = 200)
  void theDecisionIsAFunctionOfItsInput(@ForAll long seed, @ForAll @IntRange(max = 12) int desired,
                                       @ForAll @IntRange(max = 2) int strategy, @ForAll boolean rollback) {
    Situation s = draw(seed, desired, 1, 1, strategy, rollback, false).situation();
    Progress p = Progress.start(NOW.minusSeconds(30));
    assertThat(Decider.decide(s, p)).isEqualTo(Decider.decide(s, p));
  }

  @Property(tries = 300)
  void orphansGoOnlyAfterTheirGracePeriod(@ForAll long seed, @ForAll @IntRange(max = 12) int desired) {
    Situation s = draw(seed, desired, 1, 0, 0, false, true).situation();
    Decision d = Decider.decide(s, Progress.start(NOW.minusSeconds(30)));
    Set<InstanceId> gone = terminated(d);
    for (InstanceView v : s.instances()) {
      if (gone.contains(v.id()) && !s.knownGenerations().contains(v.generationId())) {
        assertThat(v.launchedAt().plus(s.orphanGrace())).isBeforeOrEqualTo(NOW);
      }
    }
  }
}
