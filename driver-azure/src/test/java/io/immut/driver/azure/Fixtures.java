package io.immut.driver.azure;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;

/** Specs and requests the tests launch. */
final class Fixtures {
  static final FleetSelector WEB = new FleetSelector("web", "team-a");
  /** A user-assigned managed identity. */
  static final String USER_IDENTITY = "/subscriptions/" + io.immut.driver.azure.local.LocalArm.SUBSCRIPTION
      + "/resourceGroups/identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web";

  private Fixtures() {}

  static GenerationSpec spec() {
    return GenerationSpec.builder()
        .image(LocalArm.IMAGE)
        .instanceType("Standard_B1s")
        .userData("#!/bin/sh\necho hello > /tmp/hello\n")
        .label("app", "web")
        .volume(VolumeSpec.root(30))
        .volume(VolumeSpec.data("scratch", 10, Persistence.EPHEMERAL))
        .volume(VolumeSpec.external("data", 12, "nfs://files/web"))
        .volume(VolumeSpec.data("cache", 5, Persistence.LOCAL))
        .build();
  }

  static LaunchRequest request(AzureDriver driver, String token, int count) {
    return request(driver, token, count, spec());
  }

  static LaunchRequest request(AzureDriver driver, String token, int count, GenerationSpec spec) {
    Image image = driver.resolveImage(spec.image());
    return LaunchRequest.builder().token(LaunchToken.of(token)).ownership(Ownership.of(WEB, spec.id())).spec(spec)
        .image(image).count(count).build();
  }
}
