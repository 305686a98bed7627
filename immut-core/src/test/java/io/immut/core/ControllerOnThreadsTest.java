package io.immut.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.core.clock.Clock;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.FleetHealth;
import io.immut.core.controller.FleetState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller on its own threads (the system clock; an in-memory cloud whose instances boot in
 * a fifth of a second): many fleets on a small pool all reconciled, a change of every spec rolled
 * out with no double launch, a lost instance replaced, leases released at shutdown. The waits are
 * bounded; nothing is asserted about how long anything took (that is the benchmark's job).
 */
class ControllerOnThreadsTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path locks;

  private static FleetSpec spec(String fleet, String image) {
    HealthCheck fast = HealthCheck.builder().gracePeriod(Duration.ZERO).interval(Duration.ofMillis(100)).healthyThreshold(1)
        .progressDeadline(Duration.ofMinutes(1)).build();
    return FleetSpec.builder(fleet).generation(GenerationSpec.builder().image(image).instanceType("t3.micro").healthCheck(fast)
        .build()).capacity(Capacity.fixed(2)).build();
  }

  private static ControllerHealth await(FleetController c, Predicate<ControllerHealth> done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ControllerHealth h = c.health();
    while (!done.test(h)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what + "\n" + h.toText());
      }
      Thread.sleep(50);
      h = c.health();
    }
    return h;
  }

  @Test
  void aManualPromotionReachesTheRolloutAndARemovedFleetsRolloutStopsAndFreesItsLease() throws InterruptedException {
    ControllerScene s = new ControllerScene(locks, Clock.system(), b -> b.bootTime(Duration.ofMillis(100))
        .healthyAfter(Duration.ofMillis(50)).shutdownTime(Duration.ofMillis(20)));
    Immut immut = s.immut();
    io.immut.api.RolloutStrategy manual = new io.immut.api.RolloutStrategy.BlueGreen(
        io.immut.api.RolloutStrategy.Promotion.MANUAL, Duration.ZERO, null);
    FleetController c = immut.controller().interval(Duration.ofMillis(200)).threads(1).rolloutThreads(2)
        .leaseTtl(Duration.ofSeconds(10)).build();
    try {
      c.put(spec("web", "ami-1"));
      c.put(spec("api", "ami-1"));
      c.start();
      // the second generation, blue/green with a manual promotion, waits for one
      await(c, h -> h.fleets().stream().allMatch(f -> f.state() == FleetState.RECONCILED), "both live");
      c.put(spec("web", "ami-2").toBuilder().strategy(manual).build());
      c.put(spec("api", "ami-2").toBuilder().strategy(manual).build());
      await(c, h -> s.live("web").size() == 4 && s.live("api").size() == 4, "both waiting for their promotion");
      c.promote("web");
      await(c, h -> h.fleet("web").map(f -> "web-v002".equals(f.liveGeneration()) && f.state() == FleetState.RECONCILED)
          .orElse(false), "web promoted");
      assertThat(c.health().fleet("api").orElseThrow().state()).isEqualTo(FleetState.ROLLING_OUT);
      assertThat(c.remove("api")).isTrue();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (immut.fleetEngine().leases().isLeased(immut.fleetEngine().key("api"))) {
        assertThat(System.nanoTime()).as("api's lease released").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(c.health().fleet("api")).isEmpty();
    } finally {
      c.close();
    }
    // another engine finishes what the removed fleet's rollout left: its lease is free at once
    io.immut.core.rollout.RolloutResult r = s.immut().apply(spec("api", "ami-1"));
    assertThat(r.succeeded()).as("%s", r).isTrue();
  }

  @Test
  void manyFleetsOnASmallPoolAreAllReconciledRolledOutAndRepaired() throws InterruptedException {
    ControllerScene s = new ControllerScene(locks, Clock.system(), b -> b.bootTime(Duration.ofMillis(200))
        .healthyAfter(Duration.ofMillis(100)).shutdownTime(Duration.ofMillis(50)));
    Immut immut = s.immut();
    List<String> fleets = IntStream.range(0, 40).mapToObj(i -> "f" + i).toList();
    FleetController c = immut.controller().interval(Duration.ofMillis(300)).threads(2).rolloutThreads(4)
        .leaseTtl(Duration.ofSeconds(10)).build();
    try {
      fleets.forEach(f -> c.put(spec(f, "ami-1")));
      c.start();
      await(c, h -> h.fleets().stream().allMatch(f -> f.state() == FleetState.RECONCILED && f.instances() == 2
          && f.liveGeneration() != null && f.liveGeneration().endsWith("v001")), "every fleet live");

      // every fleet is reconciled again, on two threads
      Instant mark = immut.clock().now();
      ControllerHealth again = await(c, h -> h.fleets().stream().allMatch(f -> f.lastReconciledAt().isAfter(mark)),
          "every fleet reconciled after " + mark);
      assertThat(again.fleets()).allMatch(f -> f.lastOutcome().equals("NO_CHANGE") && f.lease()
          == io.immut.core.controller.LeaseState.HELD);

      fleets.forEach(f -> c.put(spec(f, "ami-2")));
      await(c, h -> h.fleets().stream().allMatch(f -> f.state() == FleetState.RECONCILED && "v002".equals(
          f.liveGeneration() == null ? null : f.liveGeneration().substring(f.liveGeneration().length() - 4))
          && f.instances() == 2), "every fleet rolled out");
      for (String f : fleets) {
        String v2 = spec(f, "ami-2").generationId();
        assertThat(s.live(f)).as(f).hasSize(2).allMatch(v -> v.generationId().equals(v2));
        assertThat(s.everLaunched(f, v2)).as("%s launched once", f).isEqualTo(2);
      }

      var lost = s.live("f7").get(0);
      s.cloud.kill(lost.id());
      await(c, h -> s.live("f7").size() == 2 && s.live("f7").stream().noneMatch(v -> v.id().equals(lost.id())), "f7 repaired");
    } finally {
      assertThat(c.shutdown(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(fleets).noneMatch(f -> immut.fleetEngine().leases().isLeased(immut.fleetEngine().key(f)));
    assertThat(c.health().running()).isFalse();
    assertThat(c.health().fleets()).extracting(FleetHealth::consecutiveErrors).containsOnly(0);
  }

  @Test
  void aRolloutRefusedAtItsFirstStepIsTriedAgainAfterABackoffNotInATightLoop() throws InterruptedException {
    // virtual time stands still unless the test moves it: a retry due "now" would run again and
    // again on the real threads; a retry after a backoff waits until the clock is moved
    ControllerScene s = new ControllerScene(locks);
    // the fleet cannot even be listed: the rollout is refused before its generation is recorded
    s.cloud.faults().fail(io.immut.core.memory.Operation.LIST, io.immut.core.memory.FaultKind.AUTH, 1.0);
    Immut immut = s.immut();
    FleetController c = immut.controller().interval(Duration.ofSeconds(15)).threads(1).rolloutThreads(1)
        .listener(s.events::add).build();
    Predicate<io.immut.core.controller.ControllerEvent.Reconciled> failedWeb = e -> e.fleet().equals("web")
        && e.outcome() == io.immut.core.controller.ControllerEvent.Outcome.FAILED;
    try {
      c.put(spec("web", "ami-1"));
      c.start();
      await(c, h -> h.fleet("web").map(f -> f.consecutiveErrors() == 1).orElse(false), "the first rollout failed");
      Thread.sleep(500);
      assertThat(s.events(io.immut.core.controller.ControllerEvent.Reconciled.class)).filteredOn(failedWeb)
          .as("tried once while the clock stood still").hasSize(1);
      FleetHealth first = c.health().fleet("web").orElseThrow();
      assertThat(first.state()).isEqualTo(FleetState.FAILING);
      assertThat(first.lastError()).containsIgnoringCase("auth");

      // the backoff after one failure is at most a second: then it is tried again
      s.virtual().advance(Duration.ofSeconds(1));
      await(c, h -> h.fleet("web").map(f -> f.consecutiveErrors() == 2).orElse(false), "tried again after the backoff");
      // the second waits longer, and never more than the interval
      s.virtual().advance(Duration.ofMillis(900));
      Thread.sleep(300);
      assertThat(c.health().fleet("web").orElseThrow().consecutiveErrors()).as("not yet: the backoff doubled").isEqualTo(2);
      s.virtual().advance(Duration.ofSeconds(15));
      await(c, h -> h.fleet("web").map(f -> f.consecutiveErrors() == 3).orElse(false), "tried again within the interval");

      // the cloud answers again: the next try rolls the fleet out and the failures end
      s.cloud.faults().clear();
      s.virtual().advance(Duration.ofSeconds(15));
      await(c, h -> h.fleet("web").map(f -> f.consecutiveErrors() == 0 && f.liveGeneration() != null).orElse(false),
          "rolled out once the cloud answers");
    } finally {
      c.close();
    }
  }
}
