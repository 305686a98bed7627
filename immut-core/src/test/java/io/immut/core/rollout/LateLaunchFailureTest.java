package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Placement;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances the cloud accepts and then reports FAILED (as Azure and GCE do, minutes after the call):
 * the rollout takes the launch-failure path, deletes what is left of them, and never mistakes them
 * for lost instances.
 */
class LateLaunchFailureTest {
  private static final Duration FAILS_AFTER = Duration.ofSeconds(30);

  @TempDir
  Path locks;

  /** Which launched instances fail late, and why (null: none). */
  @FunctionalInterface
  interface Verdict {
    LaunchFailure of(LaunchRequest request, int launch, InstanceView instance);
  }

  /**
   * The memory cloud behind a driver that makes chosen launches fail late: their instances are
   * reported FAILED from 30 s after the launch (and taken out of the cloud), until the engine
   * deletes them.
   */
  static final class LateFailures extends ForwardingCloudDriver {
    private final Scenario s;
    private final Verdict verdict;
    private final Map<InstanceId, LaunchFailure> failing = new ConcurrentHashMap<>();
    private final Map<InstanceId, Instant> failAt = new ConcurrentHashMap<>();
    final Set<InstanceId> deletedByEngine = ConcurrentHashMap.newKeySet();
    final List<Instant> launchTimes = Collections.synchronizedList(new ArrayList<>());
    final List<List<String>> launchZones = Collections.synchronizedList(new ArrayList<>());
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private int launches;

    LateFailures(Scenario s, Verdict verdict) {
      super(s.cloud.driver());
      this.s = s;
      this.verdict = verdict;
    }

    @Override
    public synchronized LaunchResult launch(LaunchRequest request) {
      launchTimes.add(s.clock.now());
      launchZones.add(request.spec().placement().zones());
      tokens.add(request.token().value());
      LaunchResult r = super.launch(request);
      int n = launches++;
      for (InstanceView v : r.instances()) {
        LaunchFailure f = verdict.of(request, n, v);
        if (f != null) {
          failing.put(v.id(), f);
          failAt.put(v.id(), s.clock.now().plus(FAILS_AFTER));
        }
      }
      return r;
    }

    @Override
    public List<InstanceView> list(FleetSelector selector) {
      return rewrite(super.list(selector));
    }

    @Override
    public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
      return rewrite(super.list(selector)).stream().filter(v -> states.contains(v.state())).toList();
    }

    private List<InstanceView> rewrite(List<InstanceView> views) {
      List<InstanceView> out = new ArrayList<>(views.size());
      Set<InstanceId> toStop = new HashSet<>();
      for (InstanceView v : views) {
        LaunchFailure f = failing.get(v.id());
        if (f != null && !deletedByEngine.contains(v.id()) && !s.clock.now().isBefore(failAt.get(v.id()))) {
          if (v.state().isLive()) {
            toStop.add(v.id());
          }
          out.add(v.toBuilder().state(InstanceState.FAILED).health(io.immut.api.HealthStatus.UNKNOWN).failure(f).build());
        } else {
          out.add(v);
        }
      }
      if (!toStop.isEmpty()) {
        super.terminate(toStop); // the cloud gave up on them: they hold no capacity
      }
      return out;
    }

    @Override
    public void terminate(Set<InstanceId> ids) {
      for (InstanceId id : ids) {
        if (failing.containsKey(id)) {
          deletedByEngine.add(id);
        }
      }
      super.terminate(ids);
    }

    Set<InstanceId> failed() {
      return failing.keySet();
    }
  }

  private static FleetSpec zoned(String image, int size) {
    FleetSpec spec = Scenario.spec(image, size, RolloutStrategy.rolling(io.immut.api.Amount.of(2), io.immut.api.Amount.of(0)));
    return spec.toBuilder().generation(spec.generation().toBuilder().placement(Placement.zones("z-a", "z-b")).build()).build();
  }

  @Test
  void lateCapacityFailuresAreDeletedBackedOffAndRelaunchedInTheOtherZone() {
    Scenario s = new Scenario(locks, b -> b.zones("z-a", "z-b"));
    s.immut.apply(zoned("ami-1", 4));
    // the first two launches of the new generation fail late for capacity
    LateFailures driver = new LateFailures(s, (request, n, v) -> n < 2 && "z-a".equals(v.zone())
        && request.image().id().equals("ami-2") ? LaunchFailure.capacity("ZONE_RESOURCE_POOL_EXHAUSTED in z-a") : null);
    Immut immut = s.newImmut(b -> b.driver(driver));
    FleetSpec v2 = zoned("ami-2", 4);
    RolloutResult r = immut.apply(v2);
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 4L));
    assertThat(driver.failed()).isNotEmpty();
    assertThat(driver.deletedByEngine).as("every failed instance deleted by the engine").containsAll(driver.failed());
    assertThat(s.events(RolloutEvent.InstancesTerminated.class)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("failed launch"));
    // after the first failure was seen: no launch during the backoff, then launches away from the failed zone
    Instant seen = s.events(RolloutEvent.InstancesTerminated.class).stream().filter(e -> e.reason().equals("failed launch"))
        .map(RolloutEvent::at).min(Instant::compareTo).orElseThrow();
    List<Integer> after = new ArrayList<>();
    for (int i = 0; i < driver.launchTimes.size(); i++) {
      Instant t = driver.launchTimes.get(i);
      // the backoff (15 s) counts from the decision, a few rate-limited milliseconds before the termination's event
      assertThat(t.isAfter(seen) && t.isBefore(seen.plusSeconds(14))).as("a launch during the backoff at " + t).isFalse();
      if (t.isAfter(seen)) {
        after.add(i);
      }
    }
    assertThat(after).isNotEmpty().allMatch(i -> driver.launchZones.get(i).equals(List.of("z-b")));
  }

  @Test
  void aLateQuotaFailureStopsTheRolloutAndRollsBackWithTheReason() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    LateFailures driver = new LateFailures(s, (request, n, v) -> request.image().id().equals("ami-2")
        ? LaunchFailure.quota("regional cores quota of 24 reached") : null);
    Immut immut = s.newImmut(b -> b.driver(driver));
    RolloutResult r = immut.apply(Scenario.spec("ami-2", 3));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("regional cores quota of 24 reached").contains("raise the quota");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(Scenario.spec("ami-1", 3).generationId(), 3L));
    assertThat(driver.deletedByEngine).containsAll(driver.failed());
    assertThat(immut.history("web").get(1).status()).isEqualTo(io.immut.core.history.GenerationStatus.FAILED);
  }

  @Test
  void aLateImageFailureStopsTheRolloutWithTheReason() {
    Scenario s = new Scenario(locks);
    LateFailures driver = new LateFailures(s, (request, n, v) ->
        new LaunchFailure(LaunchFailure.Reason.IMAGE, "image ami-9 is for arm64, the type is x86_64"));
    Immut immut = s.newImmut(b -> b.driver(driver));
    RolloutResult r = immut.apply(Scenario.spec("ami-9", 2));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("is for arm64");
    assertThat(driver.failed()).isNotEmpty();
    assertThat(driver.deletedByEngine).containsAll(driver.failed());
    assertThat(s.live()).isEmpty();
  }
}
