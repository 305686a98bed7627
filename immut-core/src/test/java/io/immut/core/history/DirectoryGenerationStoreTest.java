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
    assertThat(SpecCodec.parseJson(SpecCodec.writeJson(rec.spec()))).isEqualTo(rec.spec());
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

  @Test
  void aStrayFileWithAHugeNumberIsIgnoredAndNamedByVerify() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.writeString(file("web-v999999999999.json"), "{}");
    assertThat(store.history("web")).extracting(GenerationRecord::number).containsExactly(1);
    assertThat(store.record(spec("web", "ami-2"), T0).number()).isEqualTo(2);
    assertThatThrownBy(() -> store.verify("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining(file("web-v999999999999.json") + ": the number is out of range")
        .hasMessageContaining("move it out of the directory");
  }

  @Test
  void aDanglingLinkIsNamedWithItsTarget() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Path gone = dir.resolve("elsewhere/web-v002.json");
    Files.createSymbolicLink(file("web-v002.json"), gone);
    assertThatThrownBy(() -> store.history("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("Generation file " + file("web-v002.json") + " is a symbolic link to " + gone
            + ", which does not exist")
        .hasMessageContaining("Restore the file it points to, or remove the link")
        .hasMessageNotContaining("try again");
    assertThatThrownBy(() -> store.record(spec("web", "ami-3"), T0)).hasMessageContaining("is a symbolic link");
  }

  @Test
  void verifyPassesOnAHealthyHistoryAndAFleetWithout() {
    store.record(spec("web", "ami-1"), T0);
    store.record(spec("web", "ami-2"), T0);
    store.updateStatus("web", 2, GenerationStatus.LIVE, null, T0);
    store.verify("web");
    store.verify("api");
    assertThat(store.history("web")).hasSize(2);
  }

  @Test
  void verifyReportsEveryProblemAtOnceBeforeAnythingChanges() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    store.record(spec("web", "ami-2"), T0);
    store.record(spec("web", "ami-3"), T0);
    Files.writeString(file("web-v001.json"), "{ \"fleet\": ");
    Files.copy(file("web-v002.json"), file("web-v004.json"));
    Files.writeString(file("web-v004.json"), Files.readString(file("web-v004.json")).replace("\"number\": 2", "\"number\": 4")
        .replace("web-v002", "web-v004"));
    List<String> before = list(dir.resolve("web"));
    assertThatThrownBy(() -> GenerationStore.directory(dir).verify("web"))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining("The history of fleet 'web' in " + dir.resolve("web") + " has 2 problems")
        .hasMessageContaining(file("web-v001.json") + " is corrupt: it is not valid JSON")
        .hasMessageContaining(file("web-v004.json") + ": holds generation id")
        .hasMessageContaining("as web-v002.json does");
    assertThat(list(dir.resolve("web"))).isEqualTo(before);
  }

  @Test
  void eightWritersWithoutASharedLockAllSucceed() throws Exception {
    // Eight stores on one directory share no lock, as eight processes would not: only the claim on disk decides.
    int writers = 8;
    int specsEach = 12;
    List<GenerationStore> stores = java.util.stream.IntStream.range(0, writers)
        .mapToObj(i -> GenerationStore.directory(dir)).toList();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<GenerationRecord>>> results = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        GenerationStore s = stores.get(w);
        int writer = w;
        results.add(pool.submit(() -> {
          start.await();
          List<GenerationRecord> mine = new java.util.ArrayList<>();
          for (int i = 0; i < specsEach; i++) {
            mine.add(s.record(spec("web", "ami-" + writer + "-" + i), T0));
            mine.add(s.record(spec("web", "ami-shared-" + i), T0));
          }
          return mine;
        }));
      }
      start.countDown();
      java.util.Map<String, java.util.Set<Integer>> numbersById = new java.util.HashMap<>();
      for (var f : results) {
        for (GenerationRecord r : f.get(120, java.util.concurrent.TimeUnit.SECONDS)) {
          numbersById.computeIfAbsent(r.id(), k -> new java.util.HashSet<>()).add(r.number());
        }
      }
      int distinct = writers * specsEach + specsEach;
      assertThat(numbersById).hasSize(distinct).allSatisfy((id, numbers) -> assertThat(numbers).hasSize(1));
      assertThat(GenerationStore.directory(dir).history("web")).extracting(GenerationRecord::number)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, distinct).boxed().toList());
      GenerationStore.directory(dir).verify("web");
      assertThat(list(dir.resolve("web"))).hasSize(distinct).noneMatch(n -> n.endsWith(".tmp"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTakenNumberThatHoldsNoGenerationIsAClearErrorNotALoop() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Files.createDirectory(file("web-v002.json.d"));
    Files.move(file("web-v002.json.d"), file("web-v002.json"));
    assertThatThrownBy(() -> store.record(spec("web", "ami-2"), T0))
        .isInstanceOf(ImmutException.class)
        .hasMessageContaining(file("web-v002.json").toString());
  }

  @Test
  void temporaryFilesLeftByAKilledWriterAreRemovedByTheNextWrite() throws IOException {
    store.record(spec("web", "ami-1"), T0);
    Path stale = Files.writeString(file(".web-v002.12345.tmp"), "{ half");
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
        .minus(DirectoryGenerationStore.STALE_TEMP_AGE).minusSeconds(60)));
    Path young = Files.writeString(file(".web-v002.67890.tmp"), "{ being written");
    assertThat(store.history("web")).hasSize(1);   // readers ignore both
    store.record(spec("web", "ami-2"), T0);
    assertThat(stale).doesNotExist();
    assertThat(young).as("a live writer's file is young and kept").exists();
  }

  private static List<String> list(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
