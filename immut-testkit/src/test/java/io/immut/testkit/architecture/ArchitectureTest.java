package io.immut.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void noPackageCycleInAnyModule() {
    PackageGraph graph = PackageGraph.ofProject(ROOT);
    List<Set<String>> cycles = graph.cycles();

    assertThat(graph.edges).as("packages read").containsKeys("io.immut.api", "io.immut.spi", "io.immut.core");
    assertThat(cycles).as("package cycles:%s", cycles.stream().map(graph::describe).collect(Collectors.joining("\n  ")))
        .isEmpty();
  }
}
