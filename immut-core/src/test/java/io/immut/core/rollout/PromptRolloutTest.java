package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.api.HealthCheck;
import io.immut.api.InstanceId;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.state.Rules;
import io.immut.core.state.StateBlockedException;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rolling rollout notices each healthy wave at once, and inspects in batches without losing a blocker. */
class PromptRolloutTest {
  static final Duration BOOT = Duration.ofSeconds(60);
  static final Duration GRACE = Duration.ofSeconds(10);

  @TempDir
  Path locks;

  static FleetSpec spec(String image, int size, Duration interval) {
    return Scenario.withHealth(Scenario.spec(image, size),
        new HealthCheck(GRACE, interval, 1, 3, Duration.ofMinutes(10), null, 80));
  }

  @ParameterizedTest(name = "health-check interval {0} s")
  @ValueSource(ints = {5, 7, 30})
  void aHealthyWaveIsNoticedWithinASecondOfVirtualTime(int intervalSeconds) {
    Scenario s = new Scenario(locks, b -> b.bootTime(BOOT).healthyAfter(GRACE));
    Duration interval = Duration.ofSeconds(intervalSeconds);
    s.immut.apply(spec("ami-1", 8, interval));
    RolloutResult r = s.immut.apply(spec("ami-2", 8, interval));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    // 8 instances, maxSurge 25%: 4 waves, each boot + grace; the lower bound is 4 x 70 s
    Duration bound = BOOT.plus(GRACE).multipliedBy(4);
    Duration took = Duration.between(r.startedAt(), r.finishedAt());
    assertThat(took).isGreaterThanOrEqualTo(bound).isLessThan(bound.plusSeconds(1));
    assertThat(s.liveByGeneration()).hasSize(1).containsValue(8L);
  }

  /**
   * The memory cloud's driver with slow calls: each launch takes 1 s (one instance per call) and each
   * terminate 2 s, on the engine's clock, as a throttled call or a long-running operation does.
   */
  static final class SlowCalls extends ForwardingCloudDriver {
    final io.immut.core.clock.Clock clock;

    SlowCalls(io.immut.spi.CloudDriver delegate, io.immut.core.clock.Clock clock) {
      super(delegate);
      this.clock = clock;
    }

    @Override
    public io.immut.spi.Capabilities capabilities() {
      return super.capabilities().toBuilder().maxLaunchBatch(1).build();
    }

    @Override
    public io.immut.spi.LaunchResult launch(io.immut.spi.LaunchRequest request) {
      sleep(Duration.ofSeconds(1));
      return super.launch(request);
    }

    @Override
    public void terminate(Set<InstanceId> ids) {
      sleep(Duration.ofSeconds(2));
      super.terminate(ids);
    }

    private void sleep(Duration d) {
      try {
        clock.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void theEndIsDecidedAtOnceWhenTheLastInstancesToRetireTurnHealthyOverTwoSteps() {
    // the two new instances launch 1 s apart and turn healthy 1 s apart; the first old one's
    // termination takes 2 s, so the second new one passes in the step after it and its old one is
    // retired a step later: the rollout ends then, not one interval (30 s) after
    Scenario s = new Scenario(locks, b -> b.bootTime(BOOT).healthyAfter(GRACE));
    s.immut = s.newImmut(b -> b.driver(new SlowCalls(s.cloud.driver(), s.clock)));
    Duration interval = Duration.ofSeconds(30);
    io.immut.api.RolloutStrategy allAtOnce = new io.immut.api.RolloutStrategy.Rolling(io.immut.api.Amount.percent(100),
        io.immut.api.Amount.of(0));
    FleetSpec v1 = Scenario.withHealth(Scenario.spec("ami-1", 2, allAtOnce),
        new HealthCheck(GRACE, interval, 1, 3, Duration.ofMinutes(10), null, 80));
    s.immut.apply(v1);
    s.events.clear();
    FleetSpec v2 = Scenario.withHealth(Scenario.spec("ami-2", 2, allAtOnce),
        new HealthCheck(GRACE, interval, 1, 3, Duration.ofMinutes(10), null, 80));
    RolloutResult r = s.immut.apply(v2);

    assertThat(r.outcome()).as("%s", r).isEqualTo(Outcome.COMPLETED);
    List<RolloutEvent.InstancesTerminated> retired = s.events(RolloutEvent.InstancesTerminated.class);
    assertThat(retired).as("the old instances retired in two steps").hasSize(2);
    assertThat(Duration.between(retired.get(1).at(), r.finishedAt())).isLessThan(Duration.ofSeconds(1));
    assertThat(s.liveByGeneration()).hasSize(1).containsEntry(v2.generationId(), 2L);
  }

  /** The memory cloud's driver, inspecting at most two instances per call and recording each batch. */
  static final class SmallBatches extends ForwardingCloudDriver {
    final List<Set<InstanceId>> batches = new ArrayList<>();

    SmallBatches(io.immut.spi.CloudDriver delegate) {
      super(delegate);
    }

    @Override
    public io.immut.spi.Capabilities capabilities() {
      return super.capabilities().toBuilder().maxInspectBatch(2).build();
    }

    @Override
    public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
      batches.add(Set.copyOf(ids));
      return super.inspectAll(ids);
    }
  }

  @Test
  void aBlockerFoundInAnyBatchStopsApplyBeforeAnyCloudChange() {
    Scenario s = new Scenario(locks);
    SmallBatches driver = new SmallBatches(s.cloud.driver());
    s.immut = s.newImmut(b -> b.driver(driver));
    s.immut.apply(Scenario.spec("ami-1", 5));
    List<io.immut.core.memory.CloudInstance> v1 = s.live();
    io.immut.core.memory.CloudInstance last = v1.get(v1.size() - 1);
    s.cloud.mutate(last.id(), m -> m.attachVolume(50, true));
    long launches = s.cloud.calls().count(Operation.LAUNCH);
    long terminations = s.cloud.calls().count(Operation.TERMINATE);

    assertThatThrownBy(() -> s.immut.apply(Scenario.spec("ami-2", 5))).isInstanceOfSatisfying(StateBlockedException.class,
        e -> assertThat(e.report().blockers()).singleElement()
            .satisfies(f -> assertThat(f.rule()).isEqualTo(Rules.INSTANCE_VOLUME_DELETED)));
    assertThat(driver.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(2));
    Set<InstanceId> inspected = new HashSet<>();
    driver.batches.forEach(inspected::addAll);
    assertThat(inspected).containsAll(v1.stream().map(io.immut.core.memory.CloudInstance::id).toList());
    assertThat(s.cloud.calls().count(Operation.LAUNCH)).isEqualTo(launches);
    assertThat(s.cloud.calls().count(Operation.TERMINATE)).isEqualTo(terminations);
  }

  @Test
  void theMemoryCloudInspectsAThousandInstancesPerCallAndLeavesOutUnknownOnes() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    List<InstanceId> ids = new ArrayList<>(s.live().stream().map(io.immut.core.memory.CloudInstance::id).toList());
    ids.add(InstanceId.of("i-0000000000000dead"));
    long before = s.cloud.calls().count(Operation.INSPECT);
    Map<InstanceId, InstanceInspection> facts = s.cloud.driver().inspectAll(ids);
    assertThat(s.cloud.driver().capabilities().maxInspectBatch()).isEqualTo(1000);
    assertThat(facts.keySet()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
    assertThat(s.cloud.calls().count(Operation.INSPECT)).isEqualTo(before + 1);
  }
}
