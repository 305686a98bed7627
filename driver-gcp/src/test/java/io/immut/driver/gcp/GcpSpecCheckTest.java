package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.api.SpecProblem;
import io.immut.spi.DriverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** check(spec): placement, properties and machine type, with paths, before any call; launch refuses the same. */
class GcpSpecCheckTest extends AgainstLocalGce {

  @Test
  void aGoodSpecHasNoProblem() {
    assertThat(driver.check(spec("n2-standard-4", "us-central1-a"))).isEmpty();
    assertThat(driver.check(spec("custom-4-8192"))).isEmpty();
  }

  @Test
  void anExternalVolumeOnAPersistentDiskIsAProblem() {
    GenerationSpec spec = spec("e2-small").toBuilder().volumes(java.util.List.of(io.immut.api.VolumeSpec.root(10),
        io.immut.api.VolumeSpec.external("data", 50, "projects/immut-test/zones/us-central1-a/disks/web-data"))).build();
    assertThat(driver.check(spec)).extracting(SpecProblem::path).containsExactly("volumes[1].location");
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    Placement bad = new Placement(List.of("us-central1-a", "europe-west1-b"), "not a subnet!", List.of("Web_Tag"),
        "my-key-pair", "not-an-email", Map.of("externalIp", "yes", "colour", "blue"));
    GenerationSpec spec = spec("t3.micro").toBuilder().placement(bad).build();
    local.clearCalls();

    assertThat(driver.check(spec)).extracting(SpecProblem::path).containsExactlyInAnyOrder("instanceType",
        "placement.zones[1]", "placement.subnet", "placement.securityGroups[0]", "placement.sshKey",
        "placement.instanceProfile", "placement.properties.externalIp", "placement.properties.colour");
    assertThat(local.calls()).isEmpty();

    Throwable refused = catchThrowable(() -> driver.launch(request("t-bad", spec, 1)));
    assertThat(refused).isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("placement.zones[1]");
    assertThat(local.calls()).doesNotContain("instances.bulkInsert zone=us-central1-a");
  }
}
