package io.immut.core.memory;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;
import java.util.Map;

/** Requests and clouds the in-memory cloud's tests share. */
final class Fixtures {
  static final FleetSelector WEB = new FleetSelector("web", "immut");
  static final Image IMAGE = new Image("ami-1", "web", "1.0", VirtualClock.DEFAULT_START, Map.of("commit", "abc123"));

  private Fixtures() {}

  static GenerationSpec spec(String instanceType) {
    return GenerationSpec.builder().image("ami-1").instanceType(instanceType).label("team", "shop")
        .volume(VolumeSpec.root(16))
        .volume(VolumeSpec.data("data", 100, Persistence.LOCAL))
        .volume(VolumeSpec.external("shared", 50, "nfs://files/web"))
        .placement(Placement.zones("z-a", "z-b"))
        .build();
  }

  static LaunchRequest request(String token, int count) {
    return request(token, WEB, "t3.micro", count);
  }

  static LaunchRequest request(String token, FleetSelector selector, String instanceType, int count) {
    GenerationSpec spec = spec(instanceType);
    return io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of(token)).ownership(io.immut.spi.Ownership.of(selector, spec.id())).spec(spec).image(IMAGE).count(count).build();
  }
}
