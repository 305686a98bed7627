package io.immut.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM users import names every artifact immut publishes, at the build's version. */
class BomTest {
  /** Modules that are built but not published as library artifacts. */
  private static final Set<String> UNPUBLISHED = Set.of("examples", "benchmarks", "immut-bom", "immut-test-seeds",
      "immut-test-postgres");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomManagesEveryPublishedModuleAtTheProjectVersion() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String parent = Files.readString(root.resolve("pom.xml"));
    Set<String> published = new TreeSet<>();
    Matcher m = MODULE.matcher(parent);
    while (m.find()) {
      String module = m.group(1);
      if (!UNPUBLISHED.contains(module)) {
        published.add(artifactOf(Files.readString(root.resolve(module).resolve("pom.xml"))));
      }
    }
    String bom = Files.readString(root.resolve("immut-bom/pom.xml"));
    String managed = bom.substring(bom.indexOf("<dependencyManagement>"));
    List<String> listed = new ArrayList<>();
    Matcher a = ARTIFACT.matcher(managed);
    while (a.find()) {
      listed.add(a.group(1));
    }

    assertThat(published).isNotEmpty().contains("immut-api", "immut-core");
    assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(bom).doesNotContain("<parent>");
    assertThat(managed.split("<version>\\$\\{project.version}</version>", -1)).hasSize(listed.size() + 1);
  }

  /** The module's own artifactId: the first one after its parent block. */
  private static String artifactOf(String pom) {
    String own = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
    Matcher m = ARTIFACT.matcher(own);
    if (!m.find()) {
      throw new AssertionError("a module pom without an artifactId");
    }
    return m.group(1);
  }
}
