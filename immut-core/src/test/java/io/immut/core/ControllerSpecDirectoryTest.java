package io.immut.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.FleetState;
import io.immut.core.controller.LeaseState;
import io.immut.core.controller.SpecFileProblem;
import io.immut.core.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller watching a directory of spec files: added, changed, broken and deleted files. */
class ControllerSpecDirectoryTest {
  @TempDir
  Path locks;
  @TempDir
  Path specs;

  private static void write(Path file, String text, int second) throws IOException {
    Files.writeString(file, text);
    // file times are coarse on some file systems: give each version its own
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
  }

  private static String yaml(String fleet, String image, int size) {
    return SpecCodec.writeYaml(ControllerScene.spec(fleet, image, size));
  }

  @Test
  void filesAddChangeAndRemoveFleetsAndABadFileHoldsUpNoOther() throws IOException {
    ControllerScene s = new ControllerScene(locks);
    Immut immut = s.immut();
    FleetController c = immut.controller().specDirectory(specs).listener(s.events::add).build();
    write(specs.resolve("web.yaml"), yaml("web", "ami-1", 3), 1);
    write(specs.resolve("api.json"), SpecCodec.writeJson(ControllerScene.spec("api", "ami-1", 2)), 1);
    write(specs.resolve("broken.yaml"), "name: broken\ncapacity: { fixed: 2 }\ngeneration:\n  image: ami-1\n  instanceTyp: t3.micro\n", 1);
    write(specs.resolve("notes.txt"), "not a spec", 1);

    ControllerHealth h = c.runOnce();
    assertThat(h.fleets()).extracting(f -> f.fleet()).containsExactly("api", "web");
    assertThat(h.fleets()).allMatch(f -> f.state() == FleetState.RECONCILED);
    assertThat(h.fleet("web").orElseThrow().source()).endsWith("web.yaml");
    assertThat(h.specProblems()).singleElement().satisfies(p -> {
      assertThat(p.file().getFileName()).hasToString("broken.yaml");
      assertThat(p.message()).contains("instanceTyp").containsPattern("line \\d+");
    });
    assertThat(h.isHealthy()).isFalse();
    assertThat(s.events(ControllerEvent.SpecRejected.class)).hasSize(1);

    // a change rolls out; the broken file fixed adds its fleet
    write(specs.resolve("web.yaml"), yaml("web", "ami-2", 3), 2);
    write(specs.resolve("broken.yaml"), yaml("broken", "ami-1", 2), 2);
    s.virtual().advance(Duration.ofSeconds(15));
    h = c.runOnce();
    assertThat(h.fleet("web").orElseThrow().liveGeneration()).isEqualTo("web-v002");
    assertThat(h.fleet("broken").orElseThrow().state()).isEqualTo(FleetState.RECONCILED);
    assertThat(h.specProblems()).isEmpty();

    // a file that turns bad keeps its fleet's last good spec
    write(specs.resolve("web.yaml"), "name: web\ncapacity: { fixed: -1 }\n", 3);
    s.virtual().advance(Duration.ofSeconds(15));
    h = c.runOnce();
    assertThat(h.fleet("web").orElseThrow().liveGeneration()).isEqualTo("web-v002");
    assertThat(h.specProblems()).extracting(SpecFileProblem::file).containsExactly(specs.resolve("web.yaml").toAbsolutePath());

    // a deleted file stops the management of its fleet, which is left running
    Files.delete(specs.resolve("api.json"));
    s.virtual().advance(Duration.ofSeconds(15));
    h = c.runOnce();
    assertThat(h.fleet("api")).isEmpty();
    assertThat(s.live("api")).hasSize(2);
    assertThat(immut.fleetEngine().leases().isLeased(immut.fleetEngine().key("api"))).isFalse();
    assertThat(s.events(ControllerEvent.LeaseChanged.class)).anySatisfy(e -> {
      assertThat(e.fleet()).isEqualTo("api");
      assertThat(e.to()).isEqualTo(LeaseState.NONE);
    });
  }

  @Test
  void twoFilesForOneFleetAndAFleetOfTheApiAreProblemsOfTheLaterFile() throws IOException {
    ControllerScene s = new ControllerScene(locks);
    FleetController c = s.immut().controller().specDirectory(specs).build();
    c.put(ControllerScene.spec("api", "ami-1", 1));
    write(specs.resolve("a-web.yaml"), yaml("web", "ami-1", 1), 1);
    write(specs.resolve("b-web.yaml"), yaml("web", "ami-2", 1), 1);
    write(specs.resolve("api.yaml"), yaml("api", "ami-2", 1), 1);
    ControllerHealth h = c.runOnce();
    assertThat(h.fleet("web").orElseThrow().source()).endsWith("a-web.yaml");
    assertThat(h.fleet("api").orElseThrow().source()).isEqualTo("api");
    assertThat(h.specProblems()).extracting(p -> p.file().getFileName().toString()).containsExactlyInAnyOrder("b-web.yaml",
        "api.yaml");
    assertThat(h.specProblems()).anySatisfy(p -> assertThat(p.message()).contains("also defined by").contains("a-web.yaml"));
    assertThat(h.specProblems()).anySatisfy(p -> assertThat(p.message()).contains("managed through the API"));
  }
}
