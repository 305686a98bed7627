package io.immut.api;

import static io.immut.api.SpecAssertions.fullPathsOf;
import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.RolloutStrategy.CanaryStep;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutStrategyTest {

  @Test
  void theDefaultNeverDropsCapacity() {
    assertThat(RolloutStrategy.DEFAULT.maxSurge()).isEqualTo(Amount.percent(25));
    assertThat(RolloutStrategy.DEFAULT.maxUnavailable().isZero()).isTrue();
  }

  @Test
  void rollingWithBothZeroCouldNeverMakeProgress() {
    SpecProblem p = onlyProblemOf(() -> RolloutStrategy.rolling(Amount.of(0), Amount.percent(0)));
    assertThat(fullPathsOf(() -> RolloutStrategy.rolling(Amount.of(0), Amount.percent(0))))
        .containsExactly("strategy.rolling.maxSurge");
    assertThat(p.problem()).contains("both zero");
    assertThat(p.allowed()).isEqualTo("maxSurge > 0 or maxUnavailable > 0");
  }

  @Test
  void rollingNeedsBothAmounts() {
    assertThat(pathsOf(() -> new RolloutStrategy.Rolling(null, null))).containsExactly("maxSurge", "maxUnavailable");
  }

  @Test
  void rollingWithOnlyUnavailabilityIsAllowed() {
    assertThat(RolloutStrategy.rolling(Amount.of(0), Amount.of(1)).maxUnavailable()).isEqualTo(Amount.of(1));
  }

  @Test
  void blueGreenRules() {
    assertThat(pathsOf(() -> new RolloutStrategy.BlueGreen(null, null, null))).containsExactly("promotion", "keepPreviousFor");
    assertThat(pathsOf(() -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.MANUAL, Duration.ofMinutes(-1), null)))
        .containsExactly("keepPreviousFor");
    assertThat(pathsOf(() -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.MANUAL, Duration.ZERO, "Smoke Test")))
        .containsExactly("validator");
    RolloutStrategy.BlueGreen ok = new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, "smoke");
    assertThat(ok.validation()).contains("smoke");
    assertThat(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null).validation()).isEmpty();
  }

  @Test
  void aCanaryWeightMayNotDecrease() {
    SpecProblem p = onlyProblemOf(() -> new RolloutStrategy.Canary(List.of(new CanaryStep.SetWeight(10),
        new CanaryStep.Pause(Duration.ofMinutes(5)), new CanaryStep.SetWeight(50), new CanaryStep.SetWeight(20))));
    assertThat(p.path()).isEqualTo("steps[3].setWeight");
    assertThat(p.problem()).isEqualTo("20% is below the previous step's 50%");
  }

  @Test
  void equalCanaryWeightsAreAllowed() {
    assertThat(new RolloutStrategy.Canary(List.of(new CanaryStep.SetWeight(10), new CanaryStep.SetWeight(10))).steps())
        .hasSize(2);
  }

  @Test
  void aCanaryNeedsSteps() {
    assertThat(onlyProblemOf(() -> new RolloutStrategy.Canary(List.of())).path()).isEqualTo("steps");
    assertThat(onlyProblemOf(() -> new RolloutStrategy.Canary(null)).problem()).isEqualTo("is empty");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -10, 101})
  void canaryWeightOutOfRange(int weight) {
    assertThat(onlyProblemOf(() -> new CanaryStep.SetWeight(weight)).path()).isEqualTo("setWeight");
  }

  @Test
  void aPauseMustBePositive() {
    assertThat(onlyProblemOf(() -> new CanaryStep.Pause(Duration.ZERO)).path()).isEqualTo("pause");
    assertThat(onlyProblemOf(() -> new CanaryStep.Pause(null)).problem()).isEqualTo("is missing");
  }

  @Test
  void anAnalysisNeedsAValidName() {
    assertThat(onlyProblemOf(() -> new CanaryStep.Analyse("Error Rate")).path()).isEqualTo("analyse");
    assertThat(onlyProblemOf(() -> new CanaryStep.Analyse(null)).problem()).isEqualTo("is missing");
  }

  @Test
  void blueGreenIsBuiltWithTheDefaultsOfASpecFile() {
    RolloutStrategy.BlueGreen b = RolloutStrategy.blueGreen().build();
    assertThat(b).isEqualTo(new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null));
    RolloutStrategy.BlueGreen manual = RolloutStrategy.blueGreen().promotion(RolloutStrategy.Promotion.MANUAL)
        .keepPreviousFor(Duration.ofMinutes(15)).validator("smoke").build();
    assertThat(manual.promotion()).isEqualTo(RolloutStrategy.Promotion.MANUAL);
    assertThat(manual.keepPreviousFor()).isEqualTo(Duration.ofMinutes(15));
    assertThat(manual.validation()).hasValue("smoke");
    assertThat(manual.toBuilder().validator(null).build().validation()).isEmpty();
  }

  @Test
  void strategiesBuiltInJavaReportFullPaths() {
    assertThat(fullPathsOf(() -> RolloutStrategy.blueGreen().promotion(null).keepPreviousFor(Duration.ofMinutes(-1))
        .validator("Smoke Test").build()))
        .containsExactly("strategy.blueGreen.promotion", "strategy.blueGreen.keepPreviousFor", "strategy.blueGreen.validator");
    assertThat(fullPathsOf(() -> RolloutStrategy.canary(CanaryStep.setWeight(50), CanaryStep.setWeight(20)))).singleElement().asString()
        .isEqualTo("strategy.canary.steps[1].setWeight");
    assertThat(fullPathsOf(() -> RolloutStrategy.canary())).singleElement().asString().isEqualTo("strategy.canary.steps");
  }

  @Test
  void canaryStepsHaveFactories() {
    assertThat(RolloutStrategy.canary(CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(5)), CanaryStep.analyse("errors"))
        .steps()).containsExactly(new CanaryStep.SetWeight(10), new CanaryStep.Pause(Duration.ofMinutes(5)),
            new CanaryStep.Analyse("errors"));
    assertThat(RolloutStrategy.canary(List.of(CanaryStep.setWeight(100))).steps()).hasSize(1);
  }

  @Test
  void aMissingCanaryStepOrAnalysisNameIsAProblemNotANullPointer() {
    assertThat(fullPathsOf(() -> RolloutStrategy.canary(java.util.Arrays.asList(CanaryStep.setWeight(10), null,
        CanaryStep.setWeight(5))))).containsExactly("strategy.canary.steps[1]", "strategy.canary.steps[2].setWeight");
    assertThat(fullPathsOf(() -> RolloutStrategy.canary((List<CanaryStep>) null))).containsExactly("strategy.canary.steps");
    assertThatThrownBy(() -> CanaryStep.analyse(null)).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("analyse: is missing");
  }
}
