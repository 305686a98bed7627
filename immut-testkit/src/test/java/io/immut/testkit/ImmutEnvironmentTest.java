package io.immut.testkit;

import static io.immut.testkit.ImmutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.core.Immut;
import io.immut.core.memory.Operation;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The environment without JUnit's help: built, used, closed. */
class ImmutEnvironmentTest {

  @Test
  void buildsANewCloudAndClockEachTime() {
    ImmutEnvironment.Builder settings = ImmutEnvironment.builder().seed(9).owner("team-a");
    try (ImmutEnvironment a = settings.build(); ImmutEnvironment b = settings.build()) {
      Assertions.assertThat(a.cloud()).isNotSameAs(b.cloud());
      Assertions.assertThat(a.clock()).isNotSameAs(b.clock());
      Assertions.assertThat(a.owner()).isEqualTo("team-a");
    }
  }

  @Test
  void runsARolloutAndClosesTheEngineWithIt() {
    ImmutEnvironment env = ImmutEnvironment.builder().quota(10).build();
    Immut immut = env.immut();
    Assertions.assertThat(env.immut()).isSameAs(immut);

    assertThat(immut.apply(ImmutInjectionTest.web("ami-1", 3))).isCompleted();
    assertThat(immut.status("web")).hasHealthyInstances(3);

    env.close();
    env.close();
    Assertions.assertThat(env.isClosed()).isTrue();
    assertThatThrownBy(env::immut).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void appliesRatesToEveryOperation() {
    try (ImmutEnvironment env = ImmutEnvironment.builder().throttleRate(1).build()) {
      assertThatThrownBy(() -> env.driver().list(new FleetSelector("web", "o")))
          .isInstanceOf(DriverException.Throttled.class);
      Assertions.assertThat(env.cloud().calls().count(Operation.LIST)).isEqualTo(1);
    }
  }

  @Test
  void refusesRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> ImmutEnvironment.builder().unhealthyRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unhealthyRate is a fraction from 0 to 1, got 1.5");
    assertThatThrownBy(() -> ImmutEnvironment.builder().quota(-1)).hasMessageContaining("quota");
  }

  @Test
  void bootsWithTheGivenTimes() {
    try (ImmutEnvironment env = ImmutEnvironment.builder().bootTime(Duration.ofMinutes(2)).healthyAfter(Duration.ZERO)
        .build()) {
      env.immut().apply(ImmutInjectionTest.web("ami-1", 1));
      Assertions.assertThat(env.clock().now()).isAfterOrEqualTo(io.immut.core.clock.VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(2)));
    }
  }
}
