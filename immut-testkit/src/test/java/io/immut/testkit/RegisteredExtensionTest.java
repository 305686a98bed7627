package io.immut.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.Immut;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutEvent;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings by API: the builder's own settings, the cloud's builder and its faults. */
class RegisteredExtensionTest {
  static final List<RolloutEvent> EVENTS = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final ImmutExtension IMMUT = ImmutExtension.with(ImmutEnvironment.builder()
      .seed(3)
      .start(Instant.parse("2030-06-01T00:00:00Z"))
      .cloud(c -> c.capacity("t3.micro", 2).price("t3.micro", new BigDecimal("0.5")))
      .faults(f -> f.failNext(Operation.LIST, 1, io.immut.core.memory.FaultKind.THROTTLED))
      .immut(b -> b.listener(EVENTS::add)));

  MemoryCloud cloud;
  CloudDriver driver;
  Immut immut;

  @Test
  void appliesTheCloudSettings() {
    assertThat(cloud.clock().now()).isEqualTo(Instant.parse("2030-06-01T00:00:00Z"));
    LaunchResult launched = driver.launch(ImmutTestAnnotationTest.request(driver, "cap", 3));
    assertThat(launched.instances()).hasSize(2);
    assertThat(driver.prices().orElseThrow().hourlyPrice("t3.micro")).hasValue(new BigDecimal("0.5"));
  }

  @Test
  void appliesTheFaults() {
    Assertions.assertThatThrownBy(() -> driver.list(new io.immut.spi.FleetSelector("web", "o")))
        .isInstanceOf(DriverException.Throttled.class);
    assertThat(driver.list(new io.immut.spi.FleetSelector("web", "o"))).isEmpty();
  }

  @Test
  void appliesTheEngineSettings() {
    EVENTS.clear();
    cloud.faults().clear();
    immut.apply(ImmutInjectionTest.web("ami-1", 1));
    assertThat(EVENTS).isNotEmpty();
    assertThat(immut.status("web").instances()).singleElement()
        .satisfies(i -> assertThat(cloud.instance(i.id()).orElseThrow().tags()).containsEntry("immut:owner", "immut-test"));
  }
}
