package io.immut.examples;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.Persistence;
import io.immut.api.RolloutStrategy;
import io.immut.api.VolumeSpec;
import io.immut.core.Drivers;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;

/** The README's embedding snippet, kept here so that it always compiles. */
public final class EmbeddingSnippet {
  private EmbeddingSnippet() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    GenerationSpec v1 = GenerationSpec.builder()
        .image("ami-web-2026-11")
        .instanceType("t3.micro")
        .volume(VolumeSpec.data("cache", 10, Persistence.EPHEMERAL))
        .build();
    FleetSpec web = FleetSpec.builder("web")
        .generation(v1)
        .capacity(Capacity.fixed(3))
        .strategy(RolloutStrategy.rolling(Amount.percent(25), Amount.of(0)))
        .build();

    try (CloudDriver cloud = Drivers.open("memory", DriverConfig.empty("memory"))) {
      Image image = cloud.resolveImage(v1.image());
      FleetSelector selector = new FleetSelector(web.name(), "my-team");
      cloud.launch(new LaunchRequest("web-" + v1.id() + "-w1", selector, v1.id(), v1, image, 3));
      cloud.list(selector).forEach(i -> System.out.println(i.id() + " " + i.state()));
    }
  }
}
