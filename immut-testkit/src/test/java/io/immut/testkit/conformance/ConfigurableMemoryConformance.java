package io.immut.testkit.conformance;

import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.testkit.SelfTestOnly;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The suite over the in-memory cloud, with a driver decorated to break the contract, exclusions
 * and scope set by {@link ConformanceSuiteBehaviourTest} before it launches this class. Its name
 * does not end in {@code Test}: the build does not run it by itself.
 */
@SelfTestOnly
class ConfigurableMemoryConformance extends CloudDriverConformance {
  static volatile BiFunction<CloudDriver, MemoryCloud, CloudDriver> decorator = (d, c) -> d;
  static volatile Exclusions exclusions = Exclusions.none();
  static volatile DriverScope scope = DriverScope.PER_TEST;
  static volatile boolean bareFixture;
  static final AtomicInteger DRIVERS_CREATED = new AtomicInteger();
  static final Set<CloudDriver> DRIVERS_CLOSED = ConcurrentHashMap.newKeySet();
  static volatile MemoryCloud lastCloud;

  private MemoryCloud cloud;
  private VirtualClock clock;

  static void reset() {
    decorator = (d, c) -> d;
    exclusions = Exclusions.none();
    scope = DriverScope.PER_TEST;
    bareFixture = false;
    DRIVERS_CREATED.set(0);
    DRIVERS_CLOSED.clear();
    lastCloud = null;
  }

  @Override
  protected CloudDriver createDriver() {
    DRIVERS_CREATED.incrementAndGet();
    clock = new VirtualClock();
    cloud = MemoryCloud.builder()
        .clock(clock)
        .seed(11)
        .listLag(Duration.ofSeconds(1))
        .images(MemoryCloudFixture.IMAGE)
        .capacity(MemoryCloudFixture.SCARCE_TYPE, 2)
        .maxTerminateBatch(10)
        .maxLaunchBatch(20)
        .build();
    lastCloud = cloud;
    CloudDriver decorated = decorator.apply(cloud.driver(), cloud);
    return new ForwardingDriver(decorated) {
      @Override
      public void close() {
        DRIVERS_CLOSED.add(this);
        super.close();
      }
    };
  }

  @Override
  protected CloudFixture createFixture(CloudDriver driver) {
    MemoryCloudFixture full = new MemoryCloudFixture(cloud, clock, 2);
    if (!bareFixture) {
      return full;
    }
    // only what every fixture must give: no error provoking, no capacity limit
    return new CloudFixture() {
      @Override
      public io.immut.api.ImageRef knownImage() {
        return full.knownImage();
      }

      @Override
      public io.immut.api.ImageRef unknownImage() {
        return full.unknownImage();
      }

      @Override
      public String instanceType() {
        return full.instanceType();
      }

      @Override
      public io.immut.api.InstanceId unknownInstanceId() {
        return full.unknownInstanceId();
      }

      @Override
      public io.immut.api.InstanceId createForeignInstance(java.util.Map<String, String> tags) {
        return full.createForeignInstance(tags);
      }

      @Override
      public void settle() {
        full.settle();
      }
    };
  }

  @Override
  protected DriverScope driverScope() {
    return scope;
  }

  @Override
  protected Exclusions exclusions() {
    return exclusions;
  }
}
