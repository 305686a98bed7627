package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.testpostgres.ThrowawayPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --history jdbc:postgresql://...}: two hosts (two working directories with nothing local
 * in common but the sandbox cloud) share one fleet's history, leases and commands in a real
 * PostgreSQL started for the test.
 */
class PostgresHistoryIT {
  private static ThrowawayPostgres postgres;

  @TempDir
  Path dir;

  Jar hostA;
  Jar hostB;
  String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    Path bin = ThrowawayPostgres.binaries().orElse(null);
    Assumptions.assumeTrue(bin != null, ThrowawayPostgres::missingMessage);
    postgres = ThrowawayPostgres.start(bin);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    url = postgres.newDatabase();
    hostA = host("a");
    hostB = host("b");
  }

  private Jar host(String name) throws Exception {
    Path cwd = Files.createDirectories(dir.resolve(name));
    Jar jar = new Jar(cwd);
    // one cloud for both hosts, as two CI runners see the same account
    jar.env.put("IMMUT_SANDBOX_DIR", dir.resolve("cloud").toString());
    jar.env.put("IMMUT_HISTORY", url);
    jar.env.put("IMMUT_HISTORY_USER", ThrowawayPostgres.USER);
    jar.env.put("IMMUT_HISTORY_PASSWORD", ThrowawayPostgres.PASSWORD);
    return jar;
  }

  @Test
  @DisplayName("one host applies, the other sees the live generation and its history, rolls it out and back")
  void twoHostsShareTheHistory() throws Exception {
    hostA.copy("specs/web.yaml", "web.yaml");
    Jar.Result first = hostA.run("apply", "web.yaml", "--yes", "-o", "json");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.json().get(0).get("outcome").asText()).isEqualTo("COMPLETED");

    JsonNode status = hostB.run("status", "web", "-o", "json").json();
    assertThat(status.get("live").get("name").asText()).isEqualTo("web-v001");
    assertThat(status.get("healthyCount").asInt()).isEqualTo(3);

    Path v2 = hostB.copy("specs/web.yaml", "web.yaml");
    Files.writeString(v2, Files.readString(v2).replace("ami-web-v1", "ami-web-v2"));
    Jar.Result second = hostB.run("apply", "web.yaml", "--yes", "-o", "json");
    assertThat(second.exit()).as(second.toString()).isZero();

    JsonNode history = hostA.run("history", "web", "-o", "json").json();
    assertThat(history.get("generations")).hasSize(2);
    assertThat(history.get("generations").get(0).get("status").asText()).isEqualTo("RETIRED");
    assertThat(history.get("generations").get(1).get("name").asText()).isEqualTo("web-v002");
    assertThat(history.get("generations").get(1).get("status").asText()).isEqualTo("LIVE");

    Jar.Result rollback = hostA.run("rollback", "web", "-o", "json");
    assertThat(rollback.exit()).as(rollback.toString()).isZero();
    assertThat(hostB.run("status", "web", "-o", "json").json().get("live").get("name").asText()).isEqualTo("web-v001");
    assertThat(Files.exists(hostA.cwd.resolve(".immut/history"))).as("nothing kept in a local directory").isFalse();
    assertThat(Files.exists(hostB.cwd.resolve(".immut/history"))).isFalse();
  }

  @Test
  @DisplayName("a rollout waiting for promotion on one host is promoted by a command from the other")
  void promoteFromAnotherHost() throws Exception {
    hostA.copy("specs/manual.yaml", "shop.yaml");
    Jar.Result started = hostA.run("apply", "shop.yaml", "--yes", "--async", "-o", "json");
    assertThat(started.exit()).as(started.toString()).isZero();
    Path log = Path.of(started.json().get("log").asText());
    awaitLog(log, "waiting for promotion");

    hostB.copy("specs/manual.yaml", "shop.yaml");
    Jar.Result busy = hostB.run("apply", "shop.yaml", "--yes");
    assertThat(busy.exit()).as("the other host's apply while the fleet's lease is held: " + busy).isEqualTo(4);

    Jar.Result promote = hostB.run("promote", "shop");
    assertThat(promote.exit()).as(promote.toString()).isZero();
    awaitLog(log, "shop: COMPLETED");
    assertThat(hostB.run("status", "shop", "-o", "json").json().get("live").get("name").asText()).isEqualTo("shop-v001");
  }

  @Test
  @DisplayName("a wrong password: exit 1, one message naming the database, never the password")
  void wrongPassword() throws Exception {
    hostA.copy("specs/web.yaml", "web.yaml");
    hostA.env.put("IMMUT_HISTORY_PASSWORD", "wrong-Pa55word");
    Jar.Result r = hostA.run("plan", "web.yaml");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("cannot use the history jdbc:postgresql://127.0.0.1:" + postgres.port())
        .doesNotContain("wrong-Pa55word");
    assertThat(r.err().strip().lines()).as("one line: " + r.err()).hasSize(1);
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
}
