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
}
