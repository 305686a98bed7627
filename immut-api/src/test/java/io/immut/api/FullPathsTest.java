package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A value built in Java names its problems by the path its spec file would have, from the fleet spec's root. */
class FullPathsTest {

  private static InvalidSpecException refusal(ThrowingCallable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction);
    assertThat(e).as("an InvalidSpecException").isNotNull();
    return e;
  }

  private static List<String> paths(ThrowingCallable construction) {
    return refusal(construction).problems().stream().map(SpecProblem::path).toList();
  }

  @Test
  void valuesWithOnePlaceInAFleetSpecReportPathsFromItsRoot() {
    assertThat(paths(() -> Capacity.fixed(-1))).containsExactly("capacity.fixed");
    assertThat(paths(() -> RolloutStrategy.rolling(Amount.of(0), Amount.of(0)))).containsExactly("strategy.rolling.maxSurge");
    assertThat(paths(() -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofSeconds(-1), null)))
        .containsExactly("strategy.blueGreen.keepPreviousFor");
    assertThat(paths(() -> new RolloutStrategy.Canary(List.of(new RolloutStrategy.CanaryStep.SetWeight(50),
        new RolloutStrategy.CanaryStep.SetWeight(10))))).containsExactly("strategy.canary.steps[1].setWeight");
    assertThat(paths(() -> new HealthCheck(Duration.ZERO, Duration.ZERO, 2, 3, Duration.ofMinutes(1), null, 80)))
        .containsExactly("generation.healthCheck.interval");
    assertThat(paths(() -> GenerationSpec.builder().image("ami-1").build())).containsExactly("generation.instanceType");
    assertThat(paths(() -> new CostPolicy(BigDecimal.ONE.negate()))).containsExactly("cost.maxHourlySpend");
    assertThat(paths(() -> new CostPolicy.IdleReaping("cpu", 1, Duration.ofMinutes(5)))).containsExactly("cost.idleReaping.metric");
    assertThat(paths(() -> Capacity.autoscaled(3, 2, ScalingPolicy.targetTracking("cpu", 50)))).containsExactly("capacity.autoscaled.max");
    assertThat(paths(() -> new StatePolicy(Map.of("Bad Name", "redis://x"), false, List.of())))
        .allMatch(p -> p.startsWith("state.bindings"));
  }

  @Test
  void theMessageShowsTheFullPathAndTheRootIsKnown() {
    InvalidSpecException e = refusal(() -> RolloutStrategy.rolling(Amount.of(0), Amount.of(0)));
    assertThat(e.root()).isEqualTo("strategy.rolling");
    assertThat(e.getMessage()).contains("\n  - strategy.rolling.maxSurge: maxSurge and maxUnavailable are both zero");
  }

  @Test
  void theFleetsCrossFieldRuleNamesTheRollingStrategy() {
    GenerationSpec g = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();
    assertThat(paths(() -> FleetSpec.builder("web").generation(g).capacity(Capacity.fixed(3))
        .strategy(RolloutStrategy.rolling(Amount.of(0), Amount.percent(10))).build()))
        .containsExactly("strategy.rolling.maxUnavailable");
  }

  @Test
  void valuesThatCanSitAtManyPlacesReportPathsRelativeToThemselves() {
    InvalidSpecException e = refusal(() -> VolumeSpec.data("data", 0, Persistence.LOCAL));
    assertThat(e.root()).isEmpty();
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactly("sizeGb");
  }
}
