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
    assertThat(i.boundResources()).extracting(InstanceInspection.BoundResource::kind).containsExactly("service-account");
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
        "instances.list zone=us-central1-b", "instances.list zone=us-central1-c");
    all.forEach((id, inspection) -> assertThat(inspection).isEqualTo(driver.inspect(id)));
  }
}
