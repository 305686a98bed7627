package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.memory.Operation;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.Map;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingScenarioTest {
  @TempDir
  Path locks;

  @Test
  void firstApplyLaunchesTheFleetAndRecordsItLive() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 10);
    RolloutResult r = s.immut.apply(v1);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.generation().name()).isEqualTo("web-v001");
    assertThat(r.launched()).isEqualTo(10);
    assertThat(s.liveByGeneration()).containsExactly(java.util.Map.entry(v1.generationId(), 10L));
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status).containsExactly(GenerationStatus.LIVE);
  }

  @Test
  void rollingReplacesEveryInstanceWithinSurge() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 10));
    FleetSpec v2 = Scenario.spec("ami-2", 10);
    int[] peak = {0};
    RolloutResult r = s.immut.apply(v2, e -> peak[0] = Math.max(peak[0], s.live().size()));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.generation().name()).isEqualTo("web-v002");
    assertThat(r.launched()).isEqualTo(10);
    assertThat(r.terminated()).isEqualTo(10);
    assertThat(s.liveByGeneration()).containsOnlyKeys(v2.generationId());
    assertThat(peak[0]).isLessThanOrEqualTo(13);
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.RETIRED, GenerationStatus.LIVE);
  }

  @Test
  void applyingTheLiveSpecAgainChangesNothing() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4);
    s.immut.apply(v1);
    s.cloud.calls().reset();
    RolloutResult r = s.immut.apply(v1);
    assertThat(r.outcome()).isEqualTo(Outcome.NO_CHANGE);
    assertThat(s.cloud.calls().mutating()).isZero();
    assertThat(s.immut.history("web")).hasSize(1);
  }

  @Test
  void surgeZeroKeepsServingCapacityAtDesiredMinusUnavailable() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 8));
    FleetSpec v2 = Scenario.spec("ami-2", 8, RolloutStrategy.rolling(Amount.of(0), Amount.of(2)));
    int[] minServing = {Integer.MAX_VALUE};
    int[] maxLive = {0};
    RolloutResult r = s.immut.apply(v2, e -> {
      minServing[0] = Math.min(minServing[0], serving(s));
      maxLive[0] = Math.max(maxLive[0], s.live().size());
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(minServing[0]).isGreaterThanOrEqualTo(6);
    assertThat(maxLive[0]).isLessThanOrEqualTo(8);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 8L));
  }

  static int serving(Scenario s) {
    return (int) s.live().stream().filter(v -> v.state() == InstanceState.RUNNING && v.health() == HealthStatus.HEALTHY).count();
  }

  @Test
  void aGenerationThatNeverTurnsHealthyIsRolledBackToTheLiveOne() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 6);
    s.immut.apply(v1);
    s.cloud.faults().neverHealthy("ami-bad");
    FleetSpec bad = Scenario.spec("ami-bad", 6);
    RolloutResult r = s.immut.apply(bad);
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("failed the health gate");
    assertThat(r.liveGeneration().name()).isEqualTo("web-v001");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 6L));
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.FAILED);
    assertThat(s.events(RolloutEvent.GateFailed.class)).hasSize(1);
    assertThat(s.events(RolloutEvent.RollbackStarted.class)).singleElement()
        .satisfies(e -> assertThat(e.toGeneration()).isEqualTo("web-v001"));
    assertThat(s.events(RolloutEvent.RollbackFinished.class)).hasSize(1);
  }

  @Test
  void aGenerationStuckBootingFailsAtTheProgressDeadline() {
    Scenario s = new Scenario(locks, b -> b.bootTime("t3.large", Duration.ofHours(2)));
    s.immut.apply(Scenario.spec("ami-1", 3));
    FleetSpec slow = Scenario.spec("ami-2", 3).toBuilder()
        .generation(io.immut.api.GenerationSpec.builder().image("ami-2").instanceType("t3.large")
            .healthCheck(HealthCheck.DEFAULT.withProgressDeadline(Duration.ofMinutes(5))).build()).build();
    RolloutResult r = s.immut.apply(slow);
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("no progress for 5m");
    assertThat(r.duration()).isLessThan(Duration.ofMinutes(30));
    assertThat(s.live()).allSatisfy(v -> assertThat(v.imageId()).isEqualTo("ami-1"));
  }

  @Test
  void aFailedFirstGenerationLeavesAnEmptyFleet() {
    Scenario s = new Scenario(locks);
    s.cloud.faults().neverHealthy("ami-bad");
    RolloutResult r = s.immut.apply(Scenario.spec("ami-bad", 4));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.liveGeneration()).isNull();
    assertThat(s.live()).isEmpty();
  }

  @Test
  void rollbackOnRequestRestoresThePreviousGeneration() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 5);
    s.immut.apply(v1);
    s.immut.apply(Scenario.spec("ami-2", 5));
    RolloutResult r = s.immut.rollback("web");
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.liveGeneration().name()).isEqualTo("web-v001");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 5L));
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.ROLLED_BACK);
  }

  @Test
  void rollbackWithoutAPreviousGenerationSaysSo() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.immut.rollback("web"))
        .isInstanceOf(io.immut.api.ImmutException.class).hasMessageContaining("no previous good generation");
  }

  @Test
  void aNewSpecGetsTheNextNumberAndAnOldOneKeepsItsOwn() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 2);
    s.immut.apply(v1);
    s.immut.apply(Scenario.spec("ami-2", 2));
    RolloutResult back = s.immut.apply(v1);
    assertThat(back.generation().name()).isEqualTo("web-v001");
    assertThat(back.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.RETIRED);
  }

  @Test
  void eventsReportWavesLaunchesHealthAndCompletionWithProgress() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 4));
    s.events.clear();
    s.immut.apply(Scenario.spec("ami-2", 4, RolloutStrategy.rolling(Amount.of(2), Amount.of(0))));
    assertThat(s.events.get(0)).isInstanceOf(RolloutEvent.Started.class);
    assertThat(s.events(RolloutEvent.WaveStarted.class)).extracting(RolloutEvent.WaveStarted::launch).containsExactly(2, 2);
    assertThat(s.events(RolloutEvent.InstanceHealthy.class)).hasSize(4);
    assertThat(s.events(RolloutEvent.InstancesTerminated.class)).flatExtracting(e -> e.ids()).hasSize(4);
    RolloutEvent last = s.events.get(s.events.size() - 1);
    assertThat(last).isInstanceOf(RolloutEvent.Completed.class);
    assertThat(last.progress()).isEqualTo(1.0);
    double[] previous = {0};
    assertThat(s.events(RolloutEvent.InstanceHealthy.class)).allSatisfy(e -> {
      assertThat(e.progress()).isGreaterThanOrEqualTo(previous[0]);
      previous[0] = e.progress();
    });
  }

  @Test
  void throttlingOfAFifthOfAllCallsStillCompletes() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 10));
    for (Operation op : Operation.values()) {
      s.cloud.faults().throttle(op, 0.2);
    }
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 10));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.events(RolloutEvent.Retrying.class)).isNotEmpty();
    assertThat(s.live()).hasSize(10).allSatisfy(v -> assertThat(v.imageId()).isEqualTo("ami-2"));
  }

  @Test
  void transientErrorsAndLostResponsesNeitherDoubleLaunchNorLeak() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 6));
    s.cloud.faults().transientErrors(Operation.LIST, 0.2).lostResponses(Operation.LAUNCH, 0.5)
        .lostResponses(Operation.TERMINATE, 0.3);
    FleetSpec v2 = Scenario.spec("ami-2", 6);
    RolloutResult r = s.immut.apply(v2);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    long everLaunched = s.cloud.instances().stream().filter(v -> v2.generationId().equals(v.generationId())).count();
    assertThat(everLaunched).isEqualTo(6);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 6L));
  }

  @Test
  void quotaStopsTheRolloutAndRollsBackWhatItLaunched() {
    Scenario s = new Scenario(locks, b -> b.quota(11));
    FleetSpec v1 = Scenario.spec("ami-1", 10);
    s.immut.apply(v1);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 10));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("quota");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 10L));
  }

  @Test
  void capacityErrorsShrinkTheBatchAndTheRolloutCompletes() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 8));
    s.cloud.faults().failNext(Operation.LAUNCH, 2, io.immut.core.memory.FaultKind.CAPACITY);
    long before = s.cloud.calls().count(Operation.LAUNCH);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 8, RolloutStrategy.rolling(Amount.of(4), Amount.of(0))));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.cloud.calls().count(Operation.LAUNCH) - before).isGreaterThan(2);
    assertThat(s.live()).hasSize(8);
  }

  @Test
  void noCapacityAtAllFailsWithAClearMessageAndRollsBack() {
    Scenario s = new Scenario(locks, b -> b.capacity("t3.small", 0));
    FleetSpec v1 = Scenario.spec("ami-1", 3);
    s.immut.apply(v1);
    FleetSpec small = v1.toBuilder().generation(v1.generation().toBuilder().instanceType("t3.small").build()).build();
    RolloutResult r = s.immut.apply(small);
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("no capacity for t3.small").contains("choose another instance type");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 3L));
  }

  @Test
  void foreignInstancesAreNeverTouched() {
    Scenario s = new Scenario(locks);
    io.immut.core.memory.CloudInstance sameFleetOtherOwner = s.cloud.launchForeign(Map.of("immut:fleet", "web", "immut:owner", "someone-else",
        "immut:generation", "abc"), "t3.micro", "ami-x");
    io.immut.core.memory.CloudInstance noOwner = s.cloud.launchForeign(Map.of("immut:fleet", "web", "Name", "web-1"), "t3.micro", "ami-x");
    s.immut.apply(Scenario.spec("ami-1", 3));
    s.immut.apply(Scenario.spec("ami-2", 3));
    s.clock.advance(Duration.ofHours(1));
    s.immut.apply(Scenario.spec("ami-2", 3));
    for (io.immut.core.memory.CloudInstance foreign : java.util.List.of(sameFleetOtherOwner, noOwner)) {
      assertThat(s.cloud.instance(foreign.id()).orElseThrow().state().isLive()).isTrue();
    }
  }

  @Test
  void aDriftedInstanceIsReplacedNotPatched() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4);
    s.immut.apply(v1);
    io.immut.core.memory.CloudInstance victim = s.live().get(0);
    s.cloud.mutate(victim.id(), m -> m.instanceType("t3.large"));
    RolloutResult r = s.immut.apply(v1);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.launched()).isEqualTo(1);
    assertThat(s.cloud.instance(victim.id()).orElseThrow().state().isLive()).isFalse();
    assertThat(s.live()).hasSize(4).allSatisfy(v -> assertThat(v.instanceType()).isEqualTo("t3.micro"));
    assertThat(s.events(RolloutEvent.InstancesTerminated.class)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("drift"));
  }

  @Test
  void aLostInstanceOfTheLiveGenerationIsReplaced() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4);
    s.immut.apply(v1);
    s.cloud.kill(s.live().get(0).id());
    RolloutResult r = s.immut.apply(v1);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.live()).hasSize(4);
  }

  @Test
  void anOrphanIsTerminatedAfterItsGracePeriodOnly() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 2);
    s.immut.apply(v1);
    io.immut.spi.LaunchResult orphan = s.cloud.driver().launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("orphan-1")).ownership(io.immut.spi.Ownership.of(new io.immut.spi.FleetSelector("web", "immut"), "0123456789")).spec(v1.generation()).image(new io.immut.api.Image("ami-1", null, null, null, null)).count(1).build());
    InstanceView o = orphan.instances().get(0);
    s.immut.apply(v1);
    assertThat(s.cloud.instance(o.id()).orElseThrow().state().isLive()).isTrue();
    s.clock.advance(Duration.ofMinutes(11));
    s.immut.apply(v1);
    assertThat(s.cloud.instance(o.id()).orElseThrow().state().isLive()).isFalse();
    assertThat(s.events(RolloutEvent.InstancesTerminated.class)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("orphan"));
  }
}
