package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.spi.DriverConfig;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Launches and terminates one tagged t3.micro in a real AWS account. Runs only with the Maven
 * profile {@code aws-live} ({@code -Paws-live -Dimmut.aws.region=eu-west-1}) and real credentials
 * from the SDK's default chain; optional {@code -Dimmut.aws.image=ami-…},
 * {@code -Dimmut.aws.subnet=subnet-…}, {@code -Dimmut.aws.type=t3.micro}. Whatever happens, it
 * terminates every instance of its own fleet before it ends.
 */
class AwsDriverLiveIT {
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  @Test
  void launchesAndTerminatesOneTaggedInstance() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("immut.aws.live"), "runs only with the aws-live profile");
    String region = System.getProperty("immut.aws.region");
    assertThat(region).as("set -Dimmut.aws.region (such as eu-west-1)").isNotBlank();
    String image = System.getProperty("immut.aws.image", "al2023-ami-2023.*-kernel-6.1-x86_64");
    String type = System.getProperty("immut.aws.type", "t3.micro");
    Map<String, String> p = new HashMap<>(Map.of("region", region, "imageOwners", "self,amazon"));
    FleetSelector fleet = new FleetSelector("live-" + UUID.randomUUID().toString().substring(0, 8), "immut-live-it");
    try (AwsDriver driver = AwsDriver.open(AwsDriverConfig.from(DriverConfig.of("aws", p)), io.immut.spi.DriverContext.system())) {
      try {
        Image resolved = driver.resolveImage(ImageRef.of(image));
        GenerationSpec spec = GenerationSpec.builder().image(resolved.id()).instanceType(type)
            .label("purpose", "immut-live-test").volume(VolumeSpec.root(8))
            .placement(new Placement(List.of(), System.getProperty("immut.aws.subnet"), List.of(), null, null, Map.of()))
            .build();
        LaunchRequest request = io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of(fleet.fleet() + "-1")).ownership(io.immut.spi.Ownership.of(fleet, spec.id())).spec(spec).image(resolved).count(1).build();
        LaunchResult result = driver.launch(request);
        assertThat(result.instances()).hasSize(1);
        InstanceId id = result.instances().get(0).id();
        assertThat(driver.launch(request).instances()).extracting(InstanceView::id).containsExactly(id);

        InstanceView running = await(driver, fleet, v -> v.id().equals(id) && v.state() == InstanceState.RUNNING);
        assertThat(running.tags()).containsEntry("immut:fleet", fleet.fleet())
            .containsEntry("immut:owner", fleet.owner()).containsEntry("immut:generation", spec.id());
        InstanceInspection inspection = driver.inspect(id);
        assertThat(inspection.volumes()).filteredOn(InstanceInspection.AttachedVolume::root).singleElement()
            .satisfies(v -> {
              assertThat(v.deleteOnTermination()).isTrue();
              assertThat(v.tags()).containsEntry("immut:owner", fleet.owner());
            });

        driver.terminate(Set.of(id));
        await(driver, fleet, v -> v.id().equals(id) && v.state().isGone());
      } finally {
        Set<InstanceId> left = driver.list(fleet).stream().filter(v -> !v.state().isGone()).map(InstanceView::id)
            .collect(Collectors.toSet());
        driver.terminate(left);
      }
    }
  }

  private static InstanceView await(AwsDriver driver, FleetSelector fleet, Predicate<InstanceView> condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      try {
        for (InstanceView v : driver.list(fleet)) {
          if (condition.test(v)) {
            return v;
          }
        }
      } catch (io.immut.spi.DriverException e) {
        if (!e.isRetryable()) {
          throw e;
        }
      }
      Thread.sleep(5_000);
    }
    throw new AssertionError("fleet " + fleet.fleet() + " did not reach the expected state within " + PATIENCE);
  }
}
