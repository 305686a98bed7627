package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox shared by commands running at once, and a background apply steered from other commands. */
class SandboxIT {
  @TempDir
  Path dir;

  Jar immut;

  @BeforeEach
  void setUp() {
    immut = new Jar(dir);
  }

  @Test
  @DisplayName("two applies at once on one sandbox: both complete, each sees the other's fleet, the journal stays whole")
  void concurrentApplies() throws Exception {
    immut.copy("specs/web.yaml", "web.yaml");
    immut.copy("specs/api.yaml", "api.yaml");
    CompletableFuture<Jar.Result> web = CompletableFuture.supplyAsync(() -> immut.run("apply", "web.yaml", "--yes"));
    CompletableFuture<Jar.Result> api = CompletableFuture.supplyAsync(() -> immut.run("apply", "api.yaml", "--yes"));
    assertThat(web.get().exit()).as(web.get().toString()).isZero();
    assertThat(api.get().exit()).as(api.get().toString()).isZero();

    JsonNode webStatus = immut.run("status", "web", "-o", "json").json();
    JsonNode apiStatus = immut.run("status", "api", "-o", "json").json();
    assertThat(webStatus.get("healthyCount").asInt()).isEqualTo(3);
    assertThat(apiStatus.get("healthyCount").asInt()).isEqualTo(2);
    List<String> ids = new java.util.ArrayList<>();
    webStatus.get("instances").forEach(i -> ids.add(i.get("id").asText()));
    apiStatus.get("instances").forEach(i -> ids.add(i.get("id").asText()));
    assertThat(ids).as("instance ids, unique across the two commands").doesNotHaveDuplicates().hasSize(5);

    List<String> lines = Files.readAllLines(dir.resolve("sandbox/cloud.journal"));
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(Jar.JSON.readTree(l).get("type").asText())
        .isIn("launch", "terminate", "register", "deregister"));

    Jar.Result reset = immut.run("sandbox", "reset", "-o", "json");
    assertThat(reset.json().get("hadContent").asBoolean()).isTrue();
    assertThat(immut.run("status", "web", "-o", "json").json().get("instances")).isEmpty();
  }

  @Test
  @DisplayName("apply --async returns while the rollout waits for promotion; promote from another command finishes it")
  void asyncAndPromote() throws Exception {
    immut.copy("specs/manual.yaml", "shop.yaml");
    Jar.Result first = immut.run("apply", "shop.yaml", "--yes", "--async", "-o", "json");
    assertThat(first.exit()).as(first.toString()).isZero();
    JsonNode started = first.json();
    assertThat(started.get("async").asBoolean()).isTrue();
    assertThat(started.get("fleets").get(0).asText()).isEqualTo("shop");
    Path log = Path.of(started.get("log").asText());

    // the rollout waits for a promotion once its generation passed its gate
    awaitLog(log, "waiting for promotion");
    Jar.Result busy = immut.run("apply", "shop.yaml", "--yes");
    assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);

    Jar.Result promote = immut.run("promote", "shop");
    assertThat(promote.exit()).as(promote.toString()).isZero();
    awaitLog(log, "shop: COMPLETED");
    assertThat(immut.run("status", "shop", "-o", "json").json().get("live").get("name").asText()).isEqualTo("shop-v001");

    Jar.Result nothing = immut.run("abort", "shop");
    assertThat(nothing.exit()).isEqualTo(1);
    assertThat(nothing.err()).contains("has no rollout under way to abort");
  }

  private static void awaitLog(Path log, String text) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the background apply's log never showed '" + text + "':\n" + Files.readString(log));
  }

  @Test
  @DisplayName("controller --once rolls out every spec of a directory and reports its health as JSON")
  void controllerOnce() {
    immut.copy("specs/web.yaml", "fleets/web.yaml");
    immut.copy("specs/api.yaml", "fleets/api.yaml");
    Jar.Result r = immut.run("controller", "--specs", "fleets", "--once", "-o", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode health = r.json();
    assertThat(health.get("healthy").asBoolean()).isTrue();
    assertThat(health.get("fleets")).hasSize(2);
    assertThat(health.get("fleets").get(1).get("liveGeneration").asText()).isEqualTo("web-v001");
    assertThat(immut.run("status", "api", "-o", "json").json().get("healthyCount").asInt()).isEqualTo(2);
  }
}
