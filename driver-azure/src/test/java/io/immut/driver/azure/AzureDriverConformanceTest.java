package io.immut.driver.azure;

import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.driver.azure.local.ArmError;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverContext;
import io.immut.testkit.conformance.CloudDriverConformance;
import io.immut.testkit.conformance.CloudFixture;
import io.immut.testkit.conformance.DriverOperation;
import io.immut.testkit.conformance.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The driver conformance suite, run by the real SDK (with its real bearer-token policy) against the
 * local ARM endpoint: a fresh endpoint and driver for each test, small list pages so that paging
 * is exercised, no SDK retries so that each provoked error reaches the driver.
 */
class AzureDriverConformanceTest extends CloudDriverConformance {
  private static final int PAGE_SIZE = 5;
  private LocalArm local;

  @Override
  protected CloudDriver createDriver() {
    try {
      local = LocalArm.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    local.pageSize(PAGE_SIZE);
    return LocalAzure.driver(local, Map.of("launchBatch", "12"), DriverContext.system());
  }

  @Override
  protected CloudFixture createFixture(CloudDriver driver) {
    return new LocalArmFixture(local);
  }

  /** The local ARM endpoint as the suite's backend. */
  static final class LocalArmFixture implements CloudFixture {
    private final LocalArm local;

    LocalArmFixture(LocalArm local) {
      this.local = local;
    }

    @Override
    public ImageRef knownImage() {
      return ImageRef.of(LocalArm.IMAGE);
    }

    @Override
    public ImageRef unknownImage() {
      return ImageRef.of(LocalArm.IMAGE.replace("immut-base-20260101", "no-such-image"));
    }

    @Override
    public String instanceType() {
      return "Standard_B1s";
    }

    @Override
    public InstanceId unknownInstanceId() {
      return InstanceId.of("no-such-vm-0001");
    }

    /**
     * NICs, public IPs and disks whose VM is gone: what a delete leaves when a resource's
     * {@code deleteOption} is not {@code Delete}.
     */
    @Override
    public java.util.Set<String> leftovers() {
      java.util.Set<String> all = local.resources();
      java.util.Set<String> vms = all.stream().filter(r -> r.startsWith("virtualMachines/"))
          .map(r -> r.substring("virtualMachines/".length())).collect(java.util.stream.Collectors.toSet());
      return all.stream().filter(r -> !r.startsWith("virtualMachines/"))
          .filter(r -> !vms.contains(r.substring(r.indexOf('/') + 1).replaceFirst("-(nic|ip|os|d[0-9]+)$", "")))
          .collect(java.util.stream.Collectors.toSet());
    }

    /** The local ARM fails the next VMs' creations when it settles, as ARM's AllocationFailed does. */
    @Override
    public void failNextLaunchLate(int instances) {
      local.failProvisioning(instances, "AllocationFailed", "Allocation failed. We do not have sufficient capacity"
          + " for the requested VM size in this region.");
    }

    @Override
    public java.util.Optional<io.immut.spi.LaunchToken.NameSyntax> nameSyntax() {
      return java.util.Optional.of(io.immut.spi.LaunchToken.NameSyntax.AZURE_LINUX);
    }

    @Override
    public InstanceId createForeignInstance(Map<String, String> tags) {
      return InstanceId.of(local.createForeign(tags));
    }

    @Override
    public void settle() {
      local.settle();
    }

    @Override
    public OptionalInt listPageSize() {
      return OptionalInt.of(PAGE_SIZE);
    }

    @Override
    public void provoke(ErrorKind kind, DriverOperation operation) {
      String op = switch (operation) {
        case RESOLVE_IMAGE -> "GET images";
        case LAUNCH -> "PUT virtualMachines";
        case TERMINATE -> "DELETE virtualMachines";
        case LIST -> "GET virtualMachines";
        case INSPECT -> "GET virtualMachines";
      };
      local.failNext(op, switch (kind) {
        case THROTTLED -> ArmError.throttled(operation == DriverOperation.LAUNCH ? "PutVM3Min" : "HighCostGet3Min");
        case TRANSIENT -> new ArmError(500, "InternalExecutionError", "An internal execution error occurred. Please"
            + " retry later.", java.util.List.of(), Map.of());
        case QUOTA -> new ArmError(409, "OperationNotAllowed", "Operation could not be completed as it results in"
            + " exceeding approved standardBSFamily Cores quota. Additional details - Deployment Model: Resource"
            + " Manager, Location: eastus, Current Limit: 10, Current Usage: 10, Additional Required: 1, (Minimum) New"
            + " Limit Required: 11.", java.util.List.of(), Map.of());
        case CAPACITY -> new ArmError(409, "SkuNotAvailable", "The requested VM size for resource 'Following SKUs have"
            + " failed for Capacity Restrictions: Standard_B1s' is currently not available in location 'eastus'.",
            java.util.List.of(), Map.of());
        case INVALID_REQUEST -> new ArmError(400, "InvalidParameter", "The value of parameter"
            + " osProfile.computerName is invalid.", java.util.List.of(Map.of("code", "InvalidParameter",
            "target", "computerName", "message", "invalid")), Map.of());
        case AUTH -> new ArmError(403, "AuthorizationFailed", "The client 'immut' with object id"
            + " '11111111-2222-3333-4444-555555555555' does not have authorization to perform action"
            + " 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/" + LocalArm.SUBSCRIPTION
            + "/resourceGroups/" + LocalArm.GROUP + "' or the scope is invalid.", java.util.List.of(), Map.of());
      });
    }

    @Override
    public String limitCapacity(int available) {
      local.capacity("Standard_B2s", available);
      return "Standard_B2s";
    }

    @Override
    public String trafficTarget() {
      return LocalArm.trafficTarget();
    }

    @Override
    public void afterEachTest() {
      local.clearFailures();
    }

    @Override
    public void close() {
      local.close();
    }
  }
}
