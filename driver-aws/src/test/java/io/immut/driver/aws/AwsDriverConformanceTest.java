package io.immut.driver.aws;

import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.CloudDriver;
import io.immut.testkit.conformance.CloudDriverConformance;
import io.immut.testkit.conformance.CloudFixture;
import io.immut.testkit.conformance.DriverOperation;
import io.immut.testkit.conformance.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The driver conformance suite, run by the real SDK against the local EC2 and ELBv2 endpoint (a
 * fresh endpoint and driver for each test: both start in milliseconds). The driver is configured with no SDK retries, so that each provoked error reaches it, and with small
 * batches and pages, so that batching and paging are exercised without thousands of instances.
 */
class AwsDriverConformanceTest extends CloudDriverConformance {
  private static final int PAGE_SIZE = 5;
  private LocalEc2 local;

  @Override
  protected CloudDriver createDriver() {
    try {
      local = LocalEc2.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    local.createTargetGroup("conformance-target");
    return LocalAws.driver(local, Map.of("pageSize", String.valueOf(PAGE_SIZE), "launchBatch", "20",
        "terminateBatch", "30"));
  }

  @Override
  protected CloudFixture createFixture(CloudDriver driver) {
    return new LocalEc2Fixture(local);
  }

  /** The local endpoint as the suite's backend. */
  static final class LocalEc2Fixture implements CloudFixture {
    private final LocalEc2 local;

    LocalEc2Fixture(LocalEc2 local) {
      this.local = local;
    }

    @Override
    public ImageRef knownImage() {
      return ImageRef.of(Fixtures.IMAGE);
    }

    @Override
    public ImageRef unknownImage() {
      return ImageRef.of("ami-0ffffffffffffff01");
    }

    @Override
    public String instanceType() {
      return "t3.micro";
    }

    @Override
    public InstanceId unknownInstanceId() {
      return InstanceId.of("i-0ffffffffffffff01");
    }

    @Override
    public InstanceId createForeignInstance(Map<String, String> tags) {
      return InstanceId.of(local.launchForeign(tags, "t3.micro"));
    }

    @Override
    public void settle() {
      local.settle();
    }

    /** Volumes no instance holds (EC2 detaches a volume without DeleteOnTermination and keeps it). */
    @Override
    public java.util.Set<String> leftovers() {
      return local.volumes().stream().filter(v -> "available".equals(v.state())).map(v -> "volume " + v.id())
          .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public OptionalInt listPageSize() {
      return OptionalInt.of(PAGE_SIZE);
    }

    @Override
    public void provoke(ErrorKind kind, DriverOperation operation) {
      String action = switch (operation) {
        case RESOLVE_IMAGE -> "DescribeImages";
        case LAUNCH -> "RunInstances";
        case TERMINATE -> "TerminateInstances";
        case LIST, INSPECT -> "DescribeInstances";
      };
      switch (kind) {
        case THROTTLED -> local.failNext(action, 503, "RequestLimitExceeded", "Request limit exceeded.");
        case TRANSIENT -> local.failNext(action, 500, "InternalError", "An internal error has occurred");
        case QUOTA -> local.failNext(action, 400, "VcpuLimitExceeded", "You have requested more vCPU capacity than"
            + " your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to.");
        case CAPACITY -> local.failNext(action, 500, "InsufficientInstanceCapacity", "We currently do not have"
            + " sufficient t3.micro capacity in the Availability Zone you requested (us-east-1a).");
        case INVALID_REQUEST -> local.failNext(action, 400, "InvalidParameterValue", "Value (x) for parameter"
            + " instanceType is invalid.");
        case AUTH -> local.failNext(action, 403, "UnauthorizedOperation", "You are not authorized to perform this"
            + " operation.");
      }
    }

    @Override
    public String limitCapacity(int available) {
      local.capacity("t3.small", available);
      return "t3.small";
    }

    @Override
    public void close() {
      local.close();
    }
  }
}
