package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FleetSpecTest {
  private static final GenerationSpec GEN = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();

  private static FleetSpec.Builder valid(String name) {
    return FleetSpec.builder(name).generation(GEN).capacity(Capacity.fixed(4));
  }

  @Test
  void defaultsForStrategyStateAndCost() {
    FleetSpec spec = valid("web").build();
    assertThat(spec.strategy()).isEqualTo(RolloutStrategy.DEFAULT);
    assertThat(spec.state()).isEqualTo(StatePolicy.NONE);
    assertThat(spec.cost()).isEqualTo(CostPolicy.NONE);
    assertThat(spec.generationId()).isEqualTo(GEN.id());
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Web", "1web", "web_app", "web.app", "-web", ""})
  void namesThatAreNotValidTagValues(String name) {
    SpecProblem p = onlyProblemOf(() -> valid(name).build());
    assertThat(p.path()).isEqualTo("name");
    assertThat(p.allowed()).isEqualTo(Names.FLEET_ALLOWED);
    assertThat(Names.isValidFleetName(name)).isFalse();
  }

  @Test
  void aNameOfMoreThan40CharactersIsRefused() {
    assertThat(pathsOf(() -> valid("w".repeat(41)).build())).containsExactly("name");
    assertThat(valid("w".repeat(40)).build().name()).hasSize(40);
  }

  @Test
  void missingNameGenerationAndCapacity() {
    assertThat(pathsOf(() -> FleetSpec.builder(null).build())).containsExactly("name", "generation", "capacity");
  }

  @Test
  void amountsThatBothResolveToZeroForTheCapacityAreRefused() {
    SpecProblem p = onlyProblemOf(() -> valid("web").capacity(Capacity.fixed(3))
        .strategy(RolloutStrategy.rolling(Amount.of(0), Amount.percent(25))).build());
    assertThat(p.path()).isEqualTo("strategy.rolling.maxUnavailable");
    assertThat(p.problem()).contains("25% of 3 instances rounds down to 0");
  }

  @Test
  void theSameAmountsAreFineForALargerCapacity() {
    assertThat(valid("web").capacity(Capacity.fixed(4))
        .strategy(RolloutStrategy.rolling(Amount.of(0), Amount.percent(25))).build().capacity().desired()).isEqualTo(4);
  }

  @Test
  void anEmptyFleetHasNothingToReplace() {
    assertThat(valid("web").capacity(Capacity.fixed(0))
        .strategy(RolloutStrategy.rolling(Amount.of(0), Amount.percent(25))).build().capacity().desired()).isZero();
  }

  @Test
  void everyProblemAtOnce() {
    assertThat(pathsOf(() -> new FleetSpec("Web", null, null, null, null, null, null)))
        .containsExactly("name", "generation", "capacity");
  }
}
