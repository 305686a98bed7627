package io.immut.driver.aws;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;

/** Specs and requests the tests launch. */
final class Fixtures {
  static final String IMAGE = "ami-0123456789abcdef0";
  static final FleetSelector WEB = new FleetSelector("web", "team-a");

  private Fixtures() {}

  static GenerationSpec spec() {
    return GenerationSpec.builder()
        .image(IMAGE)
        .instanceType("t3.micro")
        .userData("#!/bin/sh\necho hello > /tmp/hello\n")
        .label("app", "web")
        .volume(VolumeSpec.root(20))
        .volume(VolumeSpec.data("scratch", 10, Persistence.EPHEMERAL))
        .volume(VolumeSpec.external("data", 12, "nfs://files/web"))
        .volume(VolumeSpec.data("cache", 5, Persistence.LOCAL))
        .build();
  }

  static LaunchRequest request(AwsDriver driver, String token, int count) {
    return request(driver, token, count, spec());
  }

  static LaunchRequest request(AwsDriver driver, String token, int count, GenerationSpec spec) {
    Image image = driver.resolveImage(spec.image());
    return io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of(token)).ownership(io.immut.spi.Ownership.of(WEB, spec.id())).spec(spec).image(image).count(count).build();
  }
}
