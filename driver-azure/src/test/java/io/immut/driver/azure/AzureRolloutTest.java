package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.driver.azure.local.LocalArm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine rolling a fleet out through the Azure driver, the real SDK and the local ARM endpoint,
 * on virtual time. The endpoint completes operations when the VMs are listed, as a cloud whose
 * creations finish between two of the engine's observations.
 */
@DisplayName("rollouts through the Azure driver")
class AzureRolloutTest {
  @TempDir
  Path locks;
  private LocalArm arm;
  private AzureDriver driver;
  private Immut immut;
  private String v1;
  private String v2;

  @BeforeEach
  void start() throws Exception {
    arm = LocalArm.start();
    arm.autoSettle(true);
    v1 = arm.addImage("web-1");
    v2 = arm.addImage("web-2");
    driver = LocalAzure.driver(arm, Map.of("launchBatch", "50", "concurrency", "16"), io.immut.spi.DriverContext.system());
    immut = Immut.builder().driver(driver).clock(new VirtualClock()).owner("team-a")
        .generationStore(GenerationStore.inMemory()).lockDirectory(locks).build();
  }

  @AfterEach
  void stop() {
    immut.close();
    driver.close();
    arm.close();
  }

  private static FleetSpec spec(String image, int size) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("Standard_B1s").volume(VolumeSpec.root(30))
            .volume(VolumeSpec.data("scratch", 4, Persistence.EPHEMERAL)).build())
        .capacity(Capacity.fixed(size)).build();
  }

  private Map<String, Long> requestsByKind(List<String> requests) {
    return requests.stream().collect(Collectors.groupingBy(r -> {
      String[] parts = r.split(" ", 2);
      return parts[0] + " " + LocalArmPaths.kind(parts[1]);
    }, TreeMap::new, Collectors.counting()));
  }

  @Test
  @DisplayName("replaces a 100-VM fleet: one PUT and one DELETE per VM, a few listings per wave, no operation polled")
  void rollsOutOneHundred() {
    RolloutResult first = immut.apply(spec(v1, 100));
    assertThat(first.outcome()).as("%s", first).isEqualTo(Outcome.COMPLETED);
    int before = arm.requests().size();

    RolloutResult second = immut.apply(spec(v2, 100));
    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(second.launched()).isEqualTo(100);
    assertThat(second.terminated()).isEqualTo(100);
    arm.settle();
    assertThat(arm.resources()).filteredOn(r -> r.startsWith("virtualMachines/")).hasSize(100)
        .allSatisfy(r -> assertThat(arm.vm(r.substring("virtualMachines/".length())).path("properties")
            .path("storageProfile").path("imageReference").path("id").asText()).isEqualTo(v2));
    assertThat(arm.resources()).as("NICs and disks of the old generation went with it")
        .filteredOn(r -> r.startsWith("networkInterfaces/")).hasSize(100);

    Map<String, Long> byKind = requestsByKind(arm.requests().subList(before, arm.requests().size()));
    assertThat(byKind).containsEntry("PUT virtualMachines", 100L).containsEntry("DELETE virtualMachines", 100L)
        .doesNotContainKey("GET operations");
    if (Boolean.getBoolean("immut.azure.figures")) {
      System.err.println("ARM requests of a 100-VM rolling rollout: " + byKind);
    }
  }

  @Test
  @DisplayName("leaves VMs of other owners alone")
  void othersUntouched() {
    String foreign = arm.createForeign(Map.of("immut:fleet", "web", "immut:owner", "team-b", "immut:generation", "x"));
    immut.apply(spec(v1, 2));
    immut.apply(spec(v2, 2));
    arm.settle();
    assertThat(arm.resources()).contains("virtualMachines/" + foreign);
    assertThat(arm.requests()).filteredOn(r -> r.startsWith("DELETE ")).noneMatch(r -> r.endsWith("/" + foreign));
  }

  /** Request kinds, by their path. */
  static final class LocalArmPaths {
    private LocalArmPaths() {}

    static String kind(String path) {
      String p = path.toLowerCase(java.util.Locale.ROOT);
      for (String k : List.of("operations", "virtualmachines", "networkinterfaces", "publicipaddresses", "images", "disks")) {
        if (p.contains("/" + k + "/") || p.endsWith("/" + k)) {
          return k.equals("virtualmachines") ? "virtualMachines" : k.equals("networkinterfaces") ? "networkInterfaces"
              : k.equals("publicipaddresses") ? "publicIPAddresses" : k;
        }
      }
      return path;
    }
  }
}
