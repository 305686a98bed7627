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
  /** The modules on this test's class path, whose exported types are loaded and checked. */
  private static final List<String> CHECKED = List.of("immut-api", "immut-core", "immut-testkit", "immut-micrometer",
      "immut-postgres");
  /**
   * The modules with a module-info that are not: the drivers depend on immut-testkit for their
   * tests (on this test's class path they would make a cycle of the build), immut-cli depends on
   * the drivers, the benchmarks and examples export nothing a user builds on, and immut-test-postgres
   * is build support that is not published.
   */
  private static final List<String> NOT_CHECKED = List.of("driver-aws", "driver-azure", "immut-cli", "benchmarks",
      "examples", "immut-test-postgres");

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
    Set<String> checkedModules = new java.util.TreeSet<>();
    for (String pkg : exported) {
      String module = graph.moduleOf.get(pkg);
      if (!CHECKED.contains(module)) {
        continue;
      }
      for (String type : ExportedSignatures.typesOf(ROOT, module, pkg)) {
        leaks.addAll(ExportedSignatures.leaks(Class.forName(type), exported));
        checked++;
        checkedModules.add(module);
      }
    }

    assertThat(modulesWithAModuleInfo()).as("every module with a module-info is checked or named as not checked, with why")
        .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(CHECKED.stream(), NOT_CHECKED.stream()).toList());
    assertThat(exported).contains("io.immut.api", "io.immut.spi", "io.immut.core", "io.immut.postgres", "io.immut.micrometer")
        .noneMatch(p -> p.contains(".internal"));
    assertThat(checked).as("exported types checked").isGreaterThan(100);
    assertThat(checkedModules).as("modules whose exported types were checked").containsExactlyInAnyOrderElementsOf(CHECKED);
    assertThat(leaks).as("public signatures of exported types that name a type no module exports").isEmpty();
  }

  private static List<String> modulesWithAModuleInfo() {
    try (java.util.stream.Stream<Path> modules = java.nio.file.Files.list(ROOT)) {
      return modules.filter(m -> java.nio.file.Files.exists(m.resolve("src/main/java/module-info.java")))
          .map(m -> m.getFileName().toString()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
