package io.immut.driver.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.driver.aws.local.LocalEc2;
import io.immut.driver.aws.local.LocalEc2.LocalInstance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine rolling a fleet out through the AWS driver, the real SDK and the local EC2, on virtual time. */
@DisplayName("rollouts through the AWS driver")
class AwsRolloutTest {
  private static final String V1 = "ami-0a00000000000000a";
  private static final String V2 = "ami-0b00000000000000b";

  @TempDir
  Path locks;
  private LocalEc2 local;
  private AwsDriver driver;
  private Immut immut;

  @BeforeEach
  void start() throws Exception {
    local = LocalEc2.start();
    local.addImage(V1, "web-1", "123456789012", Map.of());
    local.addImage(V2, "web-2", "123456789012", Map.of());
    driver = LocalAws.driver(local);
    immut = Immut.builder().driver(driver).clock(new VirtualClock()).owner("team-a")
        .generationStore(GenerationStore.inMemory()).lockDirectory(locks).build();
  }

  @AfterEach
  void stop() {
    immut.close();
    driver.close();
    local.close();
  }

  private static FleetSpec spec(String image, int size) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").volume(VolumeSpec.root(8))
            .volume(VolumeSpec.data("scratch", 4, Persistence.EPHEMERAL)).build())
        .capacity(Capacity.fixed(size)).build();
  }

  private Map<String, Long> liveByImage() {
    return local.instances().stream().filter(i -> i.state().equals("pending") || i.state().equals("running"))
        .collect(Collectors.groupingBy(LocalInstance::imageId, Collectors.counting()));
  }

  @Test
  @DisplayName("launches a fleet, then replaces every instance with the next generation")
  void rollsOut() {
    RolloutResult first = immut.apply(spec(V1, 4));
    assertThat(first.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(liveByImage()).containsExactly(Map.entry(V1, 4L));

    RolloutResult second = immut.apply(spec(V2, 4));
    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(second.launched()).isEqualTo(4);
    assertThat(second.terminated()).isEqualTo(4);
    local.settle();
    assertThat(liveByImage()).containsExactly(Map.entry(V2, 4L));
    assertThat(immut.history("web")).extracting(r -> r.status())
        .containsExactly(GenerationStatus.RETIRED, GenerationStatus.LIVE);

    List<LocalInstance> live = local.instances().stream().filter(i -> i.state().equals("running")).toList();
    assertThat(live).allSatisfy(i -> {
      assertThat(i.tags()).containsEntry("immut:owner", "team-a").containsEntry("immut:fleet", "web");
      assertThat(i.volumes()).hasSize(2).allSatisfy(v -> assertThat(v.tags()).containsEntry("immut:fleet", "web"));
    });
    assertThat(local.volumes()).as("the old generation's volumes went with its instances").hasSize(8);
  }

  @Test
  @DisplayName("leaves instances of other owners alone")
  void othersUntouched() {
    String foreign = local.launchForeign(Map.of("immut:fleet", "web", "immut:owner", "team-b",
        "immut:generation", "x"), "t3.micro");
    immut.apply(spec(V1, 2));
    immut.apply(spec(V2, 2));
    assertThat(local.isIn(foreign, "running")).isTrue();
    assertThat(local.requests("TerminateInstances")).allSatisfy(p -> assertThat(p).doesNotContainValue(foreign));
  }
}
