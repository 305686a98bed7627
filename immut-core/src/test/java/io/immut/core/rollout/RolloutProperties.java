package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Amount;
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
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Whole rollouts on the in-memory cloud under drawn fleet sizes, strategies, fault schedules and
 * crash points, with the invariants of the design checked at every step of the loop: foreign
 * instances untouched, serving capacity never below its floor, no more instances than the
 * strategy allows, no traffic to an instance of the new generation before it is healthy; and at
 * the end no leak: exactly the desired instances of the live generation, nothing else, nothing
 * left behind. The same property runs under every {@link CloudBehaviour} (the cloud's codes,
 * idempotency, long-running creations, listings after delete), each with its own fixed seed.
 */
class RolloutProperties {
  private static final int TRIES = 30;

  /**
   * Found by the property below: a process dies during a rollback, right after relaunching an
   * instance of the old generation; the next process, still booting that instance, must not count
   * it as healthy capacity and terminate the only healthy one in its place.
   */
  @net.jqwik.api.Example
  void aRelaunchedOldInstanceStillWarmingUpDoesNotCountAsHealthyCapacityAfterACrash() throws Exception {
    run(CloudBehaviour.NEUTRAL, 2, 0, 1, 1, 0.06, 0.03, 0.0, 0.01, true, 0, 32, true, -3L);
  }

