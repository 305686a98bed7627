package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.GenerationSpec;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Placement;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.InstanceInspection;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.OwnershipKeys;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("launch")
class AzureDriverLaunchTest {
  private LocalArm arm;
  private AzureDriver driver;

  @BeforeEach
  void start() throws Exception {
    arm = LocalArm.start();
    driver = LocalAzure.driver(arm);
  }

  @AfterEach
  void stop() {
    driver.close();
    arm.close();
  }

  private static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }

  @Test
  @DisplayName("sends one create-only PUT per VM, with the bearer token, and returns before the operation ends")
  void createOnlyPut() {
    LaunchResult result = driver.launch(Fixtures.request(driver, "tok-1", 2));

    assertThat(result.instances()).hasSize(2).allSatisfy(v -> assertThat(v.state()).isEqualTo(InstanceState.PROVISIONING));
    assertThat(arm.requests()).filteredOn(r -> r.startsWith("PUT ")).hasSize(2);
    assertThat(arm.requests()).as("no operation polled: the engine's list is the poller")
        .noneMatch(r -> r.contains("/operations/"));
    assertThat(arm.lastHeaders("PUT virtualMachines")).containsEntry("if-none-match", "*")
        .containsEntry("authorization", "Bearer " + LocalAzure.TOKEN);
  }

  @Test
  @DisplayName("names VMs from the token: valid Azure names, the same on a retry, 15 characters for Windows")
  void names() throws Exception {
    LaunchRequest request = Fixtures.request(driver, "tok-names", 3);
    Set<InstanceId> first = ids(driver.launch(request).instances());
    assertThat(first).allSatisfy(id -> assertThat(id.value()).matches("[a-z][a-z0-9-]{0,63}").startsWith("web-"));
    try (AzureDriver other = LocalAzure.driver(arm)) {
      assertThat(ids(other.launch(request).instances())).as("another process, the same token").isEqualTo(first);
    }
    try (LocalArm winArm = LocalArm.start(); AzureDriver windows = LocalAzure.driver(winArm, Map.of("osType", "windows",
        "adminPassword", "Correct-Horse-9"), DriverContext.system())) {
      Set<InstanceId> names = ids(windows.launch(Fixtures.request(windows, "tok-win", 2, Fixtures.spec().toBuilder()
          .placement(Placement.DEFAULT).build())).instances());
      assertThat(names).allSatisfy(id -> assertThat(id.value().length()).isLessThanOrEqualTo(15));
      JsonNode os = winArm.vm(names.iterator().next().value()).path("properties").path("osProfile");
      assertThat(os.path("adminPassword").asText()).isEqualTo("Correct-Horse-9");
    }
  }

  @Test
  @DisplayName("declares NIC, public IP, OS and data disks with deleteOption Delete, and no disk for EXTERNAL data")
  void deleteOptions() {
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of("2"), null, List.of(), null, null,
        Map.of("publicIp", "true"))).build();
    InstanceId id = driver.launch(Fixtures.request(driver, "tok-del", 1, spec)).instances().get(0).id();
    JsonNode p = arm.vm(id.value()).path("properties");

    JsonNode nic = p.path("networkProfile").path("networkInterfaceConfigurations").get(0);
    assertThat(nic.path("name").asText()).isEqualTo(id.value() + "-nic");
    assertThat(nic.path("properties").path("deleteOption").asText()).isEqualTo("Delete");
    JsonNode ip = nic.path("properties").path("ipConfigurations").get(0).path("properties");
    assertThat(ip.path("subnet").path("id").asText()).isEqualTo(LocalArm.SUBNET);
    assertThat(ip.path("publicIPAddressConfiguration").path("properties").path("deleteOption").asText()).isEqualTo("Delete");
    assertThat(p.path("storageProfile").path("osDisk").path("deleteOption").asText()).isEqualTo("Delete");
    assertThat(p.path("storageProfile").path("osDisk").path("diskSizeGB").asInt()).isEqualTo(30);
    assertThat(p.path("storageProfile").path("dataDisks")).as("scratch and cache; none for the EXTERNAL volume").hasSize(2)
        .allSatisfy(d -> assertThat(d.path("deleteOption").asText()).isEqualTo("Delete"));
    assertThat(arm.vm(id.value()).path("zones").get(0).asText()).isEqualTo("2");
    assertThat(new String(Base64.getDecoder().decode(p.path("userData").asText()))).contains("echo hello");
    assertThat(p.path("osProfile").path("linuxConfiguration").path("disablePasswordAuthentication").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("gives the VMs the spec's managed identity; a system-assigned one shows as bound, since its replacement gets another principal")
  void managedIdentities() {
    GenerationSpec user = Fixtures.spec().toBuilder().placement(new Placement(List.of("1"), null, List.of(), null,
        Fixtures.USER_IDENTITY, Map.of())).build();
    GenerationSpec system = Fixtures.spec().toBuilder().placement(new Placement(List.of("1"), null, List.of(), null,
        "system", Map.of())).build();
    assertThat(driver.check(user)).isEmpty();
    assertThat(driver.check(system)).isEmpty();
    InstanceId u = driver.launch(Fixtures.request(driver, "tok-uai", 1, user)).instances().get(0).id();
    InstanceId y = driver.launch(Fixtures.request(driver, "tok-sys", 1, system)).instances().get(0).id();
    arm.settle();

    JsonNode ui = arm.vm(u.value()).path("identity");
    assertThat(ui.path("type").asText()).isEqualTo("UserAssigned");
    assertThat(ui.path("userAssignedIdentities").has(Fixtures.USER_IDENTITY)).isTrue();
    assertThat(arm.vm(y.value()).path("identity").path("type").asText()).isEqualTo("SystemAssigned");
    assertThat(driver.inspect(u).boundResources()).as("a user-assigned identity outlives the VM: nothing is lost").isEmpty();
    assertThat(driver.inspect(y).boundResources()).singleElement().satisfies(b -> {
      assertThat(b.kind()).isEqualTo("managed-identity");
      assertThat(b.id()).isEqualTo(arm.vm(y.value()).path("identity").path("principalId").asText());
      assertThat(b.description()).contains("new principal");
    });
    GenerationSpec bad = Fixtures.spec().toBuilder().placement(new Placement(List.of("1"), null, List.of(), null,
        "arn:aws:iam::1:instance-profile/web", Map.of())).build();
    assertThat(driver.check(bad)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("placement.instanceProfile");
      assertThat(p.allowed()).contains("userAssignedIdentities", "system");
    });
  }

  @Test
  @DisplayName("reports the size's temporary disk as an instance store, from the size's Resource SKU read once")
  void resourceDisk() {
    GenerationSpec d2ds = Fixtures.spec().toBuilder().instanceType("Standard_D2ds_v5").build();
    GenerationSpec d2s = Fixtures.spec().toBuilder().instanceType("Standard_D2s_v5").build();
    InstanceId with = driver.launch(Fixtures.request(driver, "tok-tmp", 1, d2ds)).instances().get(0).id();
    InstanceId without = driver.launch(Fixtures.request(driver, "tok-notmp", 1, d2s)).instances().get(0).id();
    arm.settle();

    assertThat(driver.inspect(with).volumes()).filteredOn(InstanceInspection.AttachedVolume::instanceStore)
        .singleElement().satisfies(v -> {
          assertThat(v.device()).isEqualTo("resource disk");
          assertThat(v.sizeGb()).isEqualTo(75);
          assertThat(v.deleteOnTermination()).isTrue();
          assertThat(v.root()).isFalse();
        });
    assertThat(driver.inspect(without).volumes()).noneMatch(InstanceInspection.AttachedVolume::instanceStore);
    assertThat(driver.inspectAll(List.of(with, without)).get(with).volumes())
        .anyMatch(InstanceInspection.AttachedVolume::instanceStore);
    assertThat(arm.requests()).as("the SKU table is read once").filteredOn(r -> r.contains("/skus")).hasSize(1);
  }

  @Test
  @DisplayName("tags each VM with the ownership, the labels and the launch token")
  void tags() {
    LaunchRequest request = Fixtures.request(driver, "tok-tags", 1);
    InstanceId id = driver.launch(request).instances().get(0).id();
    JsonNode tags = arm.vm(id.value()).path("tags");
    request.tags(OwnershipKeys.COLON).forEach((k, v) -> assertThat(tags.path(k).asText()).as(k).isEqualTo(v));
    assertThat(tags.path("immut:launch-token").asText()).isEqualTo("tok-tags");
    arm.settle();
    assertThat(driver.list(Fixtures.WEB).get(0).tags()).as("labels only, no ownership or token key")
        .containsExactlyEntriesOf(Map.of("app", "web"));
  }

  @Test
  @DisplayName("leaves a VM of the same name but another token alone, and says so")
  void collision() {
    LaunchRequest request = Fixtures.request(driver, "tok-x", 1);
    String name = driver.launch(request).instances().get(0).id().value();
    JsonNode before = arm.vm(name);
    LaunchRequest other = request.toBuilder().token(io.immut.spi.LaunchToken.of("tok-x")).build();
    // the same names, as another tool's VM: rewrite its token tag in the endpoint's store
    ((com.fasterxml.jackson.databind.node.ObjectNode) arm.vmStore(name).get("tags")).put("immut:launch-token", "other");
    try (AzureDriver fresh = LocalAzure.driver(arm)) {
      assertThatThrownBy(() -> fresh.launch(other)).isInstanceOf(DriverException.InvalidRequest.class)
          .hasMessageContaining(name).hasMessageContaining("did not create");
    }
    assertThat(arm.vm(name).path("properties")).isEqualTo(before.path("properties"));
  }

  @Test
  @DisplayName("reports a creation that fails after acceptance as FAILED with the mapped reason")
  void lateFailure() {
    arm.failProvisioning(1, "AllocationFailed", "Allocation failed. We do not have sufficient capacity for the"
        + " requested VM size in this region.");
    arm.failProvisioning(1, "OperationNotAllowed", "Operation results in exceeding approved standardBSFamily Cores quota.");
    LaunchResult result = driver.launch(Fixtures.request(driver, "tok-late", 3));
    assertThat(result.isShort()).isFalse();
    arm.settle();

    Map<InstanceState, List<InstanceView>> byState = driver.list(Fixtures.WEB).stream()
        .collect(Collectors.groupingBy(InstanceView::state));
    assertThat(byState.get(InstanceState.RUNNING)).hasSize(1);
    assertThat(byState.get(InstanceState.FAILED)).hasSize(2)
        .extracting(v -> v.failure().orElseThrow().reason())
        .containsExactlyInAnyOrder(LaunchFailure.Reason.CAPACITY, LaunchFailure.Reason.QUOTA);
    assertThat(byState.get(InstanceState.FAILED)).anySatisfy(v ->
        assertThat(v.failure().orElseThrow().message()).contains("AllocationFailed").contains("sufficient capacity"));
  }

  @Test
  @DisplayName("terminate deletes the VM and everything its launch created, and nothing else")
  void terminateLeavesNothing() {
    String foreign = arm.createForeign(Map.of("team", "other"));
    GenerationSpec spec = Fixtures.spec().toBuilder().placement(new Placement(List.of(), null, List.of(), null, null,
        Map.of("publicIp", "true"))).build();
    Set<InstanceId> ids = ids(driver.launch(Fixtures.request(driver, "tok-term", 2, spec)).instances());
    arm.settle();
    assertThat(arm.resources()).filteredOn(r -> r.startsWith("publicIPAddresses/")).hasSize(2);
    driver.terminate(ids);
    assertThat(driver.list(Fixtures.WEB)).allSatisfy(v -> assertThat(v.state()).isEqualTo(InstanceState.TERMINATING));
    arm.settle();
    assertThat(arm.resources()).as("what is left: the other tool's VM only").containsExactly("virtualMachines/" + foreign);
    assertThat(arm.requests()).filteredOn(r -> r.startsWith("DELETE ")).hasSize(2)
        .allSatisfy(r -> assertThat(r).contains("/virtualMachines/"));
  }

  @Test
  @DisplayName("a re-sent token within the token window launches nothing new, even once its VMs are gone")
  void tokenWindow() {
    LaunchRequest request = Fixtures.request(driver, "tok-window", 2);
    Set<InstanceId> first = ids(driver.launch(request).instances());
    arm.settle();
    driver.terminate(first);
    arm.settle();
    LaunchResult again = driver.launch(request);
    assertThat(ids(again.instances())).isEqualTo(first);
    assertThat(again.instances()).allSatisfy(v -> assertThat(v.state()).isEqualTo(InstanceState.DELETED));
    assertThat(arm.resources()).isEmpty();
  }

  @Test
  @DisplayName("a short launch returns the VMs Azure accepted, and SkuNotAvailable as the capacity reason")
  void shortLaunch() {
    arm.capacity("Standard_B1s", 2);
    LaunchResult result = driver.launch(Fixtures.request(driver, "tok-short", 4));
    assertThat(result.instances()).hasSize(2);
    assertThat(result.shortfall()).hasValueSatisfying(s -> {
      assertThat(s.reason()).isEqualTo(LaunchFailure.Reason.CAPACITY);
      assertThat(s.message()).contains("SkuNotAvailable");
    });
  }

  @Test
  @DisplayName("refuses a spec Azure cannot run before any request, every problem at once")
  void refusesBadSpec() {
    GenerationSpec bad = Fixtures.spec().toBuilder().instanceType("t3.micro").placement(new Placement(List.of("us-east-1a"),
        "subnet-1", List.of(), null, "role", Map.of("tenancy", "dedicated"))).build();
    assertThat(driver.check(bad)).extracting(io.immut.api.SpecProblem::path).containsExactlyInAnyOrder("instanceType",
        "placement.subnet", "placement.zones[0]", "placement.instanceProfile", "placement.properties.tenancy");
    LaunchRequest request = Fixtures.request(driver, "tok-bad", 1).toBuilder().spec(bad).build();
    int before = arm.requests().size();
    assertThatThrownBy(() -> driver.launch(request)).isInstanceOf(DriverException.InvalidRequest.class)
        .hasMessageContaining("instanceType").hasMessageContaining("placement.subnet");
    assertThat(arm.requests()).hasSize(before);
  }
}
