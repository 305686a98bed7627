package io.immut.examples;

import io.immut.api.FleetSpec;
import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.core.Immut;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.spec.SpecCodec;
import java.nio.file.Path;

/** The README's embedding snippet, kept here so that it always compiles. */
public final class EmbeddingSnippet {
  private EmbeddingSnippet() {}

  /**
   * Plans and applies a fleet spec file on the in-memory cloud.
   *
   * @param args the path of a fleet spec file ({@code web.yaml})
   */
  public static void main(String[] args) {
    FleetSpec web = SpecCodec.read(Path.of(args[0]));       // every problem of the file at once
    try (Immut immut = Immut.builder().driver("memory").build()) {
      System.out.println(immut.plan(web).toText());         // what apply would do; nothing is changed
      RolloutResult result = immut.apply(web, event -> System.out.println(event));
      System.out.println(result.outcome() + " " + result.reason());
      FleetStatus status = immut.status("web");
      System.out.println(status.healthyCount() + " healthy instances of " + status.live().map(Generation::name).orElse("-"));
    }
  }
}