  @Property(tries = TRIES)
  void invariantsHoldOnTheNeutralCloud(
      @ForAll @IntRange(min = 1, max = 9) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.3) double throttled, @ForAll @DoubleRange(max = 0.2) double transientRate,
      @ForAll @DoubleRange(max = 0.3) double lostLaunches, @ForAll @DoubleRange(max = 0.3) double partial,
      @ForAll boolean bad, @ForAll @IntRange(max = 2) int lagSeconds, @ForAll @IntRange(max = 60) int crashAt,
      @ForAll boolean crashAfterEffect, @ForAll long seed) throws Exception {
    run(CloudBehaviour.NEUTRAL, desired, strategyKind, surge, unavailable, throttled, transientRate, lostLaunches,
        partial, bad, lagSeconds, crashAt, crashAfterEffect, seed);
  }

  @Property(tries = TRIES)
  void invariantsHoldOnAnEc2LikeCloud(
      @ForAll @IntRange(min = 1, max = 9) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.3) double throttled, @ForAll @DoubleRange(max = 0.2) double transientRate,
      @ForAll @DoubleRange(max = 0.3) double lostLaunches, @ForAll @DoubleRange(max = 0.3) double partial,
      @ForAll boolean bad, @ForAll @IntRange(max = 2) int lagSeconds, @ForAll @IntRange(max = 60) int crashAt,
      @ForAll boolean crashAfterEffect, @ForAll long seed) throws Exception {
    run(CloudBehaviour.EC2, desired, strategyKind, surge, unavailable, throttled, transientRate, lostLaunches,
        partial, bad, lagSeconds, crashAt, crashAfterEffect, seed);
  }

  @Property(tries = TRIES)
  void invariantsHoldOnAnAzureLikeCloud(
      @ForAll @IntRange(min = 1, max = 9) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.3) double throttled, @ForAll @DoubleRange(max = 0.2) double transientRate,
      @ForAll @DoubleRange(max = 0.3) double lostLaunches, @ForAll @DoubleRange(max = 0.3) double partial,
      @ForAll boolean bad, @ForAll @IntRange(max = 2) int lagSeconds, @ForAll @IntRange(max = 60) int crashAt,
      @ForAll boolean crashAfterEffect, @ForAll long seed) throws Exception {
    run(CloudBehaviour.AZURE, desired, strategyKind, surge, unavailable, throttled, transientRate, lostLaunches,
        partial, bad, lagSeconds, crashAt, crashAfterEffect, seed);
  }

  @Property(tries = TRIES)
  void invariantsHoldOnAGceLikeCloud(
      @ForAll @IntRange(min = 1, max = 9) int desired, @ForAll @IntRange(max = 2) int strategyKind,
      @ForAll @IntRange(max = 3) int surge, @ForAll @IntRange(max = 2) int unavailable,
      @ForAll @DoubleRange(max = 0.3) double throttled, @ForAll @DoubleRange(max = 0.2) double transientRate,
      @ForAll @DoubleRange(max = 0.3) double lostLaunches, @ForAll @DoubleRange(max = 0.3) double partial,
      @ForAll boolean bad, @ForAll @IntRange(max = 2) int lagSeconds, @ForAll @IntRange(max = 60) int crashAt,
      @ForAll boolean crashAfterEffect, @ForAll long seed) throws Exception {
    run(CloudBehaviour.GCE, desired, strategyKind, surge, unavailable, throttled, transientRate, lostLaunches,
        partial, bad, lagSeconds, crashAt, crashAfterEffect, seed);
  }

  static RolloutStrategy strategy(int strategyKind, int surge, int unavailable) {
    int s0 = surge == 0 && unavailable == 0 ? 1 : surge;
    return switch (strategyKind) {
      case 0 -> RolloutStrategy.rolling(Amount.of(s0), Amount.of(unavailable));
      case 1 -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(surge), null);
      default -> new RolloutStrategy.Canary(List.of(new RolloutStrategy.CanaryStep.SetWeight(30),
          new RolloutStrategy.CanaryStep.Pause(Duration.ofMinutes(1)), new RolloutStrategy.CanaryStep.SetWeight(70)));
    };
  }

  /** Instances immut must never touch: another owner's in the same fleet, and one with no ownership at all. */
  static List<CloudInstance> foreign(Scenario s, FleetSpec v2) {
    OwnershipKeys keys = s.cloud.ownershipKeys();
    return List.of(
        s.cloud.launchForeign(keys.encode(Ownership.of("web", v2.generationId(), "other")), "t3.micro", "ami-2"),
        s.cloud.launchForeign(Map.of("name", "web"), "t3.micro", "ami-1"));
  }

  private void run(CloudBehaviour behaviour, int desired, int strategyKind, int surge, int unavailable, double throttled,
                   double transientRate, double lostLaunches, double partial, boolean bad, int lagSeconds, int crashAt,
                   boolean crashAfterEffect, long seed) throws Exception {
    Path locks = Files.createTempDirectory("immut-locks");
    Scenario s = new Scenario(locks, b -> b.behaviour(behaviour).seed(seed).listLag(Duration.ofSeconds(lagSeconds))
        .bootJitter(0.2));
    int s0 = surge == 0 && unavailable == 0 ? 1 : surge;
    RolloutStrategy strategy = strategy(strategyKind, surge, unavailable);
    FleetSpec v1 = Scenario.spec("ami-1", desired, strategy);
    FleetSpec v2 = Scenario.spec(bad ? "ami-bad" : "ami-2", desired, strategy);
    List<CloudInstance> foreign = foreign(s, v2);
    assertThat(s.immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
    s.clock.advance(Duration.ofMinutes(1));

    s.cloud.faults().throttle(Operation.LAUNCH, throttled).throttle(Operation.TERMINATE, throttled)
        .throttle(Operation.LIST, throttled).transientErrors(Operation.LIST, transientRate)
        .lostResponses(Operation.LAUNCH, lostLaunches).partialLaunches(partial);
    if (bad) {
      s.cloud.faults().neverHealthy("ami-bad");
    }
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
      if (crashAt == 0 && lostLaunches == 0 && live.size() > ceiling) {
        violations.add(live.size() + " instances > " + ceiling + " at " + s.clock.now());
      }
      Set<InstanceId> registered = s.cloud.driver().traffic().orElseThrow().health("web").keySet();
      for (CloudInstance v : live) {
        if (v.generationId().equals(v2.generationId()) && registered.contains(v.id()) && v.health() != HealthStatus.HEALTHY) {
          violations.add("traffic to " + v.id() + " of the new generation, " + v.health());
        }
      }
    };
    RolloutResult result;
    WatchingDriver watching = new WatchingDriver(crashAt == 0 ? s.cloud.driver()
        : new CrashingDriver(s.cloud.driver(), crashAt, crashAfterEffect), check);
    Immut first = Immut.builder().driver(watching).clock(s.clock).generationStore(s.store).lockDirectory(locks).build();
    try {
      result = first.apply(v2);
    } catch (CrashingDriver.Crash crash) {
      s.clock.advance(Duration.ofSeconds(crashAt % 5));
      Immut reborn = Immut.builder().driver(new WatchingDriver(s.cloud.driver(), check)).clock(s.clock)
          .generationStore(s.store).lockDirectory(locks).build();
      result = reborn.apply(v2);
    }
    assertThat(violations).as("invariant violations on %s", behaviour).isEmpty();
    if (bad) {
      assertThat(result.outcome()).as("%s on %s", result, behaviour).isEqualTo(Outcome.ROLLED_BACK);
    } else {
      assertThat(result.succeeded()).as("%s on %s", result, behaviour).isTrue();
    }
    if (result.kept().isPresent()) {
      // the previous blue/green generation is kept out of service; the first apply after its window retires it
      s.clock.advance(Duration.between(s.clock.now(), result.nextWorkDue().orElseThrow()));
      Immut later = Immut.builder().driver(new WatchingDriver(s.cloud.driver(), check)).clock(s.clock)
          .generationStore(s.store).lockDirectory(locks).build();
      result = later.apply(bad ? v1 : v2);
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.RETIRED_PREVIOUS);
      assertThat(violations).as("invariant violations while retiring").isEmpty();
    }
    String liveGen = bad ? v1.generationId() : v2.generationId();
    assertThat(s.liveByGeneration()).as("no leak after %s on %s", result, behaviour)
        .containsExactly(Map.entry(liveGen, (long) desired));
    assertThat(s.cloud.leftovers()).as("resources left behind on %s", behaviour).isEmpty();
  }
}
