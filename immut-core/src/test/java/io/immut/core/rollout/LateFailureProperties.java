package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.memory.CloudBehaviour;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Rollouts on the clouds whose creation is a long-running operation (AZURE, GCE), with launches the
 * cloud accepts and then fails for lack of capacity: the engine takes the capacity path (deletes
 * what failed, backs off, relaunches one for one or rolls back with the reason), never mistakes a
 * failed instance for a lost one to relaunch under a new token again and again, and leaks nothing.
 */
class LateFailureProperties {

  @Property(tries = 25)
  void aLateCapacityFailureOnAzureTakesTheCapacityPath(
      @ForAll @IntRange(min = 1, max = 8) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.6) double lateRate, @ForAll @IntRange(min = 5, max = 120) int failsAfterSeconds,
      @ForAll @DoubleRange(max = 0.2) double throttled, @ForAll @IntRange(max = 2) int lagSeconds,
      @ForAll long seed) throws Exception {
    run(CloudBehaviour.AZURE, desired, strategyKind, surge, unavailable, lateRate, failsAfterSeconds, throttled,
        lagSeconds, seed);
  }

  @Property(tries = 25)
  void aLateCapacityFailureOnGceTakesTheCapacityPath(
      @ForAll @IntRange(min = 1, max = 8) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.6) double lateRate, @ForAll @IntRange(min = 5, max = 120) int failsAfterSeconds,
      @ForAll @DoubleRange(max = 0.2) double throttled, @ForAll @IntRange(max = 2) int lagSeconds,
      @ForAll long seed) throws Exception {
    run(CloudBehaviour.GCE, desired, strategyKind, surge, unavailable, lateRate, failsAfterSeconds, throttled,
        lagSeconds, seed);
  }

  /** Records the instances the engine saw FAILED, by their failure. */
  private static final class FailureLog extends ForwardingCloudDriver {
    final Map<InstanceId, LaunchFailure> failed = new java.util.concurrent.ConcurrentHashMap<>();

    FailureLog(io.immut.spi.CloudDriver delegate) {
      super(delegate);
    }

    @Override
    public List<InstanceView> list(FleetSelector selector) {
      return record(super.list(selector));
    }

    @Override
    public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
      return record(super.list(selector, states));
    }

    private List<InstanceView> record(List<InstanceView> views) {
      for (InstanceView v : views) {
        v.failure().ifPresent(f -> failed.put(v.id(), f));
      }
      return views;
    }
  }

  private void run(CloudBehaviour behaviour, int desired, int strategyKind, int surge, int unavailable, double lateRate,
                   int failsAfterSeconds, double throttled, int lagSeconds, long seed) throws Exception {
    Path locks = Files.createTempDirectory("immut-locks");
    Scenario s = new Scenario(locks, b -> b.behaviour(behaviour).seed(seed).listLag(Duration.ofSeconds(lagSeconds))
        .bootJitter(0.2));
    RolloutStrategy strategy = RolloutProperties.strategy(strategyKind, surge, unavailable);
    int s0 = surge == 0 && unavailable == 0 ? 1 : surge;
    FleetSpec v1 = Scenario.spec("ami-1", desired, strategy);
    FleetSpec v2 = Scenario.spec("ami-2", desired, strategy);
    List<CloudInstance> foreign = RolloutProperties.foreign(s, v2);
    assertThat(s.immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
    s.clock.advance(Duration.ofMinutes(1));
    // every launch of the new generation is in danger; the first one certainly fails late
    s.cloud.faults().lateLaunchFailures(lateRate).failNextLaunchesLate(1)
        .lateFailureAfter(Duration.ofSeconds(failsAfterSeconds))
        .throttle(Operation.LAUNCH, throttled).throttle(Operation.LIST, throttled);
    int floor = strategyKind == 0 ? desired - unavailable : desired;
    int ceiling = strategyKind == 0 ? desired + s0 : 2 * desired;
    List<String> violations = new ArrayList<>();
    Runnable check = () -> {
      for (CloudInstance f : foreign) {
        if (!s.cloud.instance(f.id()).orElseThrow().state().isLive()) {
          violations.add("foreign instance " + f.id() + " was touched");
        }
      }
      List<CloudInstance> live = s.live();
      long serving = live.stream().filter(v -> v.state() == InstanceState.RUNNING && v.health() == HealthStatus.HEALTHY).count();
      if (serving < floor) {
        violations.add("serving " + serving + " < floor " + floor + " at " + s.clock.now());
      }
      if (live.size() > ceiling) {
        violations.add(live.size() + " instances > " + ceiling + " at " + s.clock.now());
      }
    };
    FailureLog log = new FailureLog(s.cloud.driver());
    Immut immut = Immut.builder().driver(new WatchingDriver(log, check)).clock(s.clock).generationStore(s.store)
        .lockDirectory(locks).build();
    RolloutResult result = immut.apply(v2);

    assertThat(violations).as("invariant violations on %s", behaviour).isEmpty();
    assertThat(log.failed).as("late failures the engine saw on %s", behaviour).isNotEmpty()
        .allSatisfy((id, f) -> assertThat(f.reason()).isEqualTo(LaunchFailure.Reason.CAPACITY));
    Set<InstanceId> failedIds = new HashSet<>(log.failed.keySet());
    assertThat(s.cloud.instances()).as("FAILED instances left undeleted on %s", behaviour)
        .noneMatch(i -> i.state() == InstanceState.FAILED);
    String ownerKey = s.cloud.ownershipKeys().owner();
    long v2Healthy = s.cloud.instances().stream().filter(i -> "immut".equals(i.tags().get(ownerKey)))
        .filter(i -> v2.generationId().equals(i.generationId()) && !failedIds.contains(i.id())).count();
    assertThat(v2Healthy).as("instances of v2 launched that did not fail (one for one: no relaunch storm) on %s, %s",
        behaviour, result).isLessThanOrEqualTo(desired);
    if (result.kept().isPresent()) {
      // a promoted blue/green keeps the previous generation out of service; the first apply after its window retires it
      s.clock.advance(Duration.between(s.clock.now(), result.nextWorkDue().orElseThrow()));
      RolloutResult retired = immut.apply(v2);
      assertThat(retired.outcome()).as("%s on %s", retired, behaviour).isEqualTo(Outcome.RETIRED_PREVIOUS);
      assertThat(violations).as("invariant violations while retiring on %s", behaviour).isEmpty();
    }
    if (result.succeeded()) {
      assertThat(s.liveByGeneration()).as("fleet after %s on %s", result, behaviour)
          .containsExactly(Map.entry(v2.generationId(), (long) desired));
    } else {
      assertThat(result.outcome()).as("%s on %s", result, behaviour).isIn(Outcome.ROLLED_BACK, Outcome.FAILED);
      assertThat(log.failed.values()).as("why %s on %s: %s", result.outcome(), behaviour, result.reason())
          .anySatisfy(f -> assertThat(result.reason()).contains(f.message()));
      assertThat(s.liveByGeneration()).as("fleet after %s on %s", result, behaviour)
          .containsExactly(Map.entry(v1.generationId(), (long) desired));
    }
    assertThat(s.cloud.leftovers()).as("resources left behind on %s", behaviour).isEmpty();
  }
}
