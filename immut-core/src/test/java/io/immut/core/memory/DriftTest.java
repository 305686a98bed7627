package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Drift in the in-memory cloud")
class DriftTest {
  private final VirtualClock clock = new VirtualClock();
  private final MemoryCloud cloud = MemoryCloud.builder().clock(clock).capacity("t3.large", 1).build();
  private final InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();

  @Test
  @DisplayName("a changed instance type and tag show in listings, and the new type takes capacity")
  void typeAndTags() {
    CloudInstance changed = cloud.mutate(id, m -> m.instanceType("t3.large").tag("patched", "yes").image("ami-2"));
    assertThat(changed.instanceType()).isEqualTo("t3.large");
    assertThat(changed.imageId()).isEqualTo("ami-2");
    assertThat(cloud.driver().inspect(id).imageId()).isEqualTo("ami-2");
    assertThat(cloud.driver().list(WEB)).singleElement().satisfies(v -> {
      assertThat(v.instanceType()).isEqualTo("t3.large");
      assertThat(v.tags()).containsEntry("patched", "yes").doesNotContainKey("immut:fleet");
      assertThat(v.ownership().fleet()).isEqualTo("web");
    });
    assertThatThrownBy(() -> cloud.driver().launch(request("b", WEB, "t3.large", 1)))
        .isInstanceOf(DriverException.CapacityUnavailable.class);
  }

  @Test
  @DisplayName("removing the ownership tag takes the instance out of the fleet's listing")
  void ownershipTagRemoved() {
    cloud.mutate(id, m -> m.removeTag("immut:fleet"));
    assertThat(cloud.driver().list(WEB)).isEmpty();
    cloud.mutate(id, m -> m.tag("immut:fleet", "web"));
    assertThat(cloud.driver().list(WEB)).extracting(InstanceView::id).containsExactly(id);
  }

  @Test
  @DisplayName("attached volumes, a static address and bound resources show in an inspection")
  void attachments() {
    cloud.mutate(id, m -> m.attachVolume(200, false).attachInstanceStoreVolume(50)
        .bindStaticAddress("203.0.113.9").bindResource("network-interface", "eni-1", "released with the instance"));
    InstanceInspection inspection = cloud.driver().inspect(id);
    assertThat(inspection.volumes()).hasSize(4);
    InstanceInspection.AttachedVolume extra = inspection.volumes().get(2);
    assertThat(extra.sizeGb()).isEqualTo(200);
    assertThat(extra.deleteOnTermination()).isFalse();
    assertThat(extra.instanceStore()).isFalse();
    InstanceInspection.AttachedVolume local = inspection.volumes().get(3);
    assertThat(local.instanceStore()).isTrue();
    assertThat(inspection.volumes()).extracting(InstanceInspection.AttachedVolume::device).doesNotHaveDuplicates();
    assertThat(inspection.addresses()).anySatisfy(a -> {
      assertThat(a.ip()).isEqualTo("203.0.113.9");
      assertThat(a.staticAddress()).isTrue();
      assertThat(a.publicAddress()).isTrue();
      assertThat(a.allocationId()).startsWith("ip-"); // the neutral cloud's; EC2's are eipalloc-
    });
    assertThat(inspection.boundResources()).singleElement()
        .satisfies(r -> assertThat(r.id()).isEqualTo("eni-1"));
    assertThat(cloud.instance(id)).get().extracting(CloudInstance::publicAddress).isEqualTo("203.0.113.9");
  }

  @Test
  @DisplayName("a stopped instance is STOPPING, then STOPPED")
  void stop() {
    clock.advance(Duration.ofMinutes(1));
    cloud.mutate(id, Mutation::stop);
    assertThat(cloud.instance(id)).get().extracting(CloudInstance::state).isEqualTo(InstanceState.STOPPING);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cloud.instance(id)).get().extracting(CloudInstance::state).isEqualTo(InstanceState.STOPPED);
    cloud.driver().terminate(java.util.Set.of(id));
    assertThat(cloud.instance(id)).get().extracting(CloudInstance::state).isEqualTo(InstanceState.TERMINATING);
  }

  @Test
  @DisplayName("an unknown instance cannot be mutated or killed")
  void unknown() {
    assertThatThrownBy(() -> cloud.mutate(InstanceId.of("i-nope"), m -> m.tag("a", "b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i-nope");
    assertThatThrownBy(() -> cloud.kill(InstanceId.of("i-nope"))).isInstanceOf(IllegalArgumentException.class);
  }
}
