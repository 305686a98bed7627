package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress display in a pseudo-terminal (util-linux {@code script}), and plain lines with --no-progress there. */
class ProgressTerminalIT {
  @TempDir
  Path dir;

  @Test
  @DisplayName("on a terminal, apply redraws one status line with a bar; --no-progress prints plain lines")
  void progressOnATerminal() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed: no pseudo-terminal");
    Jar immut = new Jar(dir);
    immut.copy("specs/web.yaml", "web.yaml");

    String live = inTerminal(immut, "apply web.yaml --yes");
    assertThat(live).contains("\r\u001b[K[").contains("] 100%  web").contains("(3 healthy)")
        .contains("web: COMPLETED; web-v001 is live");

    String plain = inTerminal(immut, "apply web.yaml --yes --no-progress");
    assertThat(plain).doesNotContain("\u001b[").contains("web: NO_CHANGE");
    immut.copy("specs/api.yaml", "api.yaml");
    String plainLines = inTerminal(immut, "apply api.yaml --yes --no-progress");
    assertThat(plainLines).doesNotContain("\u001b[").contains("api   0% rollout of api-v001").contains("api 100% health gate passed by api-v001");
  }

  private static String inTerminal(Jar immut, String args) {
    StringBuilder command = new StringBuilder();
    for (String part : Jar.javaJar()) {
      command.append('\'').append(part).append("' ");
    }
    command.append(args);
    List<String> script = new ArrayList<>(List.of("/usr/bin/script", "-qec", command.toString(), "/dev/null"));
    Jar.Result r = immut.exec(script, null);
    assertThat(r.exit()).as(r.toString()).isZero();
    return r.out();
  }
}
