package io.immut.examples.driver;

import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.spi.CloudDriver;
import io.immut.testkit.conformance.CloudDriverConformance;
import io.immut.testkit.conformance.CloudFixture;
import io.immut.testkit.conformance.DriverOperation;
import io.immut.testkit.conformance.ErrorKind;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** The map driver runs the whole conformance suite, with no exclusion. */
class MapDriverConformanceTest extends CloudDriverConformance {
  private MapCloud cloud;

  @Override
  protected CloudDriver createDriver() {
    // small pages and batches, so that the suite crosses them with few machines
    cloud = new MapCloud(Set.of("img-1"), 7, 5);
    return new MapDriver(cloud);
  }

  @Override
  protected CloudFixture createFixture(CloudDriver driver) {
    return new MapCloudFixture(cloud);
  }

  /** What the suite needs of the map cloud. */
  private record MapCloudFixture(MapCloud cloud) implements CloudFixture {
    @Override
    public ImageRef knownImage() {
      return ImageRef.of("img-1");
    }

    @Override
    public ImageRef unknownImage() {
      return ImageRef.of("img-404");
    }

    @Override
    public String instanceType() {
      return "small";
    }

    @Override
    public InstanceId unknownInstanceId() {
      return InstanceId.of("m-999999");
    }

    @Override
    public InstanceId createForeignInstance(Map<String, String> tags) {
      return InstanceId.of(cloud.create(tags, "small", "img-1").id());
    }

    @Override
    public io.immut.spi.OwnershipKeys ownershipKeys() {
      return MapDriver.KEYS;
    }

    @Override
    public void settle() {
      // the map cloud is consistent at once
    }

    @Override
    public OptionalInt listPageSize() {
      return OptionalInt.of(cloud.pageSize());
    }

    @Override
    public void provoke(ErrorKind kind, DriverOperation operation) {
      String code = switch (kind) {
        case THROTTLED -> MapCloudException.THROTTLING;
        case TRANSIENT -> MapCloudException.INTERNAL_ERROR;
        case QUOTA -> MapCloudException.INSTANCE_LIMIT;
        case CAPACITY -> MapCloudException.INSUFFICIENT_CAPACITY;
        case INVALID_REQUEST -> MapCloudException.INVALID_PARAMETER;
        case AUTH -> MapCloudException.ACCESS_DENIED;
      };
      MapCloud.Api api = switch (operation) {
        case RESOLVE_IMAGE -> MapCloud.Api.DESCRIBE_IMAGE;
        case LAUNCH -> MapCloud.Api.RUN;
        case TERMINATE -> MapCloud.Api.TERMINATE;
        case LIST -> MapCloud.Api.DESCRIBE;
        case INSPECT -> MapCloud.Api.DESCRIBE_INSTANCE;
      };
      cloud.failNext(api, code);
    }

    /** The disks of terminated machines that were not deleted with them. */
    @Override
    public java.util.Set<String> leftovers() {
      return cloud.leftoverDisks().stream().map(d -> "disk " + d.id()).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public String limitCapacity(int available) {
      cloud.limitCapacity("scarce", available);
      return "scarce";
    }
  }
}
