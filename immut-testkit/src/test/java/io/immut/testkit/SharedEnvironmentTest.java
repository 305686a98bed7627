package io.immut.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A static field: one environment for the whole class; instance fields get the same one. */
@ImmutTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedEnvironmentTest {
  static MemoryCloud cloud;
  static MemoryCloud fromBeforeAll;
  VirtualClock clock;
  CloudDriver driver;

  @BeforeAll
  static void receivesTheClassEnvironment(MemoryCloud param) {
    fromBeforeAll = param;
  }

  @Test
  @Order(1)
  void launchesIntoTheSharedCloud() {
    assertThat(fromBeforeAll).isSameAs(cloud);
    assertThat(clock).isSameAs(cloud.clock());
    driver.launch(ImmutTestAnnotationTest.request(driver, "shared", 2));
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  @Order(2)
  void seesWhatTheFirstTestLaunched() {
    assertThat(cloud.instances()).hasSize(2);
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(1)));
  }
}
