package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Images, zones and ids of the in-memory cloud")
class ImagesAndZonesTest {
  private final VirtualClock clock = new VirtualClock();

  @Test
  @DisplayName("any image resolves, with synthesised metadata, while none is registered")
  void anyImageByDefault() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    Image image = cloud.driver().resolveImage(ImageRef.of("ami-whatever"));
    assertThat(image.id()).isEqualTo("ami-whatever");
    assertThat(image.name()).isEqualTo("ami-whatever");
    assertThat(image.labels()).isEmpty();
  }

  @Test
  @DisplayName("only registered images resolve once one is, with their metadata, unless anyImage(true)")
  void registered() {
    Image baked = new Image("ami-7", "web", "2.3", Instant.parse("2025-06-01T00:00:00Z"), Map.of("commit", "f00"));
    MemoryCloud strict = MemoryCloud.builder().clock(clock).image(baked).images("ami-8").build();
    assertThat(strict.driver().resolveImage(ImageRef.of("ami-7"))).isEqualTo(baked);
    assertThat(strict.driver().resolveImage(ImageRef.of("ami-8")).id()).isEqualTo("ami-8");
    assertThatThrownBy(() -> strict.driver().resolveImage(ImageRef.of("ami-9")))
        .isInstanceOf(DriverException.NotFound.class)
        .hasMessageContaining("ami-9").hasMessageContaining("ami-7, ami-8")
        .satisfies(e -> assertThat(((DriverException) e).operation()).isEqualTo("resolveImage"));

    MemoryCloud lenient = MemoryCloud.builder().clock(clock).image(baked).anyImage(true).build();
    assertThat(lenient.driver().resolveImage(ImageRef.of("ami-7"))).isEqualTo(baked);
    assertThat(lenient.driver().resolveImage(ImageRef.of("ami-9")).id()).isEqualTo("ami-9");
  }

  @Test
  @DisplayName("without zones in the placement, a fleet's instances go round-robin over the cloud's zones")
  void zonesRoundRobin() {
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).zones("a", "b", "c").build();
    GenerationSpec spec = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();
    Image image = cloud.driver().resolveImage(spec.image());
    cloud.driver().launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t1")).ownership(io.immut.spi.Ownership.of(WEB, spec.id())).spec(spec).image(image).count(2).build());
    cloud.driver().launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t2")).ownership(io.immut.spi.Ownership.of(WEB, spec.id())).spec(spec).image(image).count(2).build());
    assertThat(cloud.instances()).extracting(CloudInstance::zone).containsExactly("a", "b", "c", "a");

    InstanceInspection inspection = cloud.driver().inspect(cloud.instances().get(0).id());
    assertThat(inspection.volumes()).singleElement().satisfies(v -> {
      assertThat(v.root()).isTrue();
      assertThat(v.deleteOnTermination()).isTrue();
    });
  }

  @Test
  @DisplayName("ids look like a cloud's and are the same under the same seed")
  void ids() {
    List<String> first = launchIds(3);
    assertThat(first).allSatisfy(id -> assertThat(id).matches("i-[0-9a-f]{17}"));
    assertThat(launchIds(3)).isEqualTo(first);
    assertThat(launchIds(4)).doesNotContainAnyElementsOf(first);
  }

  private List<String> launchIds(long seed) {
    MemoryCloud cloud = MemoryCloud.builder().clock(new VirtualClock()).seed(seed).build();
    cloud.driver().launch(Fixtures.request("a", 5));
    return cloud.instances().stream().map(v -> v.id().value()).toList();
  }

  @Test
  @DisplayName("the builder refuses values out of range, saying what is allowed")
  void builderChecks() {
    assertThatThrownBy(() -> MemoryCloud.builder().bootJitter(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 1");
    assertThatThrownBy(() -> MemoryCloud.builder().quota(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemoryCloud.builder().bootTime(java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootTime");
    assertThatThrownBy(() -> MemoryCloud.builder().maxLaunchBatch(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemoryCloud.builder().zones("a", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemoryCloud.builder().price("t3.micro", new java.math.BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
