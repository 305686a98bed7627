package io.immut.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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

  @Test
  void noExportedSignatureNamesATypeOfAPackageNoModuleExports() throws ClassNotFoundException {
    Set<String> exported = ExportedSignatures.exported(ROOT);
    PackageGraph graph = PackageGraph.ofProject(ROOT);
    List<String> leaks = new ArrayList<>();
    int checked = 0;
    for (String pkg : exported) {
      String module = graph.moduleOf.get(pkg);
      if (!List.of("immut-api", "immut-core", "immut-testkit").contains(module)) {
        continue; // the modules on this test's class path
      }
      for (String type : ExportedSignatures.typesOf(ROOT, module, pkg)) {
        leaks.addAll(ExportedSignatures.leaks(Class.forName(type), exported));
        checked++;
      }
    }

    assertThat(exported).contains("io.immut.api", "io.immut.spi", "io.immut.core")
        .noneMatch(p -> p.contains(".internal"));
    assertThat(checked).as("exported types checked").isGreaterThan(100);
    assertThat(leaks).as("public signatures of exported types that name a type no module exports").isEmpty();
  }
}
