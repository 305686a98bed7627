package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.BlueGreen;
import io.immut.api.RolloutStrategy.Canary;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.api.RolloutStrategy.Promotion;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueGreenAndCanaryScenarioTest {
  @TempDir
  Path locks;

  static final BlueGreen AUTO = new BlueGreen(Promotion.AUTOMATIC, Duration.ofMinutes(15), null);

  private static Set<InstanceId> registered(Scenario s) {
    TrafficRouter router = s.cloud.driver().traffic().orElseThrow();
    return router.health("web").keySet();
  }

  @Test
  void blueGreenLaunchesTheWholeGenerationBesideTheOldAndShiftsTrafficAfterTheGate() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 4, AUTO);
    s.immut.apply(v1);
    assertThat(registered(s)).hasSize(4);
    FleetSpec v2 = Scenario.spec("ami-2", 4, AUTO);
    int[] peak = {0};
    boolean[] trafficBeforeGate = {false};
    RolloutResult r = s.immut.apply(v2, e -> {
      peak[0] = Math.max(peak[0], s.live().size());
      boolean promoted = !s.events(RolloutEvent.Promoted.class).isEmpty()
          && s.events(RolloutEvent.Promoted.class).stream().anyMatch(p -> p.generation().equals("web-v002"));
      Set<InstanceId> reg = registered(s);
      boolean newRegistered = s.live().stream().anyMatch(v -> v.imageId().equals("ami-2") && reg.contains(v.id()));
      if (newRegistered && !promoted) {
        trafficBeforeGate[0] = true;
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(peak[0]).isEqualTo(8);
    assertThat(trafficBeforeGate[0]).isFalse();
    // apply returns at the promotion; the previous generation runs on, out of service, for keepPreviousFor
    assertThat(s.liveByGeneration()).containsOnly(Map.entry(v2.generationId(), 4L), Map.entry(v1.generationId(), 4L));
    Set<InstanceId> newIds = s.live().stream().filter(v -> v.generationId().equals(v2.generationId()))
        .map(io.immut.core.memory.CloudInstance::id).collect(Collectors.toSet());
    assertThat(s.cloud.driver().traffic().orElseThrow().health("web").entrySet().stream()
        .filter(e -> e.getValue() == TrafficRouter.TargetHealth.HEALTHY).map(Map.Entry::getKey)).containsExactlyInAnyOrderElementsOf(newIds);
    RolloutEvent.Promoted promoted = s.events(RolloutEvent.Promoted.class).get(1);
    RolloutEvent.Finished done = s.events(RolloutEvent.Finished.class).get(1);
    assertThat(Duration.between(promoted.at(), done.at())).isLessThan(Duration.ofMinutes(15));
    assertThat(r.nextWorkDue()).contains(promoted.at().plus(Duration.ofMinutes(15)));
    s.clock.advance(Duration.ofMinutes(15));
    assertThat(s.immut.apply(v2).outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 4L));
  }

  @Test
  void manualPromotionWaitsForPromote() throws Exception {
    Scenario s = new Scenario(locks);
    BlueGreen manual = new BlueGreen(Promotion.MANUAL, Duration.ZERO, null);
    s.immut.apply(Scenario.spec("ami-1", 3, manual).toBuilder().strategy(AUTO).build());
    CountDownLatch awaiting = new CountDownLatch(1);
    FleetSpec v2 = Scenario.spec("ami-2", 3, manual);
    CompletableFuture<RolloutResult> f = s.immut.applyAsync(v2, e -> {
      if (e instanceof RolloutEvent.AwaitingPromotion) {
        awaiting.countDown();
      }
    });
    assertThat(awaiting.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(f).isNotDone();
    assertThat(s.liveByGeneration()).hasSize(2);
    s.immut.promote("web");
    RolloutResult r = f.get(20, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 3L));
  }

  @Test
  void aSecondApplyOnABusyFleetFailsClearly() throws Exception {
    Scenario s = new Scenario(locks);
    BlueGreen manual = new BlueGreen(Promotion.MANUAL, Duration.ZERO, null);
    CountDownLatch awaiting = new CountDownLatch(1);
    CompletableFuture<RolloutResult> f = s.immut.applyAsync(Scenario.spec("ami-1", 2, manual), e -> {
      if (e instanceof RolloutEvent.AwaitingPromotion) {
        awaiting.countDown();
      }
    });
    assertThat(awaiting.await(20, TimeUnit.SECONDS)).isTrue();
    Immut other = s.newImmut(b -> { });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.apply(Scenario.spec("ami-2", 2)))
        .isInstanceOf(FleetBusyException.class).hasMessageContaining("fleet 'web' is busy");
    s.immut.abort("web");
    RolloutResult r = f.get(20, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(Outcome.ABORTED);
    assertThat(s.live()).isEmpty();
    assertThat(other.apply(Scenario.spec("ami-2", 2)).outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void aFailingValidatorRollsBackBeforeAnyTrafficMoves() {
    Scenario s = new Scenario(locks);
    s.immut = s.newImmut(b -> b.validator("smoke", ctx -> ctx.generationId().isEmpty() ? Verdict.pass("") 
        : ctx.instances().size() == 3 && ctx.fleet().equals("web") && isSecond(s, ctx.generationId())
        ? Verdict.fail("GET / answered 500") : Verdict.pass("ok")));
    BlueGreen validated = new BlueGreen(Promotion.AUTOMATIC, Duration.ZERO, "smoke");
    FleetSpec v1 = Scenario.spec("ami-1", 3, validated);
    s.immut.apply(v1);
    Set<InstanceId> before = registered(s);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 3, validated));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("validator 'smoke' failed: GET / answered 500");
    assertThat(registered(s)).isEqualTo(before);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 3L));
  }

  private static boolean isSecond(Scenario s, String generationId) {
    return s.store.find("web", generationId).map(r -> r.generation().number() == 2).orElse(false);
  }

  @Test
  void rollbackDuringKeepPreviousSwitchesBack() {
    Scenario s = new Scenario(locks);
    BlueGreen keep = new BlueGreen(Promotion.AUTOMATIC, Duration.ofMinutes(30), null);
    FleetSpec v1 = Scenario.spec("ami-1", 3, keep);
    s.immut.apply(v1);
    // apply returns at the promotion: the rollback needs no second thread
    assertThat(s.immut.apply(Scenario.spec("ami-2", 3, keep)).outcome()).isEqualTo(Outcome.COMPLETED);
    RolloutResult r = s.immut.rollback("web");
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.launched()).isZero();
    assertThat(s.liveByGeneration()).containsOnlyKeys(v1.generationId());
    assertThat(s.immut.history("web")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.ROLLED_BACK);
  }

  static Canary canary(CanaryStep... steps) {
    return new Canary(List.of(steps));
  }

  @Test
  void canaryGrowsByStepsPausesAnalysesThenRollsOutFully() {
    Scenario s = new Scenario(locks);
    List<CanaryAnalysis.Context> seen = new java.util.ArrayList<>();
    s.immut = s.newImmut(b -> b.canaryAnalysis("errors", ctx -> {
      seen.add(ctx);
      return Verdict.pass("error rate 0.1% vs 0.1%");
    }));
    Canary c = canary(new CanaryStep.SetWeight(20), new CanaryStep.Pause(Duration.ofMinutes(5)),
        new CanaryStep.Analyse("errors"), new CanaryStep.SetWeight(50), new CanaryStep.Analyse("errors"));
    s.immut.apply(Scenario.spec("ami-1", 10, c));
    seen.clear();
    FleetSpec v2 = Scenario.spec("ami-2", 10, c);
    RolloutResult r = s.immut.apply(v2);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(seen).extracting(x -> x.canary().size()).containsExactly(2, 5);
    assertThat(seen).extracting(x -> x.baseline().size()).containsExactly(8, 5);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 10L));
    assertThat(s.events(RolloutEvent.CanaryStepStarted.class).stream().filter(e -> true).count()).isGreaterThanOrEqualTo(5);
    assertThat(r.duration()).isGreaterThan(Duration.ofMinutes(5));
  }

  @Test
  void aFailedCanaryAnalysisRollsBack() {
    Scenario s = new Scenario(locks);
    s.immut = s.newImmut(b -> b.canaryAnalysis("errors", ctx -> Verdict.fail("error rate 5% vs 0.1%")));
    Canary c = canary(new CanaryStep.SetWeight(25), new CanaryStep.Analyse("errors"));
    FleetSpec v1 = Scenario.spec("ami-1", 8, RolloutStrategy.DEFAULT);
    s.immut.apply(v1);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 8, c));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("canary analysis 'errors' failed: error rate 5%");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 8L));
  }

  @Test
  void anInconclusiveAnalysisWaitsForPromote() {
    Scenario s = new Scenario(locks);
    s.immut = s.newImmut(b -> b.canaryAnalysis("errors", ctx -> Verdict.inconclusive("too little traffic")));
    Canary c = canary(new CanaryStep.SetWeight(25), new CanaryStep.Analyse("errors"));
    s.immut.apply(Scenario.spec("ami-1", 4, RolloutStrategy.DEFAULT));
    FleetSpec v2 = Scenario.spec("ami-2", 4, c);
    // whoever watches the events promotes, on the rollout's own thread, so virtual time cannot run past the deadline
    RolloutResult r = s.immut.apply(v2, e -> {
      if (e instanceof RolloutEvent.AwaitingPromotion) {
        s.immut.promote("web");
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.events(RolloutEvent.AwaitingPromotion.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("inconclusive: too little traffic"));
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 4L));
  }

  @Test
  void anInconclusiveAnalysisNobodyPromotesIsRolledBackAtTheDeadline() {
    Scenario s = new Scenario(locks);
    s.immut = s.newImmut(b -> b.canaryAnalysis("errors", ctx -> Verdict.inconclusive("too little traffic")));
    Canary c = canary(new CanaryStep.SetWeight(25), new CanaryStep.Analyse("errors"));
    FleetSpec v1 = Scenario.spec("ami-1", 4, RolloutStrategy.DEFAULT);
    s.immut.apply(v1);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-2", 4, c));
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.reason()).contains("inconclusive").contains("not promoted within 10m");
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v1.generationId(), 4L));
  }

  @Test
  void aSpecNamingAnUnregisteredHookIsRefusedBeforeAnyChange() {
    Scenario s = new Scenario(locks);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            s.immut.apply(Scenario.spec("ami-1", 2, canary(new CanaryStep.SetWeight(50), new CanaryStep.Analyse("latency")))))
        .hasMessageContaining("canary analysis 'latency' (strategy.steps[1].analyse)");
    assertThat(s.cloud.calls().mutating()).isZero();
  }
}
