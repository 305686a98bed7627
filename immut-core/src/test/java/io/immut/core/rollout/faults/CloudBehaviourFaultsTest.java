package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.memory.CloudBehaviour;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault harness on the in-memory cloud's behaviours: what it draws, and replays of the
 * scenarios its sweep with behaviours and long restarts flagged.
 */
class CloudBehaviourFaultsTest {

  @Test
  void everyBehaviourIsDrawnAndLateFailuresOnlyWhereTheCloudHasThem() {
    List<FaultScenario> drawn = LongStream.range(FaultSweepTest.BASE, FaultSweepTest.BASE + 200)
        .mapToObj(FaultScenario::draw).toList();
    Set<CloudBehaviour> behaviours = EnumSet.noneOf(CloudBehaviour.class);
    drawn.forEach(s -> behaviours.add(s.behaviour()));
    assertThat(behaviours).containsExactlyInAnyOrder(CloudBehaviour.values());
    assertThat(drawn).filteredOn(FaultScenario::lateFailures)
        .allSatisfy(s -> assertThat(s.behaviour().lateLaunchFailures()).as(s.describe()).isTrue())
        .anySatisfy(s -> assertThat(s.lateQuota()).isTrue())
        .anySatisfy(s -> assertThat(s.lateQuota()).isFalse());
    assertThat(FaultScenario.draw(20261580L)).as("the same seed, the same scenario").isEqualTo(FaultScenario.draw(20261580L));
  }

  /**
   * A killed run whose new process starts many minutes later, while the cloud kills instances of the
   * live generation, is then refused as over budget (a blue/green or canary whose two generations do
   * not fit). The refusal changes nothing; re-applying the live spec repairs the fleet within the
   * budget. The harness first expected the refused apply itself to leave the live generation at its
   * size (these seeds, 6 of 800 killed runs).
   */
  @ParameterizedTest
  @ValueSource(longs = {20261332L, 20261580L, 20261605L, 20261615L, 20261829L, 20261995L})
  void aRefusalAfterALongRestartLeavesAFleetThatReApplyingTheLiveSpecRepairsWithinTheBudget(long seed) {
    FaultSweep.Pair p = FaultSweep.pair(seed);
    assertThat(p.scenario().restartAfter()).as("restarted minutes after the kill").isGreaterThan(java.time.Duration.ofMinutes(1));
    assertThat(p.killed().outcome()).as(p.scenario().describe()).isEqualTo("OVER_BUDGET");
    FaultRegressionTest.assertKeepsEveryInvariant(seed);
  }

  /**
   * AZURE, rolling 1/0, killed before it saw its first launch fail late, restarted 24 minutes later
   * (past the 15 minutes Azure's token memory lasts): the new process deleted the failed VM and
   * launched under the same token, whose name Azure gave a new VM, with the deleted one's id. The
   * engine still showed that id as shutting down (it had just deleted it), took its wave for gone
   * and launched again: 5 instances for a bound of 4, one left over after COMPLETED. A launch that
   * answers with an id this process terminated is a new instance.
   */
  @Test
  void aNewVmUnderTheNameOfOneTheEngineDeletedIsNotTakenForTheDeletedOne() {
    FaultSweep.Pair p = FaultSweep.pair(51864835637790L);
    assertThat(p.scenario().behaviour()).isEqualTo(CloudBehaviour.AZURE);
    assertThat(p.killed().killedAt()).isEqualTo("list #21 (after)");
    FaultRegressionTest.assertKeepsEveryInvariant(51864835637790L);
  }

  /** Scenarios whose creations failed late on AZURE and GCE, for capacity and for a quota, killed and restarted. */
  @ParameterizedTest
  @ValueSource(longs = {20261204L, 20261206L, 20261208L, 20261209L, 20261217L, 20261219L})
  void lateFailuresAreTerminatedAndLeaveNothingBehind(long seed) {
    FaultSweep.Pair p = FaultSweep.pair(seed);
    assertThat(p.scenario().lateFailures()).as(p.scenario().describe()).isTrue();
    assertThat(p.clean().failedSeen() + p.killed().failedSeen()).as("creations seen failed in %s", p.scenario().describe())
        .isPositive();
    FaultRegressionTest.assertKeepsEveryInvariant(seed);
  }
}
