package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial of {@code docs/cli.md}, run as written: its commands are read from the document (the
 * shell block after the {@code <!-- tutorial -->} marker), so that the document and this test
 * cannot drift apart.
 */
class TutorialIT {
  static final String MARKER = "<!-- tutorial -->";

  @TempDir
  Path dir;

  @Test
  @DisplayName("docs/cli.md's tutorial: plan, apply, status, a second generation, history and rollback on the sandbox")
  void tutorialRunsAsWritten() throws Exception {
    String commands = tutorial(Files.readString(Path.of(System.getProperty("immut.cli.docs"))));
    assertThat(commands).contains("immut plan", "immut apply", "immut status", "immut rollback");

    Path script = dir.resolve("tutorial.sh");
    Files.writeString(script, "set -euo pipefail\n"
        + "immut() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar \"$IMMUT_JAR\" \"$@\"; }\n"
        + commands);
    Jar immut = new Jar(dir);
    immut.env.put("IMMUT_JAR", Jar.path().toString());
    Jar.Result r = immut.exec(List.of("bash", script.toString()), null);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("web: COMPLETED; web-v001 is live", "web: COMPLETED; web-v002 is live",
        "web: ROLLED_BACK", "Fleet web: live web-v001");
    assertThat(r.out().lastIndexOf("Fleet web: live web-v001")).as("the last status shows v001 back")
        .isGreaterThan(r.out().indexOf("web: ROLLED_BACK"));
  }

  /** The shell block after the marker. */
  static String tutorial(String markdown) {
    int marker = markdown.indexOf(MARKER);
    assertThat(marker).as("docs/cli.md has the marker " + MARKER).isNotNegative();
    List<String> lines = markdown.substring(marker).lines().toList();
    List<String> block = new ArrayList<>();
    boolean inside = false;
    for (String line : lines.subList(1, lines.size())) {
      if (!inside && line.startsWith("```")) {
        inside = true;
      } else if (inside && line.startsWith("```")) {
        break;
      } else if (inside) {
        block.add(line);
      }
    }
    return String.join("\n", block) + "\n";
  }
}
