package io.immut.api;

import static io.immut.api.SpecAssertions.onlyProblemOf;
import static io.immut.api.SpecAssertions.pathsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Capacity, placement, state and cost policies. */
class PoliciesTest {

  @Test
  void fixedCapacityRange() {
    assertThat(Capacity.fixed(0).desired()).isZero();
    assertThat(Capacity.fixed(100_000).desired()).isEqualTo(100_000);
    assertThat(onlyProblemOf(() -> Capacity.fixed(-1))).satisfies(p -> {
      assertThat(p.path()).isEmpty();
      assertThat(p.problem()).isEqualTo("-1 is out of range");
    });
    assertThat(pathsOf(() -> Capacity.fixed(100_001))).containsExactly("");
  }

  @Test
  void placementZonesMustBeDistinctAndNotBlank() {
    assertThat(pathsOf(() -> Placement.zones("a", " ", "a"))).containsExactly("zones[1]", "zones");
    assertThat(Placement.zones("eu-west-1a").zones()).containsExactly("eu-west-1a");
  }

  @Test
  void stateBindingsNeedValidNamesAndValues() {
    assertThat(pathsOf(() -> new StatePolicy(Map.of("Sessions", "redis://x"), false, List.of())))
        .containsExactly("bindings.Sessions");
    assertThat(onlyProblemOf(() -> new StatePolicy(Map.of("sessions", " "), false, List.of())).problem())
        .isEqualTo("is empty");
  }

  @Test
  void acknowledgementsNeedRuleSubjectAndReason() {
    assertThat(pathsOf(() -> new StatePolicy.Acknowledgement(null, null, null))).containsExactly("rule", "subject", "reason");
    assertThat(pathsOf(() -> new StatePolicy.Acknowledgement(" ", "*", " "))).containsExactly("rule", "reason");
    assertThat(new StatePolicy.Acknowledgement("volume.local-data", "*", "scratch only").subject()).isEqualTo("*");
  }

  @Test
  void theBudgetMustBePositive() {
    assertThat(onlyProblemOf(() -> new CostPolicy(BigDecimal.ZERO)).path()).isEqualTo("maxHourlySpend");
    assertThat(onlyProblemOf(() -> new CostPolicy(new BigDecimal("-1.5"))).problem()).isEqualTo("-1.5 is not positive");
    assertThat(new CostPolicy(new BigDecimal("12.50")).budget()).contains(new BigDecimal("12.50"));
    assertThat(CostPolicy.NONE.budget()).isEmpty();
  }

  @Test
  void problemsMoveUnderAParentPath() {
    SpecProblem p = new SpecProblem("sizeGb", "0 is out of range", "1 to 65536");
    assertThat(p.under("generation.volumes[1]").path()).isEqualTo("generation.volumes[1].sizeGb");
    assertThat(new SpecProblem("[2].name", "x", "y").under("volumes").path()).isEqualTo("volumes[2].name");
    assertThat(new SpecProblem("", "x", "y").under("generation.image").path()).isEqualTo("generation.image");
    assertThat(p.under("")).isSameAs(p);
    assertThat(p).hasToString("sizeGb: 0 is out of range (allowed: 1 to 65536)");
  }

  @Test
  void theExceptionListsEveryProblem() {
    InvalidSpecException e = new InvalidSpecException("fleet spec 'web'",
        List.of(new SpecProblem("name", "a", "b"), new SpecProblem("capacity", "c", "d")));
    assertThat(e).hasMessageContaining("Invalid fleet spec 'web': 2 problems")
        .hasMessageContaining("\n  - name: a (allowed: b)")
        .hasMessageContaining("\n  - capacity: c (allowed: d)");
    assertThat(e.problems()).hasSize(2);
  }
}
