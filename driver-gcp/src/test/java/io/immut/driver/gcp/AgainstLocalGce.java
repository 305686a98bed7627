package io.immut.driver.gcp;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.core.clock.VirtualClock;
import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.DriverContext;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of the driver against a fresh local Compute Engine each, with a driver on a virtual clock. */
abstract class AgainstLocalGce {
  static final FleetSelector WEB = new FleetSelector("web", "team-a");
  /** The local endpoint of this test. */
  protected LocalGce local;
  /** The engine's clock, as the driver sees it. */
  protected VirtualClock clock;
  /** A driver on {@link #local}. */
  protected GcpDriver driver;

  @BeforeEach
  void startLocalGce() throws Exception {
    local = LocalGce.start();
    clock = new VirtualClock();
    driver = LocalGcp.driver(local, extraConfig(), DriverContext.builder().clock(clock).build());
  }

  /** Configuration beyond the local endpoint's. */
  Map<String, String> extraConfig() {
    return Map.of();
  }

  @AfterEach
  void stopLocalGce() {
    driver.close();
    local.close();
  }

  static GenerationSpec spec(String type, String... zones) {
    return GenerationSpec.builder()
        .image(LocalGce.IMAGE)
        .instanceType(type)
        .label("team", "a")
        .volume(VolumeSpec.root(20))
        .volume(VolumeSpec.data("scratch", 10, Persistence.EPHEMERAL))
        .volume(VolumeSpec.external("data", 50, "nfs://files/web"))
        .placement(new Placement(List.of(zones), null, List.of(), null, null, Map.of()))
        .build();
  }

  LaunchRequest request(String token, GenerationSpec spec, int count) {
    Image image = driver.resolveImage(ImageRef.of(LocalGce.IMAGE));
    return LaunchRequest.builder().token(LaunchToken.of(token)).ownership(Ownership.of(WEB, spec.id())).spec(spec)
        .image(image).count(count).build();
  }

  static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }
}
