package io.immut.core.rollout.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {

  @Test
  void aPlanWithoutItsRequiredFieldsSaysWhichAreMissing() {
    assertThatThrownBy(() -> Plan.builder().fleet("web").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a plan needs driver, target, estimatedDuration: call driver(...), target(...), estimatedDuration(...) on the builder");
  }

  @Test
  void nullElementsAreRefusedWithTheirList() {
    assertThatThrownBy(() -> Plan.builder().notes(Arrays.asList("a", null)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a plan needs fleet");
    assertThatThrownBy(() -> Plan.builder().fleet("web").driver("memory")
        .target(new io.immut.api.Generation("web", 1, "16f31990b5"))
        .estimatedDuration(java.time.Duration.ZERO).notes(Arrays.asList("a", null)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("notes contain null");
  }
}
