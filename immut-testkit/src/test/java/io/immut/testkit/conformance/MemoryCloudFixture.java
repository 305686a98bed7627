package io.immut.testkit.conformance;

import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.FaultKind;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import java.time.Duration;
import java.util.Map;

/** The conformance fixture of an in-memory cloud on a virtual clock. */
final class MemoryCloudFixture implements CloudFixture {
  /** The only image the cloud knows. */
  static final String IMAGE = "ami-conformance";
  /** The instance type whose capacity {@link #limitCapacity} limits; no other test launches it. */
  static final String SCARCE_TYPE = "c5.large";

  private final MemoryCloud cloud;
  private final VirtualClock clock;
  private final int scarceCapacity;

  MemoryCloudFixture(MemoryCloud cloud, VirtualClock clock, int scarceCapacity) {
    this.cloud = cloud;
    this.clock = clock;
    this.scarceCapacity = scarceCapacity;
  }

  @Override
  public ImageRef knownImage() {
    return ImageRef.of(IMAGE);
  }

  @Override
  public ImageRef unknownImage() {
    return ImageRef.of("ami-unknown");
  }

  @Override
  public String instanceType() {
    return "t3.micro";
  }

  @Override
  public InstanceId unknownInstanceId() {
    return InstanceId.of("i-00000000000000000");
  }

  @Override
  public InstanceId createForeignInstance(Map<String, String> tags) {
    return cloud.launchForeign(tags, instanceType(), IMAGE).id();
  }

  /** Advances virtual time past boot, health, shutdown, drain and list lag. */
  @Override
  public void settle() {
    clock.advance(Duration.ofMinutes(10));
  }

  @Override
  public void provoke(ErrorKind kind, DriverOperation operation) {
    cloud.faults().failNext(Operation.valueOf(operation.name()), 1, FaultKind.valueOf(kind.name()));
  }

  /** Clears faults a failed test may have left armed. */
  @Override
  public void afterEachTest() {
    cloud.faults().clear();
  }

  /** What the cloud's terminations left behind, as {@code KIND id}. */
  @Override
  public java.util.Set<String> leftovers() {
    return cloud.leftovers().stream().map(l -> l.kind() + " " + l.id()).collect(java.util.stream.Collectors.toSet());
  }

  @Override
  public void failNextLaunchLate(int instances) {
    cloud.faults().failNextLaunchesLate(1);
  }

  @Override
  public java.util.Optional<io.immut.spi.LaunchToken.NameSyntax> nameSyntax() {
    return java.util.Optional.ofNullable(cloud.behaviour().nameSyntax());
  }

  @Override
  public io.immut.spi.OwnershipKeys ownershipKeys() {
    return cloud.ownershipKeys();
  }

  /** The cloud is built with a capacity of {@code scarceCapacity} instances of {@link #SCARCE_TYPE}. */
  @Override
  public String limitCapacity(int available) {
    if (available != scarceCapacity) {
      throw new IllegalArgumentException("this memory cloud was built with room for " + scarceCapacity + " "
          + SCARCE_TYPE + " instances, not " + available);
    }
    return SCARCE_TYPE;
  }
}
