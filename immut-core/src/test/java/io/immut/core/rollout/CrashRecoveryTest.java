package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import io.immut.core.memory.CloudBehaviour;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process killed at any driver call of a rollout, and a new {@code Immut} on the same cloud and
 * store applying the same spec, finishes the rollout with no double launch and no leak, on every
 * {@link CloudBehaviour} of the in-memory cloud.
 */
class CrashRecoveryTest {
  @TempDir
  Path locks;

  /** How many driver calls a clean rollout of the same scenario makes. */
  private static int cleanCalls(Path locks, FleetSpec v1, FleetSpec v2, Consumer<io.immut.core.memory.MemoryCloudBuilder> cloud) {
    Scenario s = new Scenario(locks, cloud);
    s.immut.apply(v1);
    CrashingDriver counting = new CrashingDriver(s.cloud.driver(), Integer.MAX_VALUE, false);
    Immut immut = Immut.builder().driver(counting).clock(s.clock).generationStore(s.store).lockDirectory(locks).build();
    assertThat(immut.apply(v2).outcome()).isEqualTo(Outcome.COMPLETED);
    return counting.calls();
  }

  static Stream<Arguments> rollouts() {
    List<Object[]> rows = List.of(new Object[] {"rolling", 0, true}, new Object[] {"rolling", 0, false},
        new Object[] {"rolling", 2, true}, new Object[] {"bluegreen", 0, true}, new Object[] {"bluegreen", 2, false},
        new Object[] {"canary", 0, true});
    return Stream.of(CloudBehaviour.values())
        .flatMap(b -> rows.stream().map(r -> Arguments.of(b, r[0], r[1], r[2])));
  }

  static Stream<Arguments> rollbacks() {
    return Stream.of(CloudBehaviour.values()).flatMap(b -> Stream.of(Arguments.of(b, true), Arguments.of(b, false)));
  }

  @ParameterizedTest(name = "{0}: {1}, list lag {2}s, crash after the call took effect: {3}")
  @MethodSource("rollouts")
  void aRolloutKilledAtAnyDriverCallIsFinishedByANewProcess(CloudBehaviour behaviour, String strategy, int lagSeconds,
                                                          boolean afterEffect) {
    RolloutStrategy st = switch (strategy) {
      case "rolling" -> RolloutStrategy.rolling(Amount.of(2), Amount.of(1));
      case "bluegreen" -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(2), null);
      default -> new RolloutStrategy.Canary(java.util.List.of(new RolloutStrategy.CanaryStep.SetWeight(34),
          new RolloutStrategy.CanaryStep.Pause(Duration.ofMinutes(1))));
    };
    FleetSpec v1 = Scenario.spec("ami-1", 6, st);
    FleetSpec v2 = Scenario.spec("ami-2", 6, st);
    Consumer<io.immut.core.memory.MemoryCloudBuilder> cloud = b -> b.behaviour(behaviour)
        .listLag(Duration.ofSeconds(lagSeconds)).bootJitter(0.2);
    int total = cleanCalls(locks, v1, v2, cloud);
    assertThat(total).isGreaterThan(5);
    for (int k = 1; k <= total; k++) {
      Scenario s = new Scenario(locks, cloud);
      s.immut.apply(v1);
      CrashingDriver crashing = new CrashingDriver(s.cloud.driver(), k, afterEffect);
      Immut doomed = Immut.builder().driver(crashing).clock(s.clock).generationStore(s.store).lockDirectory(locks).build();
      assertThatThrownBy(() -> doomed.apply(v2)).as("crash at call %d", k).isInstanceOf(CrashingDriver.Crash.class);
      s.clock.advance(Duration.ofSeconds(k % 7));
      Immut reborn = s.newImmut(b -> { });
      RolloutResult r = reborn.apply(v2);
      // COMPLETED, or NO_CHANGE when the dead process had already finished the work
      assertThat(r.succeeded()).as("crash at call %d: %s", k, r).isTrue();
      if (strategy.equals("bluegreen")) {
        // v1 is kept out of service for its window, counted from the promotion (by whichever process
        // made it), and the first apply after the window retires it
        assertThat(r.nextWorkDue()).as("crash at call %d", k).isPresent();
        assertThat(r.nextWorkDue().get()).isBeforeOrEqualTo(s.clock.now().plus(Duration.ofMinutes(2)));
        assertThat(reborn.status("web").kept()).map(g -> g.id()).contains(v1.generationId());
        s.clock.advance(Duration.between(s.clock.now(), r.nextWorkDue().get()));
        assertThat(s.newImmut(b -> { }).apply(v2).outcome()).as("crash at call %d", k).isEqualTo(Outcome.RETIRED_PREVIOUS);
      }
      assertThat(s.liveByGeneration()).as("crash at call %d", k).containsExactly(Map.entry(v2.generationId(), 6L));
      assertThat(s.everLaunched(v2.generationId())).as("instances of v2 ever launched, crash at call %d", k).isEqualTo(6);
      assertThat(s.cloud.leftovers()).as("left behind, crash at call %d", k).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}: crash after the call took effect: {1}")
  @MethodSource("rollbacks")
  void aRollbackKilledAtAnyDriverCallLeavesNoLeak(CloudBehaviour behaviour, boolean afterEffect) {
    FleetSpec v1 = Scenario.spec("ami-1", 4);
    FleetSpec bad = Scenario.spec("ami-bad", 4);
    for (int k = 1; k <= 60; k++) {
      Scenario s = new Scenario(locks, b -> b.behaviour(behaviour));
      s.immut.apply(v1);
      s.cloud.faults().neverHealthy("ami-bad");
      CrashingDriver crashing = new CrashingDriver(s.cloud.driver(), k, afterEffect);
      Immut doomed = Immut.builder().driver(crashing).clock(s.clock).generationStore(s.store).lockDirectory(locks).build();
      try {
        assertThat(doomed.apply(bad).outcome()).isEqualTo(Outcome.ROLLED_BACK);
      } catch (CrashingDriver.Crash crash) {
        RolloutResult r = s.newImmut(b -> { }).apply(bad);
        assertThat(r.outcome()).as("crash at call %d", k).isEqualTo(Outcome.ROLLED_BACK);
      }
      assertThat(s.liveByGeneration()).as("crash at call %d", k).containsExactly(Map.entry(v1.generationId(), 4L));
      assertThat(s.cloud.leftovers()).as("left behind, crash at call %d", k).isEmpty();
    }
  }
}
