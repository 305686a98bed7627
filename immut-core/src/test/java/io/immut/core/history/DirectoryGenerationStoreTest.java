package io.immut.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.ImmutException;
import io.immut.core.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryGenerationStoreTest extends GenerationStoreTest {
  @TempDir
  Path dir;

  @Override
  GenerationStore newStore() {
    return GenerationStore.directory(dir);
  }

  private Path file(String name) {
    return dir.resolve("web").resolve(name);
  }

  @Test
  void oneFilePerGenerationUnderTheFleetsDirectory() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    store.record(spec("web", "ami-2"), T0);
    store.record(spec("api", "ami-1"), T0);
    assertThat(list(dir.resolve("web"))).containsExactly("web-v001.json", "web-v002.json");
    assertThat(list(dir.resolve("api"))).containsExactly("api-v001.json");
  }

  @Test
  void theFileIsSortedIndentedJsonHoldingTheWholeSpec() throws IOException {
    var rec = store.record(spec("web", "ami-1"), T0);
    store.updateStatus("web", 1, GenerationStatus.LIVE, "rollout completed", T0.plusSeconds(75));
    String text = Files.readString(file("web-v001.json"));
    assertThat(text).isEqualTo("""
        {
          "createdAt": "2026-11-27T04:00:00Z",
          "fleet": "web",
          "format": 1,
          "id": "%s",
          "name": "web-v001",
          "number": 1,
          "reason": "rollout completed",
          "spec": {
            "capacity": {
              "fixed": 3
            },
            "generation": {
              "image": "ami-1",
              "instanceType": "t3.micro"
            },
            "name": "web"
          },
          "status": "LIVE",
          "updatedAt": "2026-11-27T04:01:15Z"
        }
        """.formatted(rec.id()));
    assertThat(SpecCodec.readJson(SpecCodec.writeJson(rec.spec()))).isEqualTo(rec.spec());
  }

  @Test
  void aStatusChangeChangesOnlyTheLinesOfStatusTimeAndReason() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    List<String> before = Files.readAllLines(file("web-v001.json"));
    store.updateStatus("web", 1, GenerationStatus.LIVE, null, T0.plusSeconds(1));
    List<String> after = Files.readAllLines(file("web-v001.json"));
    assertThat(after).hasSameSizeAs(before);
    List<String> changed = new java.util.ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        changed.add(after.get(i).trim());
      }
    }
    assertThat(changed).containsExactly("\"status\": \"LIVE\",", "\"updatedAt\": \"2026-11-27T04:00:01Z\"");
  }

  @Test
  void aReopenedStoreReadsTheSameHistory() {
    store.record(spec("web", "ami-1"), T0);
    store.record(spec("web", "ami-2"), T0.plusSeconds(10));
    store.updateStatus("web", 1, GenerationStatus.RETIRED, "replaced by web-v002", T0.plusSeconds(20));
    store.updateStatus("web", 2, GenerationStatus.LIVE, "rollout completed", T0.plusSeconds(20));
    List<GenerationRecord> history = store.history("web");

    GenerationStore reopened = GenerationStore.directory(dir);
    assertThat(reopened.history("web")).isEqualTo(history);
    assertThat(reopened.record(spec("web", "ami-2"), T0.plusSeconds(30))).isEqualTo(history.get(1));
    assertThat(reopened.record(spec("web", "ami-3"), T0.plusSeconds(30)).number()).isEqualTo(3);
    assertThat(store.history("web")).hasSize(3);   // the first store sees what the second wrote
  }

  @Test
  void specsWithEveryKindOfPartSurviveTheFile() {
    var spec = SpecCodec.read(Path.of("../examples/src/main/resources/web.yaml"));
    store.record(spec, T0);
    assertThat(GenerationStore.directory(dir).byNumber("web", 1).orElseThrow().spec()).isEqualTo(spec);
  }

  @Test
  void twoStoresOnOneDirectoryClaimNumbersWithoutClashing() throws Exception {
    // Two stores do not share a lock, as two processes would not: the claim of a number on disk decides.
    GenerationStore other = GenerationStore.directory(dir);
    int specs = 16;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<GenerationRecord>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (int i = 1; i <= specs; i++) {
          io.immut.api.FleetSpec s = spec("web", "ami-" + i);
          results.add(pool.submit(() -> store.record(s, T0)));
          results.add(pool.submit(() -> other.record(s, T0)));
        }
      }
      java.util.Map<String, java.util.Set<Integer>> numbersById = new java.util.HashMap<>();
      for (var f : results) {
        GenerationRecord r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        numbersById.computeIfAbsent(r.id(), k -> new java.util.HashSet<>()).add(r.number());
      }
      assertThat(numbersById).hasSize(specs).allSatisfy((id, numbers) -> assertThat(numbers).hasSize(1));
      assertThat(GenerationStore.directory(dir).history("web")).extracting(GenerationRecord::number)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, specs).boxed().toList());
      assertThat(list(dir.resolve("web"))).hasSize(specs);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writesLeaveNoTemporaryFiles() throws IOException {
    for (int i = 1; i <= 3; i++) {
      store.record(spec("web", "ami-" + i), T0);
      store.updateStatus("web", i, GenerationStatus.LIVE, null, T0);
    }
    assertThat(list(dir.resolve("web"))).containsExactly("web-v001.json", "web-v002.json", "web-v003.json");
  }

  @Test
  void otherFilesInTheDirectoryAreIgnored() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.writeString(file("README.md"), "history of web");
    Files.writeString(file(".web-v002.json.123.tmp"), "{ half");
    Files.writeString(file("web-v0002.json"), "not a name immut writes");
    Files.writeString(file("notes.json"), "{}");
    assertThat(store.history("web")).hasSize(1);
    assertThat(store.record(spec("web", "ami-2"), T0).number()).isEqualTo(2);
  }

  @Test
  void aCorruptFileIsReportedByName() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.writeString(file("web-v001.json"), "{ \"fleet\": \"web\", ");
    assertThatThrownBy(() -> GenerationStore.directory(dir).history("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("Generation file " + file("web-v001.json") + " is corrupt: it is not valid JSON")
        .hasMessageContaining("Restore it from version control or remove it");
  }

  @Test
  void aFileWithMissingFieldsIsCorrupt() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.writeString(file("web-v001.json"), "{\"fleet\": \"web\", \"number\": 1}\n");
    assertThatThrownBy(() -> store.byNumber("web", 1))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("is corrupt: it lacks the field(s) format, id, status, createdAt, updatedAt, spec");
  }

  @Test
  void aFileWhoseNumberDisagreesWithItsNameIsCorrupt() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.move(file("web-v001.json"), file("web-v002.json"));
    assertThatThrownBy(() -> store.history("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("web-v002.json is corrupt: it holds number 1 but its name says 2");
  }

  @Test
  void aHandEditedSpecIsCaughtByItsId() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Path f = file("web-v001.json");
    Files.writeString(f, Files.readString(f).replace("\"ami-1\"", "\"ami-9\""));
    assertThatThrownBy(() -> store.history("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("is corrupt: it holds id")
        .hasMessageContaining("was the spec edited by hand?");
  }

  @Test
  void anInvalidSpecInAFileIsCorruptWithItsProblems() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Path f = file("web-v001.json");
    Files.writeString(f, Files.readString(f).replace("\"fixed\": 3", "\"fixed\": -3"));
    assertThatThrownBy(() -> store.history("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("is corrupt: its spec is invalid")
        .hasMessageContaining("capacity.fixed: -3 is out of range");
  }

  @Test
  void anUnknownStatusIsCorrupt() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Path f = file("web-v001.json");
    Files.writeString(f, Files.readString(f).replace("\"PENDING\"", "\"DONE\""));
    assertThatThrownBy(() -> store.history("web")).isInstanceOf(ImmutException.class)
        .hasMessageContaining("its status 'DONE' is not one of");
  }

  @Test
  void aRemovedFileLeavesTheHistory() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    store.record(spec("web", "ami-2"), T0);
    Files.delete(file("web-v002.json"));
    assertThat(store.history("web")).extracting(GenerationRecord::number).containsExactly(1);
  }

  @Test
  void theDirectoryIsCreatedOnTheFirstWrite() {
    Path nested = dir.resolve("deploy/history");
    GenerationStore s = GenerationStore.directory(nested);
    assertThat(s.history("web")).isEmpty();
    assertThat(nested).doesNotExist();
    s.record(spec("web", "ami-1"), T0);
    assertThat(nested.resolve("web/web-v001.json")).isRegularFile();
    assertThat(s).hasToString("generation store at " + nested.toAbsolutePath());
  }

  @Test
  void anUnwritableDirectoryIsAClearError() throws IOException {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory");
    GenerationStore s = GenerationStore.directory(blocker);
    assertThatThrownBy(() -> s.record(spec("web", "ami-1"), T0))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("Cannot write a generation file of fleet 'web'");
  }

  private static List<String> list(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
