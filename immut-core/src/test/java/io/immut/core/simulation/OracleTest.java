package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OracleTest {

  // demand 10, 25, 25, 5, 30 at 10 per instance: needs 1, 3, 3, 1, 3
  private final DemandTrace tiny = DemandTrace.of(Instant.EPOCH, Duration.ofMinutes(1), 10, 25, 25, 5, 30);

  @Test
  @DisplayName("the oracle runs ceil(demand / capacity) per minute and pays the boot delay of every launch")
  void oracleByHand() {
    Oracle o = Oracle.of(tiny, 10, Duration.ofMinutes(2));
    assertThat(o.instanceSteps()).isEqualTo(1 + 3 + 3 + 1 + 3);
    assertThat(o.launches()).isEqualTo(1 + 2 + 0 + 0 + 2);
    assertThat(o.peakInstances()).isEqualTo(3);
    // 11 instance-minutes + 5 launches x 2 minutes = 21 minutes
    assertThat(o.instanceHours()).isCloseTo(21 / 60.0, within(1e-12));
  }

  @Test
  @DisplayName("the lower bound keeps an instance through a dip shorter than a boot")
  void lowerBoundByHand() {
    Oracle o = Oracle.of(tiny, 10, Duration.ofMinutes(2));
    // level 1: one interval, one boot (2). Levels 2 and 3: boot (2) + a 1-minute dip kept (1).
    assertThat(o.lowerBoundInstanceHours()).isCloseTo((11 + 2 + 3 + 3) / 60.0, within(1e-12));
    assertThat(o.lowerBoundInstanceHours()).isLessThan(o.instanceHours());
  }

  @Test
  @DisplayName("without a boot delay the oracle is the sum of the per-minute need")
  void noBoot() {
    Oracle o = Oracle.of(tiny, 10, Duration.ZERO);
    assertThat(o.instanceHours()).isCloseTo(11 / 60.0, within(1e-12));
    assertThat(o.lowerBoundInstanceHours()).isCloseTo(11 / 60.0, within(1e-12));
  }

  @Test
  @DisplayName("a demand of exactly k capacities needs k instances; zero demand needs none")
  void needed() {
    assertThat(Oracle.needed(405, 20.25)).isEqualTo(20);
    assertThat(Oracle.needed(405.01, 20.25)).isEqualTo(21);
    assertThat(Oracle.needed(0, 20.25)).isZero();
  }
}
