package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.GoogleCredentials;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Creates and deletes one labelled e2-micro in a real project. Runs only with the Maven profile
 * {@code gcp-live} ({@code -Pgcp-live -Dimmut.gcp.project=my-project -Dimmut.gcp.zone=europe-west1-b})
 * and is skipped when Application Default Credentials are not available; optional
 * {@code -Dimmut.gcp.image=...}. Whatever happens, it deletes every instance of its own fleet.
 */
class GcpDriverLiveIT {
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  @Test
  void createsAndDeletesOneLabelledInstance() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("immut.gcp.live"), "runs only with the gcp-live profile");
    Assumptions.assumeTrue(credentialsAvailable(), "no Application Default Credentials: gcloud auth application-default login");
    String project = System.getProperty("immut.gcp.project");
    String zone = System.getProperty("immut.gcp.zone");
    assertThat(project).as("set -Dimmut.gcp.project").isNotBlank();
    assertThat(zone).as("set -Dimmut.gcp.zone (such as europe-west1-b)").isNotBlank();
    String region = zone.substring(0, zone.lastIndexOf('-'));
    String image = System.getProperty("immut.gcp.image", "projects/debian-cloud/global/images/family/debian-12");
    FleetSelector fleet = new FleetSelector("live-" + UUID.randomUUID().toString().substring(0, 8), "immut-live-it");
    Map<String, String> p = Map.of("project", project, "region", region, "zones", zone);
    try (GcpDriver driver = GcpDriver.open(GcpDriverConfig.from(DriverConfig.of("gcp", p)), DriverContext.system())) {
      try {
        Image resolved = driver.resolveImage(ImageRef.of(image));
        GenerationSpec spec = GenerationSpec.builder().image(resolved.id()).instanceType("e2-micro")
            .label("purpose", "immut-live-test").volume(VolumeSpec.root(10)).placement(Placement.zones(zone)).build();
        LaunchRequest request = LaunchRequest.builder().token(LaunchToken.of(fleet.fleet() + "-1"))
            .ownership(Ownership.of(fleet, spec.id())).spec(spec).image(resolved).count(1).build();
        InstanceId id = driver.launch(request).instances().get(0).id();
        assertThat(driver.launch(request).instances()).extracting(InstanceView::id).containsExactly(id);

        InstanceView running = await(driver, fleet, v -> v.id().equals(id) && v.state() == InstanceState.RUNNING);
        assertThat(running.tags()).containsEntry("purpose", "immut-live-test");
        assertThat(running.ownership()).isEqualTo(request.ownership());
        InstanceInspection inspection = driver.inspect(id);
        assertThat(inspection.volumes()).filteredOn(InstanceInspection.AttachedVolume::root).singleElement()
            .satisfies(v -> assertThat(v.deleteOnTermination()).isTrue());

        driver.terminate(Set.of(id));
        awaitGone(driver, fleet, id);
      } finally {
        Set<InstanceId> left = driver.list(fleet).stream().filter(v -> v.state() != InstanceState.FAILED)
            .map(InstanceView::id).collect(Collectors.toSet());
        driver.terminate(left);
      }
    }
  }

  private static boolean credentialsAvailable() {
    try {
      GoogleCredentials.getApplicationDefault();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static InstanceView await(GcpDriver driver, FleetSelector fleet, Predicate<InstanceView> condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      Optional<InstanceView> match = driver.list(fleet).stream().filter(condition).findFirst();
      if (match.isPresent()) {
        return match.get();
      }
      Thread.sleep(5_000);
    }
    throw new AssertionError("fleet " + fleet.fleet() + " did not reach the expected state within " + PATIENCE);
  }

  private static void awaitGone(GcpDriver driver, FleetSelector fleet, InstanceId id) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      List<InstanceView> listed = driver.list(fleet);
      if (listed.stream().noneMatch(v -> v.id().equals(id))) {
        return;
      }
      Thread.sleep(5_000);
    }
    throw new AssertionError(id + " was not deleted within " + PATIENCE);
  }
}
