package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import io.immut.api.InstanceId;
import io.immut.core.history.GenerationStatus;
import io.immut.spi.DriverException;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.TrafficRouter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One test per class of failure the fault harness found, each failing before its fix: the
 * scenario seeds replay the harness's own findings; the explicit tests say the rule in a few lines.
 */
class FaultRegressionTest {

  static void assertKeepsEveryInvariant(long seed) {
    FaultSweep.Pair p = FaultSweep.pair(seed);
    assertThat(p.clean().violations()).as("clean run of %s", p.scenario().describe()).isEmpty();
    assertThat(p.killed().violations()).as("run of %s killed at %s", p.scenario().describe(), p.killed().killedAt())
        .isEmpty();
  }

  /**
   * EC2, canary, 30% of calls throttled: the restarted process's checks before the rollout met
   * throttling that outlasted the retries and stopped with "nothing was changed, apply again later"
   * (a clear {@code ImmutException}, as it should); applied again as the message says, it finishes
   * with every invariant kept (a fresh-seed sweep, 1 killed run of 3,000).
   */
  @Test
  void aRolloutStoppedBeforeAnyChangeByThrottlingFinishesWhenAppliedAgainAsItsMessageSays() {
    assertKeepsEveryInvariant(52366493061977L);
  }

  static FleetSpec spec(int size, RolloutStrategy strategy, int budgetInstances) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType(FaultScenario.TYPE).build())
        .capacity(Capacity.fixed(size)).strategy(strategy)
        .cost(new CostPolicy(FaultScenario.PRICE.multiply(BigDecimal.valueOf(budgetInstances)))).build();
  }

  @Test
  void aFirstGenerationRunsNothingBesideItSoItsSteadySizeAloneMustFitTheBudget() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(1).build();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).build()) {
      assertThat(immut.apply(spec(4, new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null), 4))
          .outcome()).isEqualTo(Outcome.COMPLETED);
    }
    VirtualClock clock2 = new VirtualClock();
    MemoryCloud cloud2 = MemoryCloud.builder().clock(clock2).seed(1).build();
    try (Immut immut = Immut.builder().driver(cloud2.driver()).clock(clock2).build()) {
      assertThat(immut.apply(spec(3, RolloutStrategy.rolling(io.immut.api.Amount.of(1), io.immut.api.Amount.of(0)), 3))
          .outcome()).isEqualTo(Outcome.COMPLETED);
    }
  }

  @Test
  void leftoversOfACrashedBlueGreenRolloutDoNotMakeTheNextApplyOverBudget() {
    assertKeepsEveryInvariant(20261292L);
  }

  static FleetSpec blueGreen(String image, int size) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image(image).instanceType(FaultScenario.TYPE).build())
        .capacity(Capacity.fixed(size)).strategy(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC,
            Duration.ZERO, null)).build();
  }

  static long liveOf(MemoryCloud cloud, String generationId) {
    return cloud.instances().stream().filter(InvariantMonitor::ownedByUs).filter(i -> i.state().isLive())
        .filter(i -> i.generationId().equals(generationId)).count();
  }

  @Test
  void anInstanceThatDiedWhileTheListLaggedIsLeftOutOfTheRegistrationNotAFatalError() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(3).listLag(Duration.ofSeconds(5)).build();
    FleetSpec v1 = blueGreen("ami-1", 3);
    FleetSpec v2 = blueGreen("ami-2", 3);
    AtomicBoolean killed = new AtomicBoolean();
    ForwardingCloudDriver dying = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public Optional<TrafficRouter> traffic() {
        TrafficRouter router = delegate().traffic().orElseThrow();
        return Optional.of(new TrafficRouter() {
          @Override
          public void register(String target, Set<InstanceId> ids) {
            Optional<InstanceId> newOne = ids.stream().filter(id -> cloud.instance(id).orElseThrow().generationId()
                .equals(v2.generationId())).findFirst();
            if (newOne.isPresent() && killed.compareAndSet(false, true)) {
              cloud.kill(newOne.get());
            }
            router.register(target, ids);
          }

          @Override
          public void deregister(String target, Set<InstanceId> ids) {
            router.deregister(target, ids);
          }

          @Override
          public Map<InstanceId, TargetHealth> health(String target) {
            return router.health(target);
          }
        });
      }
    };
    try (Immut immut = Immut.builder().driver(dying).clock(clock).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      var result = immut.apply(v2);
      assertThat(killed).isTrue();
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.COMPLETED);
      assertThat(immut.status("web").live()).hasValueSatisfying(g -> assertThat(g.id()).isEqualTo(v2.generationId()));
      assertThat(liveOf(cloud, v2.generationId())).isEqualTo(3);
      assertThat(liveOf(cloud, v1.generationId())).isZero();
    }
  }

  @Test
  void aFatalErrorInTheMiddleOfARolloutIsRolledBack() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(4).build();
    FleetSpec v1 = spec(4, RolloutStrategy.rolling(io.immut.api.Amount.of(1), io.immut.api.Amount.of(0)), 100);
    FleetSpec v2 = v1.toBuilder().generation(v1.generation().toBuilder().image("ami-2").build()).build();
    AtomicInteger launches = new AtomicInteger();
    ForwardingCloudDriver refusing = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        if (request.ownership().generationId().equals(v2.generationId()) && launches.incrementAndGet() == 3) {
          throw new DriverException.InvalidRequest("launch", "InvalidParameterCombination", "refused", null);
        }
        return delegate().launch(request);
      }
    };
    try (Immut immut = Immut.builder().driver(refusing).clock(clock).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      var result = immut.apply(v2);
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.FAILED);
      assertThat(result.reason()).contains("refused").contains("what it launched was rolled back");
      assertThat(liveOf(cloud, v2.generationId())).isZero();
      assertThat(liveOf(cloud, v1.generationId())).isEqualTo(4);
      assertThat(immut.history("web").get(1).status()).isEqualTo(GenerationStatus.FAILED);
    }
  }

  @Test
  void aProcessKilledBetweenTheHistoryWritesOfAPromotionLeavesALiveGeneration() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(5).build();
    io.immut.core.history.GenerationStore store = io.immut.core.history.GenerationStore.inMemory();
    FleetSpec v1 = blueGreen("ami-1", 2);
    FleetSpec v2 = blueGreen("ami-2", 2);
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(store).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
    }
    KillSwitch never = KillSwitch.counting();
    io.immut.core.history.GenerationStore dying = new KillingStore(store, never) {
      @Override
      public io.immut.core.history.GenerationRecord updateStatus(String fleet, int number, GenerationStatus status,
          String reason, java.time.Instant now) {
        var r = super.updateStatus(fleet, number, status, reason, now);
        if (status == GenerationStatus.RETIRED || status == GenerationStatus.LIVE && number == 2) {
          throw new KillSwitch.Killed("the promotion's write of " + status);
        }
        return r;
      }
    };
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(dying).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> immut.apply(v2)).isInstanceOf(KillSwitch.Killed.class);
    }
    assertThat(store.live("web")).isPresent();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(store).build()) {
      assertThat(immut.apply(v2).outcome()).isEqualTo(Outcome.COMPLETED);
      assertThat(immut.status("web").live()).hasValueSatisfying(g -> assertThat(g.id()).isEqualTo(v2.generationId()));
    }
  }

  @Test
  void aRollingFleetRollsBackWithinItsOwnSurge() {
    assertKeepsEveryInvariant(20261227L);
  }

  @Test
  void aRollbackThatMeetsAQuotaGoesOnOneInstanceAtATimeInsteadOfFailingWithAMixedFleet() {
    assertKeepsEveryInvariant(20261230L);
    assertKeepsEveryInvariant(20261245L);
  }

  @Test
  void aCanaryRollbackKeepsTheTrafficTargetServingAsBeforeTheRollout() {
    assertKeepsEveryInvariant(20262175L);
    assertKeepsEveryInvariant(20261396L);
    assertKeepsEveryInvariant(20262647L);
  }

  @Test
  void aRollbackAfterARestartDoesNotFinishOnAListThatDoesNotShowTheDeadProcesssLaunchYet() {
    assertKeepsEveryInvariant(20261224L);
  }
}
