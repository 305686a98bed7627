package io.immut.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@ImmutTest(bootTime = "40s")
class VirtualTimeTest {
  MemoryCloud cloud;
  VirtualClock clock;
  CloudDriver driver;

  @Test
  void advancesInStepsUntilTheConditionHolds() {
    InstanceView v = driver.launch(ImmutTestAnnotationTest.request(driver, "t", 1)).instances().get(0);

    Duration took = VirtualTime.advanceUntil(clock,
        () -> cloud.instance(v.id()).orElseThrow().state() == InstanceState.RUNNING,
        Duration.ofSeconds(15), Duration.ofMinutes(5));

    assertThat(took).isEqualTo(Duration.ofSeconds(45));
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(45));
  }

  @Test
  void returnsAtOnceWhenTheConditionAlreadyHolds() {
    assertThat(VirtualTime.advanceUntil(clock, () -> true, Duration.ofSeconds(1), Duration.ZERO)).isZero();
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START);
  }

  @Test
  void failsAtTheDeadlineWithTheClockThere() {
    Instant start = clock.now();
    assertThatThrownBy(() -> VirtualTime.advanceUntil(clock, () -> false, Duration.ofSeconds(7), Duration.ofSeconds(30)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not hold within 30s of virtual time");
    assertThat(clock.now()).isEqualTo(start.plusSeconds(30));
  }

  @Test
  void refusesAStepThatDoesNotMoveTheClock() {
    assertThatThrownBy(() -> VirtualTime.advanceUntil(clock, () -> false, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }
}
