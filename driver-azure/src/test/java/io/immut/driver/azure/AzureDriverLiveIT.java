package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.VolumeSpec;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Creates and deletes one tagged Standard_B1s VM in a real subscription. Runs only with the Maven
 * profile {@code azure-live} and credentials of azure-identity's default chain, and is skipped
 * without {@code -Dimmut.azure.subscriptionId}, {@code resourceGroup}, {@code location},
 * {@code subnet} and {@code sshPublicKey}. Whatever happens, it deletes every VM of its own fleet
 * before it ends.
 */
class AzureDriverLiveIT {
  private static final Duration PATIENCE = Duration.ofMinutes(10);
  private static final String[] REQUIRED = {"subscriptionId", "resourceGroup", "location", "subnet", "sshPublicKey"};

  @Test
  void createsAndDeletesOneTaggedVm() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("immut.azure.live"), "runs only with the azure-live profile");
    Map<String, String> p = new HashMap<>();
    for (String key : REQUIRED) {
      String v = System.getProperty("immut.azure." + key);
      Assumptions.assumeTrue(v != null && !v.isBlank() && !v.startsWith("${"), "set -Dimmut.azure." + key);
      p.put(key, v);
    }
    String image = System.getProperty("immut.azure.image", "Canonical:ubuntu-24_04-lts:server:latest");
    FleetSelector fleet = new FleetSelector("live-" + UUID.randomUUID().toString().substring(0, 8), "immut-live-it");
    try (AzureDriver driver = AzureDriver.open(AzureDriverConfig.from(DriverConfig.of("azure", p)), DriverContext.system())) {
      try {
        Image resolved = driver.resolveImage(ImageRef.of(image));
        GenerationSpec spec = GenerationSpec.builder().image(resolved.id()).instanceType("Standard_B1s")
            .label("purpose", "immut-live-test").volume(VolumeSpec.root(30)).build();
        assertThat(driver.check(spec)).isEmpty();
        LaunchRequest request = LaunchRequest.builder().token(LaunchToken.of(fleet.fleet() + "-1"))
            .ownership(Ownership.of(fleet, spec.id())).spec(spec).image(resolved).count(1).build();
        LaunchResult result = driver.launch(request);
        assertThat(result.instances()).hasSize(1);
        InstanceId id = result.instances().get(0).id();
        assertThat(driver.launch(request).instances()).extracting(InstanceView::id).containsExactly(id);

        InstanceView running = await(driver, fleet, v -> v.id().equals(id) && v.state() == InstanceState.RUNNING);
        assertThat(running.ownership()).isEqualTo(request.ownership());
        InstanceInspection inspection = driver.inspect(id);
        assertThat(inspection.tags()).containsEntry("immut:fleet", fleet.fleet()).containsEntry("immut:owner", fleet.owner());
        assertThat(inspection.volumes()).filteredOn(InstanceInspection.AttachedVolume::root).singleElement()
            .satisfies(v -> assertThat(v.deleteOnTermination()).isTrue());

        driver.terminate(Set.of(id));
        awaitGone(driver, fleet, id);
      } finally {
        Set<InstanceId> left = driver.list(fleet).stream().filter(v -> !v.state().isGone()).map(InstanceView::id)
            .collect(Collectors.toSet());
        driver.terminate(left);
      }
    }
  }

  private static InstanceView await(AzureDriver driver, FleetSelector fleet, Predicate<InstanceView> condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      try {
        for (InstanceView v : driver.list(fleet)) {
          if (condition.test(v)) {
            return v;
          }
          assertThat(v.state()).as("state of %s (%s)", v.id(), v.failure()).isNotEqualTo(InstanceState.FAILED);
        }
      } catch (DriverException e) {
        if (!e.isRetryable()) {
          throw e;
        }
      }
      Thread.sleep(10_000);
    }
    throw new AssertionError("fleet " + fleet.fleet() + " did not reach the expected state within " + PATIENCE);
  }

  private static void awaitGone(AzureDriver driver, FleetSelector fleet, InstanceId id) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (driver.list(fleet).stream().noneMatch(v -> v.id().equals(id))) {
        return;
      }
      Thread.sleep(10_000);
    }
    throw new AssertionError(id + " was not deleted within " + PATIENCE);
  }
}
