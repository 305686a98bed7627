package io.immut.examples;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceState;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.core.Drivers;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.util.List;
import java.util.Map;

/**
 * The README's example: discovers the in-memory cloud by name, resolves an image, launches one
 * generation of a fleet and lists it until every instance runs.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted while waiting for instances to boot
   */
  public static void main(String[] args) throws InterruptedException {
    System.out.println("Drivers on the class path: " + Drivers.names());
    DriverConfig config = DriverConfig.of("memory", Map.of("bootTime", "1s", "healthyAfter", "500ms", "seed", "7"));
    try (CloudDriver cloud = Drivers.open("memory", config)) {
      Image image = cloud.resolveImage(ImageRef.of("ami-web-2026-11"));
      System.out.println("Resolved image " + image.id() + " (" + image.name() + ")");

      GenerationSpec v1 = GenerationSpec.builder()
          .image(image.id())
          .instanceType("t3.micro")
          .label("team", "web")
          .volume(VolumeSpec.root(8))
          .volume(VolumeSpec.data("cache", 10, Persistence.EPHEMERAL))
          .build();
      FleetSelector web = new FleetSelector("web", "demo");
      LaunchResult launched = cloud.launch(new LaunchRequest("web-" + v1.id() + "-w1", web, v1.id(), v1, image, 3));
      System.out.println("Launched " + launched.instances().size() + " instances of generation " + v1.id());

      List<InstanceView> instances = cloud.list(web);
      while (instances.size() < 3 || !instances.stream().allMatch(i -> i.state() == InstanceState.RUNNING)) {
        print(instances);
        Thread.sleep(400);
        instances = cloud.list(web);
      }
      print(instances);
      System.out.println("All instances of web (" + v1.id() + ") are running.");
    }
  }

  private static void print(List<InstanceView> instances) {
    StringBuilder sb = new StringBuilder("  ");
    for (InstanceView i : instances) {
      sb.append(i.id()).append('=').append(i.state()).append('/').append(i.health()).append("  ");
    }
    System.out.println(sb);
  }
}
