package io.immut.testkit.conformance;

import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.CloudBehaviour;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import java.time.Duration;

/**
 * The in-memory cloud runs the whole conformance suite, with no exclusion, in its default
 * (cloud-neutral) behaviour; its subclasses run it in each other {@link CloudBehaviour}.
 */
class MemoryCloudConformanceTest extends CloudDriverConformance {
  private MemoryCloud cloud;
  private VirtualClock clock;

  /** The behaviour under test. */
  CloudBehaviour behaviour() {
    return CloudBehaviour.NEUTRAL;
  }

  @Override
  protected CloudDriver createDriver() {
    clock = new VirtualClock();
    cloud = MemoryCloud.builder()
        .behaviour(behaviour())
        .clock(clock)
        .seed(7)
        .bootTime(Duration.ofSeconds(30))
        .bootJitter(0.2)
        .listLag(Duration.ofSeconds(2))
        .images(MemoryCloudFixture.IMAGE)
        .capacity(MemoryCloudFixture.SCARCE_TYPE, 2)
        .build();
    return cloud.driver();
  }

  @Override
  protected CloudFixture createFixture(CloudDriver driver) {
    return new MemoryCloudFixture(cloud, clock, 2);
  }
}
