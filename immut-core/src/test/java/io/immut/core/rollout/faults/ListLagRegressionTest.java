package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.FaultKind;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two classes of failure the fault harness found under list lag, each failing before its fix:
 * a process that takes over from one that died launches what the lagging list does not show yet
 * (past the surge bound), and a rollout ends one instance short when the cloud killed one the list
 * still showed running. The replays pin the harness's kill points of the runs that found them.
 */
class ListLagRegressionTest {
  @TempDir
  Path locks;

  static void assertNoViolation(long seed, int killAt, boolean afterEffect) {
    FaultScenario s = FaultScenario.draw(seed);
    FaultRun.Report r = FaultRun.run(s, killAt, afterEffect);
    assertThat(r.violations()).as("%s, killed at %s", s.describe(), r.killedAt()).isEmpty();
  }

  @Test
  void aProcessTakingOverUnderListLagDoesNotLaunchPastTheSurgeBound() {
    assertNoViolation(20261304L, 11, false);
    assertNoViolation(20261689L, 10, true);
    assertNoViolation(20263232L, 12, true);
    assertNoViolation(20263721L, 73, false);
  }

  @Test
  void aRolloutDoesNotEndOneShortWhenTheCloudKilledAnInstanceTheListStillShows() {
    assertNoViolation(20261413L, 0, false);
    assertNoViolation(20262559L, 0, false);
    assertNoViolation(20262045L, 27, false);
    assertNoViolation(20262250L, 28, true);
    assertNoViolation(20262557L, 70, false);
    assertNoViolation(20263200L, 24, false);
  }

  @Test
  void aRollbackAfterARestartRegistersNoInstanceOfUnknownHealthItHasNotSeenServing() {
    // found once the two fixes above landed: after a restart, a rollback admitted old instances
    // listed running with health UNKNOWN (still warming up) without a gate, and registered them
    assertNoViolation(20261823L, 20, true);
  }

  static FleetSpec spec(String image, int size, RolloutStrategy strategy) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image(image).instanceType(FaultScenario.TYPE).build())
        .capacity(Capacity.fixed(size)).strategy(strategy).build();
  }

  @Test
  void anInstanceKilledWithinTheListLagBeforeTheOutcomeIsReplacedNotCountedDone() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).listLag(Duration.ofSeconds(5)).build();
    RolloutStrategy rolling = RolloutStrategy.rolling(Amount.of(3), Amount.of(0));
    FleetSpec v1 = spec("ami-1", 3, rolling);
    FleetSpec v2 = spec("ami-2", 3, rolling);
    AtomicInteger healthy = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).lockDirectory(locks).listener(e -> {
      // the last new instance to pass its gate dies at once: the list shows it running for 5 s more
      if (e instanceof RolloutEvent.InstanceHealthy h && cloud.instance(h.id()).orElseThrow().generationId()
          .equals(v2.generationId()) && healthy.incrementAndGet() == 3 && killed.compareAndSet(false, true)) {
        cloud.kill(h.id());
      }
    }).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      RolloutResult result = immut.apply(v2);
      assertThat(killed).isTrue();
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.COMPLETED);
      assertThat(FaultRegressionTest.liveOf(cloud, v2.generationId())).isEqualTo(3);
      assertThat(result.launched()).isEqualTo(4);
    }
  }

  @Test
  void aProcessTakingOverUnderListLagFindsTheLaunchesOfTheOneThatDied() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(8).listLag(Duration.ofSeconds(5)).build();
    GenerationStore store = GenerationStore.inMemory();
    RolloutStrategy blueGreen = new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null);
    FleetSpec v1 = spec("ami-1", 6, blueGreen);
    FleetSpec v2 = spec("ami-2", 6, blueGreen);
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(store).lockDirectory(locks)
        .build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
    }
    // two capacity errors halve the batch down to single launches under tokens a new process does
    // not derive; the process dies before its third single launch
    cloud.faults().failNext(Operation.LAUNCH, 2, FaultKind.CAPACITY);
    AtomicInteger launches = new AtomicInteger();
    ForwardingCloudDriver dying = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        if (launches.incrementAndGet() == 5) {
          throw new KillSwitch.Killed("launch #5");
        }
        return delegate().launch(request);
      }
    };
    try (Immut immut = Immut.builder().driver(dying).clock(clock).generationStore(store).lockDirectory(locks).build()) {
      assertThatThrownBy(() -> immut.apply(v2)).isInstanceOf(KillSwitch.Killed.class);
    }
    assertThat(FaultRegressionTest.liveOf(cloud, v2.generationId())).isEqualTo(2);
    AtomicInteger peak = new AtomicInteger();
    ForwardingCloudDriver watched = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        LaunchResult r = delegate().launch(request);
        peak.accumulateAndGet((int) cloud.instances().stream().filter(InvariantMonitor::ownedByUs)
            .filter(i -> i.state().isLive()).count(), Math::max);
        return r;
      }
    };
    try (Immut immut = Immut.builder().driver(watched).clock(clock).generationStore(store).lockDirectory(locks).build()) {
      RolloutResult result = immut.apply(v2);
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.COMPLETED);
      assertThat(result.launched()).isEqualTo(4);
    }
    assertThat(peak.get()).as("owned live instances at most, blue/green of 6").isLessThanOrEqualTo(12);
    assertThat(FaultRegressionTest.liveOf(cloud, v2.generationId())).isEqualTo(6);
  }
}
