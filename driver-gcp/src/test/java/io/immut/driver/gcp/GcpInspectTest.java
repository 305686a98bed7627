package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceId;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inspection: disks with autoDelete, addresses, bound resources; a fleet in one listing per zone. */
class GcpInspectTest extends AgainstLocalGce {

  @Override
  Map<String, String> extraConfig() {
    return Map.of("externalIp", "true", "serviceAccount", "web@immut-test.iam.gserviceaccount.com");
  }

  @Test
  void inspectionShowsDisksAddressesAndBoundResourcesAndNoDiskForExternalData() {
    InstanceView v = driver.launch(request("t-inspect", spec("e2-small", "us-central1-a"), 1)).instances().get(0);
    local.settle();
    InstanceInspection i = driver.inspect(v.id());

    assertThat(i.volumes()).extracting(InstanceInspection.AttachedVolume::device, InstanceInspection.AttachedVolume::sizeGb,
            InstanceInspection.AttachedVolume::root, InstanceInspection.AttachedVolume::deleteOnTermination)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("root", 20, true, true),
            org.assertj.core.groups.Tuple.tuple("scratch", 10, false, true));
    assertThat(i.addresses()).extracting(InstanceInspection.Address::publicAddress).containsExactly(false, true);
    assertThat(i.boundResources()).as("the service account outlives the instance and goes to its replacement").isEmpty();
    assertThat(i.imageId()).isEqualTo("projects/immut-test/global/images/base-image-v1");
  }

  @Test
  void inspectAllReadsAFleetInOneListingPerZone() {
    List<InstanceId> ids = new ArrayList<>(ids(driver.launch(request("t-all", spec("e2-small"), 9)).instances()));
    ids.add(InstanceId.of("us-central1-a/gone-long-ago"));
    local.settle();
    local.clearCalls();
    Map<InstanceId, InstanceInspection> all = driver.inspectAll(ids);

    assertThat(all).hasSize(9).doesNotContainKey(InstanceId.of("us-central1-a/gone-long-ago"));
    assertThat(local.calls()).containsExactlyInAnyOrder("instances.list zone=us-central1-a",
        "instances.list zone=us-central1-b", "instances.list zone=us-central1-c", "addresses.list");
    all.forEach((id, inspection) -> assertThat(inspection).isEqualTo(driver.inspect(id)));
  }

  @Test
  void aStaticExternalIpIsToldFromAnEphemeralOneAndWarnedOfByTheStateCheck() {
    List<InstanceView> two = driver.launch(request("t-static", spec("e2-small", "us-central1-a"), 2)).instances();
    local.settle();
    InstanceId pinned = two.get(0).id();
    InstanceId plain = two.get(1).id();
    local.reserveAddress("web-ip", "35.200.1.7");
    local.reserveAddress("spare-ip", "35.200.1.8");
    local.assignAddress("web-ip", "us-central1-a", pinned.value().substring(pinned.value().indexOf('/') + 1));

    InstanceInspection.Address external = driver.inspect(pinned).addresses().stream()
        .filter(InstanceInspection.Address::publicAddress).findFirst().orElseThrow();
    assertThat(external.ip()).isEqualTo("35.200.1.7");
    assertThat(external.staticAddress()).isTrue();
    assertThat(external.allocationId()).isEqualTo("projects/immut-test/regions/us-central1/addresses/web-ip");
    assertThat(driver.inspect(plain).addresses()).filteredOn(InstanceInspection.Address::publicAddress)
        .singleElement().satisfies(a -> assertThat(a.staticAddress()).isFalse());
    assertThat(driver.inspectAll(List.of(pinned, plain)).get(pinned).addresses())
        .anySatisfy(a -> assertThat(a.staticAddress()).isTrue());

    io.immut.api.FleetSpec fleet = io.immut.api.FleetSpec.builder("web").generation(spec("e2-small", "us-central1-a"))
        .capacity(io.immut.api.Capacity.fixed(2)).build();
    io.immut.core.state.StateReport report = io.immut.core.state.StateCheck.defaults()
        .checkInstances(fleet, driver, List.of(two.get(0)));
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("static public address 35.200.1.7"));

    driver.terminate(java.util.Set.of(pinned));
    local.settle();
    assertThat(local.addresses().get("web-ip").path("status").asText()).isEqualTo("RESERVED");
  }
}
