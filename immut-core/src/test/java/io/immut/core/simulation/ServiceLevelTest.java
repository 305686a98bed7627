package io.immut.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceLevelTest {

  @Test
  @DisplayName("unserved fraction and minutes above 90% checked by hand")
  void byHand() {
    // capacity 10: ready capacity 20, 15, 20, 0, 30
    double[] demand = {10, 20, 30, 0, 28};
    double[] ready = {2, 1.5, 2, 0, 3};
    ServiceLevel s = ServiceLevel.of(demand, ready, 10);
    assertThat(s.totalDemand()).isEqualTo(88);
    assertThat(s.unserved()).isCloseTo(5 + 10, within(1e-9));
    assertThat(s.unservedFraction()).isCloseTo(15 / 88.0, within(1e-12));
    // 20 > 13.5, 30 > 18, 28 > 27; not 10 > 18, not 0 > 0
    assertThat(s.stepsAbove90()).isEqualTo(3);
    assertThat(s.stepsShort()).isEqualTo(2);
  }

  @Test
  @DisplayName("no demand is fully served")
  void noDemand() {
    assertThat(ServiceLevel.of(new double[] {0, 0}, new double[] {0, 1}, 5).unservedFraction()).isZero();
  }
}
