package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.time.Duration;
import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.TrafficRouter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules of issue-level fixes that the harness does not draw (traffic at promotion, the API
 * around a rollout, histories, first generations), one test each, each failing before its fix.
 */
class RolloutRulesRegressionTest {

  @Test
  void theLastEventOfARolledBackRolloutSaysSoAndItsDurationReadsAsInSpecs() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(6).build();
    cloud.faults().neverHealthy("ami-bad");
    java.util.List<io.immut.core.rollout.RolloutEvent> events = new java.util.ArrayList<>();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).listener(events::add).build()) {
      immut.apply(FaultRegressionTest.blueGreen("ami-1", 2));
      events.clear();
      var result = immut.apply(FaultRegressionTest.blueGreen("ami-bad", 2));
      assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
      assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(io.immut.core.rollout.RolloutEvent.Finished.class,
          f -> assertThat(f.result().outcome()).isEqualTo(Outcome.ROLLED_BACK));
      assertThat(result.toString()).doesNotContain("PT").containsPattern("in \\d+m\\d+s");
    }
    assertThat(io.immut.api.Durations.formatRounded(Duration.parse("PT5M10.151958263S"))).isEqualTo("5m10s");
    assertThat(io.immut.api.Durations.formatRounded(Duration.parse("PT1.2504S"))).isEqualTo("1s250ms");
  }

  @Test
  void atPromotionTheNewGenerationIsInServiceBeforeTheOldLeavesAndNothingIsDeregisteredTwice() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).build();
    TrafficRouter lb = cloud.driver().traffic().orElseThrow();
    java.util.List<Integer> serving = new java.util.ArrayList<>();
    java.util.List<InstanceId> deregistered = new java.util.ArrayList<>();
    ForwardingCloudDriver watched = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public Optional<TrafficRouter> traffic() {
        return Optional.of(new TrafficRouter() {
          @Override
          public void register(String target, Set<InstanceId> ids) {
            lb.register(target, ids);
            serving.add(inService(target));
          }

          @Override
          public void deregister(String target, Set<InstanceId> ids) {
            lb.deregister(target, ids);
            deregistered.addAll(ids);
            serving.add(inService(target));
          }

          @Override
          public Map<InstanceId, TargetHealth> health(String target) {
            return lb.health(target);
          }

          private int inService(String target) {
            return (int) lb.health(target).values().stream().filter(h -> h == TargetHealth.HEALTHY).count();
          }
        });
      }
    };
    FleetSpec v1 = FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType(FaultScenario.TYPE)
        .build()).capacity(Capacity.fixed(4)).strategy(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC,
            Duration.ofMinutes(2), null)).build();
    FleetSpec v2 = v1.toBuilder().generation(v1.generation().toBuilder().image("ami-2").build()).build();
    try (Immut immut = Immut.builder().driver(watched).clock(clock).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      serving.clear();
      assertThat(immut.apply(v2).outcome()).isEqualTo(Outcome.COMPLETED);
    }
    assertThat(serving).as("in service after each traffic call").isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(4));
    assertThat(deregistered).as("deregistered ids").doesNotHaveDuplicates().hasSize(4);
  }

  @Test
  void cancellingTheFutureOfApplyAsyncAbortsTheRolloutAndRollsItBack() throws Exception {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(8).build();
    FleetSpec v1 = FaultRegressionTest.spec(3, RolloutStrategy.rolling(io.immut.api.Amount.of(1), io.immut.api.Amount.of(0)), 100);
    FleetSpec v2 = v1.toBuilder().generation(v1.generation().toBuilder().image("ami-2").build()).build();
    java.util.concurrent.CountDownLatch launched = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<io.immut.core.rollout.RolloutResult> finished =
        new java.util.concurrent.CompletableFuture<>();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      var future = immut.applyAsync(v2, e -> {
        if (e instanceof io.immut.core.rollout.RolloutEvent.InstancesLaunched && launched.getCount() > 0) {
          launched.countDown();
          try {
            cancelled.await();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }
        if (e instanceof io.immut.core.rollout.RolloutEvent.Finished f) {
          finished.complete(f.result());
        }
      });
      launched.await();
      assertThat(future.cancel(true)).isTrue();
      cancelled.countDown();
      var result = finished.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(future).isCancelled();
      assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
      assertThat(FaultRegressionTest.liveOf(cloud, v2.generationId())).isZero();
      assertThat(FaultRegressionTest.liveOf(cloud, v1.generationId())).isEqualTo(3);
    }
  }

  @Test
  void aCanaryOnAFleetsFirstGenerationGoesStraightToFullSizeThroughTheHealthGate() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(9).build();
    AtomicInteger analyses = new AtomicInteger();
    FleetSpec canary = FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType(FaultScenario.TYPE)
        .build()).capacity(Capacity.fixed(4)).strategy(new RolloutStrategy.Canary(java.util.List.of(
            new RolloutStrategy.CanaryStep.SetWeight(25), new RolloutStrategy.CanaryStep.Analyse("errors"),
            new RolloutStrategy.CanaryStep.SetWeight(50)))).build();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).canaryAnalysis("errors", ctx -> {
      analyses.incrementAndGet();
      return ctx.baseline().isEmpty() ? io.immut.core.rollout.Verdict.fail("no baseline")
          : io.immut.core.rollout.Verdict.pass("ok");
    }).build()) {
      assertThat(immut.plan(canary).notes()).anySatisfy(n -> assertThat(n).startsWith("first generation"));
      assertThat(immut.apply(canary).outcome()).isEqualTo(Outcome.COMPLETED);
      assertThat(analyses).hasValue(0);
      assertThat(FaultRegressionTest.liveOf(cloud, canary.generationId())).isEqualTo(4);
    }
  }

  @Test
  void twoEnginesWithTheirOwnHistoriesOnOneCloudDoNotBothReportCompleted() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(10).build();
    FleetSpec a = FaultRegressionTest.blueGreen("ami-1", 4);
    FleetSpec b = FaultRegressionTest.blueGreen("ami-2", 4);
    try (Immut first = Immut.builder().driver(cloud.driver()).clock(clock).build();
         Immut second = Immut.builder().driver(cloud.driver()).clock(clock).build()) {
      assertThat(first.apply(a).outcome()).isEqualTo(Outcome.COMPLETED);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.apply(b))
          .isInstanceOf(io.immut.api.ImmutException.class)
          .hasMessageContaining("this engine's generation history has no record of the fleet")
          .hasMessageContaining(a.generationId()).hasMessageContaining("Nothing was changed");
    }
    assertThat(FaultRegressionTest.liveOf(cloud, a.generationId())).isEqualTo(4);
    assertThat(FaultRegressionTest.liveOf(cloud, b.generationId())).isZero();
  }

  @Test
  void aGenerationLifecycleOfItsOwnIsNotWarnedAboutAsAVolatileHistory() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(11).build();
    ForwardingCloudDriver shared = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public io.immut.spi.CloudScope scope() {
        return new io.immut.spi.CloudScope("aws:123456789012:eu-west-1", false);
      }
    };
    org.junit.jupiter.api.Assumptions.assumeTrue(org.slf4j.LoggerFactory.getLogger(Immut.class).isWarnEnabled(),
        "the test logging is at WARN (simplelogger.properties)");
    io.immut.core.port.GenerationLifecycle lifecycle = new io.immut.core.internal.local.StoreGenerationLifecycle(
        io.immut.core.history.GenerationStore.directory(java.nio.file.Path.of("target", "lifecycle-history")));
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      Immut.builder().driver(shared).clock(clock).generationLifecycle(lifecycle).build().close();
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString()).doesNotContain("history is in memory");
  }

  @Test
  void aVolatileHistoryOnACloudThatOutlivesTheProcessIsWarnedAboutAtBuild() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(11).build();
    ForwardingCloudDriver shared = new ForwardingCloudDriver(cloud.driver()) {
      @Override
      public io.immut.spi.CloudScope scope() {
        return new io.immut.spi.CloudScope("aws:123456789012:eu-west-1", false);
      }
    };
    org.junit.jupiter.api.Assumptions.assumeTrue(org.slf4j.LoggerFactory.getLogger(Immut.class).isWarnEnabled(),
        "the test logging is at WARN (simplelogger.properties)");
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      Immut.builder().driver(shared).clock(clock).build().close();
      Immut.builder().driver(cloud.driver()).clock(clock).build().close();
      Immut.builder().driver(shared).clock(clock).generationStore(io.immut.core.history.GenerationStore.inMemory()).build()
          .close();
    } finally {
      System.setErr(err);
    }
    String log = captured.toString();
    assertThat(log).containsOnlyOnce("the generation history is in memory").contains("aws:123456789012:eu-west-1")
        .contains("GenerationStore.directory");
  }

  @Test
  void throttlingThatOutlastsTheRetriesBeforeTheRolloutIsARolloutErrorNotARawDriverException() {
    for (io.immut.core.memory.Operation op : java.util.List.of(io.immut.core.memory.Operation.LIST,
        io.immut.core.memory.Operation.RESOLVE_IMAGE)) {
      VirtualClock clock = new VirtualClock();
      MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(12).build();
      try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).build()) {
        assertThat(immut.apply(FaultRegressionTest.blueGreen("ami-1", 2)).outcome()).isEqualTo(Outcome.COMPLETED);
        cloud.faults().throttle(op, 1.0);
        long mutating = cloud.calls().mutating();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> immut.apply(FaultRegressionTest.blueGreen("ami-2", 2)))
            .as("throttled %s", op).isInstanceOf(io.immut.api.ImmutException.class).isNotInstanceOf(DriverException.class)
            .hasMessageContaining("nothing was changed");
        assertThat(cloud.calls().mutating()).isEqualTo(mutating);
      }
    }
  }

  @Test
  void aManualBlueGreenNotPromotedWithinItsDeadlineIsRolledBackInsteadOfWaitingForever() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(13).build();
    FleetSpec v1 = FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType(FaultScenario.TYPE)
        .build()).capacity(Capacity.fixed(2)).strategy(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.MANUAL,
            Duration.ZERO, null)).build();
    FleetSpec v2 = v1.toBuilder().generation(v1.generation().toBuilder().image("ami-2").build()).build();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).promotionDeadline(Duration.ofMinutes(30)).build()) {
      assertThat(immut.apply(FaultRegressionTest.blueGreen("ami-1", 2)).outcome()).isEqualTo(Outcome.COMPLETED);
      java.time.Instant start = clock.now();
      var result = immut.apply(v2);
      assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
      assertThat(result.reason()).contains("not promoted within 30m");
      assertThat(Duration.between(start, clock.now())).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(40));
      assertThat(FaultRegressionTest.liveOf(cloud, FaultRegressionTest.blueGreen("ami-1", 2).generationId())).isEqualTo(2);
      assertThat(FaultRegressionTest.liveOf(cloud, v2.generationId())).isZero();
    }
  }
}
