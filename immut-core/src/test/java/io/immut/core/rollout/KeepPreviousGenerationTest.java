package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetStatus;
import io.immut.api.FleetSpec;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy.BlueGreen;
import io.immut.api.RolloutStrategy.Promotion;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.TrafficRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blue/green promotion keeps the previous generation running, out of service, for its
 * {@code keepPreviousFor}: {@code apply} returns at the promotion, the window is recorded in the
 * history (it survives a restart), a rollback in the window puts the previous generation back in
 * service without the target ever serving fewer instances, and the first {@code apply} after the
 * window retires it.
 */
class KeepPreviousGenerationTest {
  @TempDir
  Path locks;

  static final Duration WINDOW = Duration.ofMinutes(30);
  static final BlueGreen KEEP = new BlueGreen(Promotion.AUTOMATIC, WINDOW, null);

  @Test
  void applyReturnsAtThePromotionAndKeepsThePreviousGenerationOutOfService() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4, KEEP);
    FleetSpec v2 = Scenario.spec("ami-2", 4, KEEP);
    assertThat(s.immut.apply(v1).nextWorkDue()).isEmpty();

    RolloutResult r = s.immut.apply(v2);

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    Instant promotedAt = s.events(RolloutEvent.Promoted.class).get(1).at();
    assertThat(r.kept()).map(g -> g.name()).contains("web-v001");
    assertThat(r.nextWorkDue()).contains(promotedAt.plus(WINDOW));
    assertThat(r.duration()).isLessThan(WINDOW);
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v1.generationId(), 4L), Map.entry(v2.generationId(), 4L));
    assertThat(inService(s)).isEqualTo(idsOf(s, v2));
    assertThat(registered(s)).doesNotContainAnyElementsOf(idsOf(s, v1));

    FleetStatus status = s.immut.status("web");
    assertThat(status.live()).map(g -> g.id()).contains(v2.generationId());
    assertThat(status.kept()).map(g -> g.id()).contains(v1.generationId());
    assertThat(status.nextWorkDue()).contains(promotedAt.plus(WINDOW));
    GenerationRecord previous = s.store.byNumber("web", 1).orElseThrow();
    assertThat(previous.status()).isEqualTo(GenerationStatus.RETIRED);
    assertThat(previous.kept()).contains(promotedAt.plus(WINDOW));
    assertThat(previous.updatedAt()).isEqualTo(promotedAt);

    // within the window an apply of the same spec has nothing to do, and says when it will
    long mutating = s.cloud.calls().mutating();
    s.clock.advance(WINDOW.minusMinutes(1));
    RolloutResult again = s.immut.apply(v2);
    assertThat(again.outcome()).isEqualTo(Outcome.NO_CHANGE);
    assertThat(again.nextWorkDue()).contains(promotedAt.plus(WINDOW));
    assertThat(s.cloud.calls().mutating()).isEqualTo(mutating);
    assertThat(s.liveByGeneration()).containsKey(v1.generationId());
  }

  @Test
  void aRollbackInsideTheWindowRestoresServiceAndTheTargetNeverServesFewerInstances() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4, KEEP);
    s.immut.apply(v1);
    TrafficFloor floor = new TrafficFloor(s.cloud.driver());
    Immut watched = s.newImmut(b -> b.driver(floor));
    assertThat(watched.apply(Scenario.spec("ami-2", 4, KEEP)).outcome()).isEqualTo(Outcome.COMPLETED);
    s.clock.advance(Duration.ofMinutes(5));

    RolloutResult r = watched.rollback("web");

    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(floor.lowest()).as("in-service instances at the lowest, over %d driver calls", floor.samples())
        .isGreaterThanOrEqualTo(4);
    assertThat(floor.samples()).isGreaterThan(10);
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v1.generationId(), 4L));
    assertThat(inService(s)).isEqualTo(idsOf(s, v1));
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.ROLLED_BACK);
    assertThat(s.immut.status("web").kept()).isEmpty();
    assertThat(r.nextWorkDue()).isEmpty();
    // the old instances were put back, not relaunched
    assertThat(s.cloud.instances().stream().filter(i -> i.generationId().equals(v1.generationId()))).hasSize(4);
    assertThat(s.immut.apply(v1).outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void theFirstApplyAfterTheWindowRetiresTheKeptGeneration() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 3, KEEP);
    FleetSpec v2 = Scenario.spec("ami-2", 3, KEEP);
    s.immut.apply(v1);
    RolloutResult promoted = s.immut.apply(v2);
    s.clock.advance(Duration.between(s.clock.now(), promoted.nextWorkDue().orElseThrow()));

    RolloutResult r = s.immut.apply(v2);

    assertThat(r.outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
    assertThat(r.succeeded()).isTrue();
    assertThat(r.reason()).contains("web-v001 retired: its keep-previous window ended");
    assertThat(r.terminated()).isEqualTo(3);
    assertThat(r.launched()).isZero();
    assertThat(r.nextWorkDue()).isEmpty();
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v2.generationId(), 3L));
    assertThat(s.immut.status("web").kept()).isEmpty();
    assertThat(s.store.byNumber("web", 1).orElseThrow().kept()).isEmpty();
    assertThat(s.immut.apply(v2).outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void aNewEngineAfterARestartKnowsTheWindowFromTheHistoryAndRetiresAfterIt(@TempDir Path history) {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).build();
    FleetSpec v1 = Scenario.spec("ami-1", 3, KEEP);
    FleetSpec v2 = Scenario.spec("ami-2", 3, KEEP);
    Instant until;
    try (Immut first = engine(cloud, clock, history)) {
      first.apply(v1);
      until = first.apply(v2).nextWorkDue().orElseThrow();
    }
    clock.advance(Duration.ofMinutes(10));
    try (Immut second = engine(cloud, clock, history)) {
      assertThat(second.status("web").kept()).map(g -> g.name()).contains("web-v001");
      assertThat(second.status("web").nextWorkDue()).contains(until);
      RolloutResult within = second.apply(v2);
      assertThat(within.outcome()).isEqualTo(Outcome.NO_CHANGE);
      assertThat(within.nextWorkDue()).as("the window is not restarted").contains(until);
    }
    clock.advance(Duration.between(clock.now(), until).plusSeconds(1));
    try (Immut third = engine(cloud, clock, history)) {
      assertThat(third.apply(v2).outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
      assertThat(live(cloud, v1)).isZero();
      assertThat(live(cloud, v2)).isEqualTo(3);
      assertThat(third.status("web").nextWorkDue()).isEmpty();
    }
  }

  @Test
  void aProcessThatDiesBetweenThePromotionAndTheTrafficSwitchLeavesTheWindowToTheNextOne() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 3, KEEP);
    FleetSpec v2 = Scenario.spec("ami-2", 3, KEEP);
    s.immut.apply(v1);
    CloudDriver dying = new ForwardingCloudDriver(s.cloud.driver()) {
      @Override
      public Optional<TrafficRouter> traffic() {
        TrafficRouter router = super.traffic().orElseThrow();
        return Optional.of(new TrafficRouter() {
          @Override
          public void register(String target, Set<InstanceId> ids) {
            router.register(target, ids);
          }

          @Override
          public void deregister(String target, Set<InstanceId> ids) {
            throw new Died();
          }

          @Override
          public Map<InstanceId, TargetHealth> health(String target) {
            return router.health(target);
          }
        });
      }
    };
    Immut doomed = s.newImmut(b -> b.driver(dying));
    assertThatThrownBy(() -> doomed.apply(v2)).isInstanceOf(Died.class);
    Instant until = s.store.byNumber("web", 1).orElseThrow().kept().orElseThrow();
    assertThat(inService(s)).containsAll(idsOf(s, v1)).containsAll(idsOf(s, v2));
    s.clock.advance(Duration.ofMinutes(3));

    Immut reborn = s.newImmut(b -> { });
    RolloutResult r = reborn.apply(v2);

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.nextWorkDue()).as("the window counts from the promotion").contains(until);
    assertThat(inService(s)).isEqualTo(idsOf(s, v2));
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v1.generationId(), 3L), Map.entry(v2.generationId(), 3L));
    s.clock.advance(Duration.between(s.clock.now(), until));
    assertThat(reborn.apply(v2).outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v2.generationId(), 3L));
  }

  /**
   * The traffic floor: at every driver call of a blue/green rollout, of a rollback in its window
   * and of the retirement after it, the target has at least as many instances in service as before
   * the rollout began; and in the end exactly the desired instances of the live generation run.
   */
  @Property(tries = 40)
  void theTargetNeverServesFewerInstancesThanBeforeTheRolloutBegan(@ForAll @IntRange(min = 1, max = 6) int desired,
      @ForAll @IntRange(max = 40) int keepMinutes, @ForAll @IntRange(max = 3) int lagSeconds,
      @ForAll @IntRange(max = 50) int rollbackAfterMinutes, @ForAll boolean restart, @ForAll long seed) throws Exception {
    Path dir = Files.createTempDirectory("immut-locks");
    Scenario s = new Scenario(dir, b -> b.seed(seed).listLag(Duration.ofSeconds(lagSeconds)).bootJitter(0.2));
    BlueGreen bg = new BlueGreen(Promotion.AUTOMATIC, Duration.ofMinutes(keepMinutes), null);
    FleetSpec v1 = Scenario.spec("ami-1", desired, bg);
    FleetSpec v2 = Scenario.spec("ami-2", desired, bg);
    assertThat(s.immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
    s.clock.advance(Duration.ofMinutes(1));
    int before = inService(s).size();
    TrafficFloor floor = new TrafficFloor(s.cloud.driver());
    Immut engine = s.newImmut(b -> b.driver(floor));
    RolloutResult promoted = engine.apply(v2);
    assertThat(promoted.outcome()).isEqualTo(Outcome.COMPLETED);
    s.clock.advance(Duration.ofMinutes(rollbackAfterMinutes));
    Immut later = restart ? s.newImmut(b -> b.driver(floor)) : engine;
    boolean inWindow = promoted.nextWorkDue().map(s.clock.now()::isBefore).orElse(false);
    FleetSpec live;
    if (inWindow) {
      assertThat(later.rollback("web").outcome()).isEqualTo(Outcome.ROLLED_BACK);
      live = v1;
    } else {
      RolloutResult r = later.apply(v2);
      if (promoted.kept().isPresent()) {
        assertThat(r.outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
      } else {
        // nothing kept: at most a repair of what a lagging list hid from the rollout
        assertThat(r.outcome()).isIn(Outcome.NO_CHANGE, Outcome.COMPLETED);
      }
      live = v2;
    }
    assertThat(floor.lowest()).as("in service at the lowest (before: %d)", before).isGreaterThanOrEqualTo(before);
    assertThat(before).isEqualTo(desired);
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(live.generationId(), (long) desired));
    assertThat(later.status("web").nextWorkDue()).isEmpty();
  }

  private static Immut engine(MemoryCloud cloud, VirtualClock clock, Path history) {
    return Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.directory(history)).build();
  }

  private static long live(MemoryCloud cloud, FleetSpec spec) {
    return cloud.instances().stream().filter(i -> i.generationId().equals(spec.generationId()) && i.state().isLive()).count();
  }

  private static Set<InstanceId> idsOf(Scenario s, FleetSpec spec) {
    return s.live().stream().filter(i -> i.generationId().equals(spec.generationId())).map(CloudInstance::id)
        .collect(Collectors.toSet());
  }

  private static Set<InstanceId> registered(Scenario s) {
    return s.cloud.driver().traffic().orElseThrow().health("web").entrySet().stream()
        .filter(e -> e.getValue() != TrafficRouter.TargetHealth.DRAINING).map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  private static Set<InstanceId> inService(Scenario s) {
    return inService(s.cloud.driver());
  }

  private static Set<InstanceId> inService(CloudDriver driver) {
    return driver.traffic().orElseThrow().health("web").entrySet().stream()
        .filter(e -> e.getValue() == TrafficRouter.TargetHealth.HEALTHY).map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  /** A process dying at a driver call. */
  static final class Died extends Error {
    private static final long serialVersionUID = 1L;

    Died() {
      super("the process died");
    }
  }

  /** Samples the target's in-service instances around every driver call the engine makes. */
  static final class TrafficFloor extends ForwardingCloudDriver {
    private int lowest = Integer.MAX_VALUE;
    private int samples;

    TrafficFloor(CloudDriver delegate) {
      super(delegate);
    }

    synchronized int lowest() {
      return lowest;
    }

    synchronized int samples() {
      return samples;
    }

    private synchronized void sample() {
      samples++;
      lowest = Math.min(lowest, inService(delegate()).size());
    }

    @Override
    public List<InstanceView> list(FleetSelector selector) {
      sample();
      List<InstanceView> out = super.list(selector);
      sample();
      return out;
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
      LaunchResult out = super.launch(request);
      sample();
      return out;
    }

    @Override
    public void terminate(Set<InstanceId> ids) {
      super.terminate(ids);
      sample();
    }

    @Override
    public Optional<TrafficRouter> traffic() {
      TrafficRouter router = super.traffic().orElseThrow();
      return Optional.of(new TrafficRouter() {
        @Override
        public void register(String target, Set<InstanceId> ids) {
          router.register(target, ids);
          sample();
        }

        @Override
        public void deregister(String target, Set<InstanceId> ids) {
          router.deregister(target, ids);
          sample();
        }

        @Override
        public Map<InstanceId, TargetHealth> health(String target) {
          return router.health(target);
        }
      });
    }
  }
}
