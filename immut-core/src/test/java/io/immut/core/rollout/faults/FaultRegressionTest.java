package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One test per class of failure the fault harness found, each failing before its fix: the
 * scenario seeds replay the harness's own findings; the explicit tests say the rule in a few lines.
 */
class FaultRegressionTest {

  static void assertKeepsEveryInvariant(long seed) {
    FaultSweep.Pair p = FaultSweep.pair(seed);
    assertThat(p.clean().violations()).as("clean run of %s", p.scenario().describe()).isEmpty();
    assertThat(p.killed().violations()).as("run of %s killed at %s", p.scenario().describe(), p.killed().killedAt())
        .isEmpty();
  }

  static FleetSpec spec(int size, RolloutStrategy strategy, int budgetInstances) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image("ami-1").instanceType(FaultScenario.TYPE).build())
        .capacity(Capacity.fixed(size)).strategy(strategy)
        .cost(new CostPolicy(FaultScenario.PRICE.multiply(BigDecimal.valueOf(budgetInstances)))).build();
  }

  @Test
  void aFirstGenerationRunsNothingBesideItSoItsSteadySizeAloneMustFitTheBudget() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(1).build();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).build()) {
      assertThat(immut.apply(spec(4, new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ZERO, null), 4))
          .outcome()).isEqualTo(Outcome.COMPLETED);
    }
    VirtualClock clock2 = new VirtualClock();
    MemoryCloud cloud2 = MemoryCloud.builder().clock(clock2).seed(1).build();
    try (Immut immut = Immut.builder().driver(cloud2.driver()).clock(clock2).build()) {
      assertThat(immut.apply(spec(3, RolloutStrategy.rolling(io.immut.api.Amount.of(1), io.immut.api.Amount.of(0)), 3))
          .outcome()).isEqualTo(Outcome.COMPLETED);
    }
  }

  @Test
  void leftoversOfACrashedBlueGreenRolloutDoNotMakeTheNextApplyOverBudget() {
    assertKeepsEveryInvariant(20261292L);
  }
}
