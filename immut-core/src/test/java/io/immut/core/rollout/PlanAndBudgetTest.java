package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Amount;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.cost.PriceTable;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.rollout.plan.Plan;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanAndBudgetTest {
  @TempDir
  Path locks;

  static FleetSpec budget(FleetSpec spec, String perHour) {
    return spec.toBuilder().cost(new CostPolicy(new BigDecimal(perHour))).build();
  }

  @Test
  void aRollingPlanShowsItsWavesPeakDurationAndCostAndChangesNothing() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 10));
    long mutating = s.cloud.calls().mutating();
    Plan plan = s.immut.plan(Scenario.spec("ami-2", 10));
    assertThat(s.cloud.calls().mutating()).isEqualTo(mutating);
    assertThat(s.immut.history("web")).hasSize(1);
    assertThat(plan.target().name()).isEqualTo("web-v002");
    assertThat(plan.live().name()).isEqualTo("web-v001");
    assertThat(plan.waves()).extracting(Plan.Wave::launch).containsExactly(3, 3, 3, 1, 0);
    assertThat(plan.waves()).extracting(Plan.Wave::terminate).containsExactly(0, 3, 3, 3, 1);
    assertThat(plan.totalLaunches()).isEqualTo(10);
    assertThat(plan.peakInstances()).isEqualTo(13);
    assertThat(plan.estimatedDuration()).isEqualTo(Duration.ofSeconds(4 * 50));
    assertThat(plan.currentHourlyCost()).isEqualByComparingTo("0.104");
    assertThat(plan.peakHourlyCost()).isEqualByComparingTo("0.1352");
    assertThat(plan.overlapCost()).isPositive();
    String text = plan.toText();
    assertThat(text).contains("Plan for fleet web (driver memory)").contains("web-v002").contains("+3 web-v002")
        .contains("-3 web-v001").contains("peak instances:     13 (desired 10)").contains("estimated duration: 3m20s")
        .contains("Nothing has been changed");
    // the estimate (boot hint + healthyThreshold intervals per wave) is close to what the rollout takes
    // on the virtual clock: here each instance turns healthy a few seconds after its boot hint
    RolloutResult done = s.immut.apply(Scenario.spec("ami-2", 10));
    assertThat(done.duration()).isBetween(plan.estimatedDuration(), plan.estimatedDuration().multipliedBy(11).dividedBy(10));
  }

  @Test
  void aBudgetThatCannotBePricedIsRefusedBeforeAnyChangeAndPricesGivenToTheEngineAreUsed() {
    Scenario s = new Scenario(locks, b -> b.noDefaultPrices());
    FleetSpec v1 = budget(Scenario.spec("ami-1", 3), "1.00");
    assertThatThrownBy(() -> s.immut.apply(v1)).isInstanceOf(OverBudgetException.class)
        .hasMessageContaining("fleet 'web' has a budget (cost.maxHourlySpend = 1.00)")
        .hasMessageContaining("no price is known for instance type(s) [t3.micro]")
        .hasMessageContaining("Immut.builder().prices(");
    assertThat(s.cloud.calls().mutating()).isZero();

    Immut priced = s.newImmut(b -> b.prices(PriceTable.of(java.util.Map.of("t3.micro", new BigDecimal("0.25")))));
    RolloutResult result = priced.apply(v1);
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    // 1.00/h at 0.25/h leaves room for one extra instance: the plan of v2 surges by one at a time.
    Plan plan = priced.plan(budget(Scenario.spec("ami-2", 3), "1.00"));
    assertThat(plan.peakInstances()).isEqualTo(4);
    assertThat(plan.peakHourlyCost()).isEqualByComparingTo("1.00");
  }

  @Test
  void planningTheLiveSpecShowsNoChanges() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 3);
    s.immut.apply(v1);
    Plan plan = s.immut.plan(v1);
    assertThat(plan.noChange()).isTrue();
    assertThat(plan.waves()).isEmpty();
    assertThat(plan.toText()).contains("No changes.");
  }

  @Test
  void aBlueGreenPlanDoublesTheFleetAndKeepsThePreviousGeneration() {
    Scenario s = new Scenario(locks);
    RolloutStrategy.BlueGreen bg = new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(15),
        null);
    s.immut.apply(Scenario.spec("ami-1", 4, bg));
    Plan plan = s.immut.plan(Scenario.spec("ami-2", 4, bg));
    assertThat(plan.peakInstances()).isEqualTo(8);
    assertThat(plan.waves()).extracting(Plan.Wave::launch).containsExactly(4, 0);
    // apply returns at the promotion: the window is not part of its duration, the plan says what follows
    assertThat(plan.estimatedDuration()).isLessThan(Duration.ofMinutes(15));
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("apply returns once web-v002 is promoted")
        .contains("web-v001 is kept running out of service for 15m"));
  }

  @Test
  void theBudgetCutsTheSurgeAndTheRolloutNeverSpendsMore() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = budget(Scenario.spec("ami-1", 10, RolloutStrategy.rolling(Amount.percent(50), Amount.of(0))), "0.115");
    s.immut.apply(v1);
    FleetSpec v2 = budget(Scenario.spec("ami-2", 10, RolloutStrategy.rolling(Amount.percent(50), Amount.of(0))), "0.115");
    Plan plan = s.immut.plan(v2);
    assertThat(plan.peakInstances()).isEqualTo(11);
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("cuts the surge from 5 to 1"));
    BigDecimal[] peak = {BigDecimal.ZERO};
    RolloutResult r = s.immut.apply(v2, e -> peak[0] = peak[0].max(s.cloud.hourlyCost()));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(peak[0]).isLessThanOrEqualTo(new BigDecimal("0.115"));
  }

  @Test
  void aBudgetWithNoRoomForSurgeReplacesInPlaceWhenTheSpecAllowsUnavailability() {
    Scenario s = new Scenario(locks);
    RolloutStrategy st = RolloutStrategy.rolling(Amount.percent(25), Amount.of(1));
    s.immut.apply(budget(Scenario.spec("ami-1", 10, st), "0.104"));
    BigDecimal[] peak = {BigDecimal.ZERO};
    RolloutResult r = s.immut.apply(budget(Scenario.spec("ami-2", 10, st), "0.104"),
        e -> peak[0] = peak[0].max(s.cloud.hourlyCost()));
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(peak[0]).isLessThanOrEqualTo(new BigDecimal("0.104"));
  }

  @Test
  void aBudgetThatLeavesNoWayToReplaceIsRefusedBeforeAnyChange() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 10));
    long mutating = s.cloud.calls().mutating();
    FleetSpec v2 = budget(Scenario.spec("ami-2", 10), "0.104");
    assertThatThrownBy(() -> s.immut.plan(v2)).isInstanceOf(OverBudgetException.class)
        .hasMessageContaining("maxUnavailable is 0").hasMessageContaining("raise the budget to at least 0.1144");
    assertThatThrownBy(() -> s.immut.apply(v2)).isInstanceOf(OverBudgetException.class);
    assertThat(s.cloud.calls().mutating()).isEqualTo(mutating);
  }

  @Test
  void aBlueGreenOverBudgetIsRefusedWithASuggestionToRoll() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 10));
    FleetSpec bg = budget(Scenario.spec("ami-2", 10, new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC,
        Duration.ZERO, null)), "0.15");
    assertThatThrownBy(() -> s.immut.plan(bg)).isInstanceOf(OverBudgetException.class)
        .hasMessageContaining("blue/green").hasMessageContaining("use a rolling strategy");
  }
}
