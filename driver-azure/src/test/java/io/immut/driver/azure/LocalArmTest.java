package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.LaunchRequest;
import io.immut.spi.OwnershipKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The local ARM endpoint keeps ARM's semantics where the driver relies on them, seen through the raw SDK. */
@DisplayName("the local ARM endpoint")
class LocalArmTest {
  private LocalArm arm;
  private AzureDriver driver;
  private AzureClients sdk;
  private VmRequests requests;

  @BeforeEach
  void start() throws Exception {
    arm = LocalArm.start();
    driver = LocalAzure.driver(arm);
    AzureDriverConfig config = LocalAzure.config(arm, Map.of());
    sdk = AzureClients.open(config, LocalAzure.credential(), new LocalAzure.LoopbackRouter(arm.port()));
    requests = new VmRequests(config);
  }

  @AfterEach
  void stop() {
    driver.close();
    arm.close();
  }

  private VirtualMachineInner body(String name) {
    LaunchRequest request = Fixtures.request(driver, "local-" + name, 1);
    return requests.vm(request, name, 0, OwnershipKeys.COLON);
  }

  @Test
  @DisplayName("keeps a NIC whose deleteOption is not Delete when its VM is deleted")
  void detachedNicStays() {
    VirtualMachineInner vm = body("keepnic");
    vm.networkProfile().networkInterfaceConfigurations().get(0).withDeleteOption(DeleteOptions.DETACH);
    sdk.compute().getVirtualMachines().beginCreateOrUpdate(LocalArm.GROUP, "keepnic", vm, null, "*", Context.NONE);
    arm.settle();
    sdk.compute().getVirtualMachines().beginDelete(LocalArm.GROUP, "keepnic", false, Context.NONE);
    arm.settle();
    assertThat(arm.resources()).contains("networkInterfaces/keepnic-nic").doesNotContain("virtualMachines/keepnic");
    assertThat(sdk.network().getNetworkInterfaces().getByResourceGroup(LocalArm.GROUP, "keepnic-nic").virtualMachine())
        .as("the NIC is detached").isNull();
  }

  @Test
  @DisplayName("answers a second create-only PUT with 412, and an unknown VM with 404 ResourceNotFound")
  void preconditionAndNotFound() {
    VirtualMachineInner vm = body("once");
    sdk.compute().getVirtualMachines().beginCreateOrUpdate(LocalArm.GROUP, "once", vm, null, "*", Context.NONE);
    ManagementException again = catchThrowableOfType(() -> sdk.compute().getVirtualMachines()
        .beginCreateOrUpdate(LocalArm.GROUP, "once", vm, null, "*", Context.NONE), ManagementException.class);
    assertThat(again.getResponse().getStatusCode()).isEqualTo(412);
    ManagementException missing = catchThrowableOfType(() -> sdk.compute().getVirtualMachines()
        .getByResourceGroup(LocalArm.GROUP, "nope"), ManagementException.class);
    assertThat(missing.getResponse().getStatusCode()).isEqualTo(404);
    assertThat(missing.getValue().getCode()).isEqualTo("ResourceNotFound");
  }

  @Test
  @DisplayName("pages listings by nextLink, which the SDK follows to the end")
  void paging() {
    arm.pageSize(2);
    for (int i = 0; i < 5; i++) {
      arm.createForeign(Map.of());
    }
    List<VirtualMachineInner> all = new ArrayList<>();
    sdk.compute().getVirtualMachines().listByResourceGroup(LocalArm.GROUP).forEach(all::add);
    assertThat(all).hasSize(5);
    assertThat(arm.requests()).filteredOn(r -> r.endsWith("/virtualMachines")).hasSize(3);
  }

  @Test
  @DisplayName("reports a creation in progress, then its end, by the VM's provisioningState")
  void provisioningState() {
    sdk.compute().getVirtualMachines().beginCreateOrUpdate(LocalArm.GROUP, "lro", body("lro"), null, "*", Context.NONE);
    assertThat(sdk.compute().getVirtualMachines().getByResourceGroup(LocalArm.GROUP, "lro").provisioningState())
        .isEqualTo("Creating");
    arm.settle();
    assertThat(sdk.compute().getVirtualMachines().getByResourceGroup(LocalArm.GROUP, "lro").provisioningState())
        .isEqualTo("Succeeded");
  }
}
