package io.immut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a user runs it: exit codes, JSON read back, text against expected files, errors. */
class CliJarIT {
  @TempDir
  Path dir;

  Jar immut;

  @BeforeEach
  void setUp() {
    immut = new Jar(dir);
    immut.copy("specs/web.yaml", "web.yaml");
  }

  @Test
  @DisplayName("--version names the build's version; a wrong command line exits 64 with one line")
  void versionAndUsage() {
    Jar.Result version = immut.run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("immut 0.1.0-SNAPSHOT");

    Jar.Result usage = immut.run("plan");
    assertThat(usage.exit()).as(usage.toString()).isEqualTo(64);
    assertThat(usage.err().strip()).isEqualTo("immut: Missing required parameter: 'FILE'; see: immut plan --help");
  }

  @Test
  @DisplayName("plan: the text as expected, --detailed-exitcode 2 then 0 once applied; apply and status as JSON")
  void planApplyStatus() {
    Jar.Result plan = immut.run("plan", "web.yaml", "--detailed-exitcode");
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(2);
    assertThat(plan.out()).isEqualTo(Jar.resource("expected/plan-web.txt"));

    JsonNode plans = immut.run("plan", "web.yaml", "-o", "json").json();
    assertThat(plans.isArray()).isTrue();
    assertThat(plans.get(0).get("fleet").asText()).isEqualTo("web");
    assertThat(plans.get(0).get("noChange").asBoolean()).isFalse();

    Jar.Result apply = immut.run("apply", "web.yaml", "--yes", "-o", "json");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    JsonNode results = apply.json();
    assertThat(results.get(0).get("outcome").asText()).isEqualTo("COMPLETED");
    assertThat(results.get(0).get("launched").asInt()).isEqualTo(3);

    Jar.Result again = immut.run("plan", "web.yaml", "--detailed-exitcode");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("No changes. web-v001 is live");

    JsonNode status = immut.run("status", "web", "--output", "json").json();
    assertThat(status.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(status.get("live").get("name").asText()).isEqualTo("web-v001");
    assertThat(status.get("healthyCount").asInt()).isEqualTo(3);
    assertThat(status.get("instances")).hasSize(3);

    JsonNode history = immut.run("history", "web", "-o", "json").json();
    assertThat(history.get("generations").get(0).get("status").asText()).isEqualTo("LIVE");
    assertThat(immut.run("history", "web").out()).isEqualTo(Jar.resource("expected/history-web.txt"));

    JsonNode cost = immut.run("cost", "web", "-o", "json").json();
    assertThat(cost.get("fleet").asText()).isEqualTo("web");
  }

  @Test
  @DisplayName("a bad spec: one line per problem with file, line, column and field path; the same problems as JSON")
  void badSpec() {
    immut.copy("specs/bad.yaml", "bad.yaml");
    Jar.Result text = immut.run("plan", "bad.yaml");
    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out()).isEmpty();
    assertThat(text.err()).isEqualTo(Jar.resource("expected/bad-spec.txt"));

    Jar.Result json = immut.run("check", "bad.yaml", "-o", "json");
    assertThat(json.exit()).isEqualTo(1);
    JsonNode problems = json.json().get("error").get("problems");
    assertThat(problems).hasSize(3);
    assertThat(problems.get(2).get("path").asText()).isEqualTo("generation.healthCheck.interval");
    assertThat(problems.get(2).get("line").asInt()).isEqualTo(6);
    assertThat(problems.get(2).get("column").asInt()).isEqualTo(18);
    assertThat(json.json().get("error").get("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  @DisplayName("check exits 3 on an unacknowledged blocker and 0 on a clean spec")
  void check() {
    immut.copy("specs/local-data.yaml", "db.yaml");
    Jar.Result blocked = immut.run("check", "db.yaml");
    assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(3);
    assertThat(blocked.out()).contains("BLOCKER  volume.local-data  volume data");
    assertThat(immut.run("check", "web.yaml").exit()).isZero();
    JsonNode report = immut.run("check", "db.yaml", "-o", "json").json();
    assertThat(report.toString()).contains("volume.local-data");
  }

  @Test
  @DisplayName("apply asks first: no answer or another answer than 'yes' changes nothing")
  void confirmation() {
    Jar.Result none = immut.runWithInput("", "apply", "web.yaml");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("Only 'yes' is accepted").contains("run with --yes");
    Jar.Result no = immut.runWithInput("no\n", "apply", "web.yaml");
    assertThat(no.exit()).isEqualTo(1);
    assertThat(no.err()).contains("apply cancelled: nothing was changed");
    assertThat(immut.run("status", "web").out()).contains("nothing runs");

    Jar.Result yes = immut.runWithInput("yes\n", "apply", "web.yaml");
    assertThat(yes.exit()).as(yes.toString()).isZero();
    assertThat(yes.out()).contains("web: COMPLETED; web-v001 is live").doesNotContain("\u001b[");
  }

  @Test
  @DisplayName("secrets given as configuration never show, and a JDBC history URL shows no password")
  void secrets() {
    Jar.Result aws = immut.run("status", "web", "--driver", "aws", "--config", "secretAccessKey=TOPSECRET-4711",
        "--config", "region=eu-west-1");
    assertThat(aws.exit()).isEqualTo(1);
    assertThat(aws.out() + aws.err()).doesNotContain("TOPSECRET-4711").contains("accessKeyId");

    Jar.Result jdbc = immut.run("status", "web", "--history", "jdbc:mysql://deploy:hunter2@db:5432/immut?password=hunter2");
    assertThat(jdbc.exit()).isEqualTo(1);
    assertThat(jdbc.err()).doesNotContain("hunter2").contains("not a PostgreSQL database");
  }

  @Test
  @DisplayName("driver and configuration: a config file, overridden by the environment, overridden by flags")
  void precedence() throws Exception {
    Files.writeString(dir.resolve("immut.properties"), "driver=sandbox\nsandbox.timeScale=0.5\nowner=team-a\n");
    immut.env.put("IMMUT_CONFIG_FILE", "immut.properties");
    immut.env.remove("IMMUT_CONFIG_TIME_SCALE");
    Jar.Result fromFile = immut.run("plan", "web.yaml");
    assertThat(fromFile.out()).as(fromFile.toString()).contains("estimated duration: 16s");
    immut.env.put("IMMUT_CONFIG_TIME_SCALE", "0.03");
    immut.run("sandbox", "reset");
    Jar.Result fromEnv = immut.run("plan", "web.yaml");
    assertThat(fromEnv.out()).as(fromEnv.toString()).doesNotContain("estimated duration: 16s");
    immut.run("sandbox", "reset");
    Jar.Result fromFlag = immut.run("plan", "web.yaml", "--config", "timeScale=1");
    assertThat(fromFlag.out()).as(fromFlag.toString()).contains("estimated duration: 31s");

    // an unused sandbox takes new settings; one with instances keeps its own
    immut.run("sandbox", "reset");
    assertThat(immut.run("apply", "web.yaml", "--yes").exit()).isZero();
    Jar.Result other = immut.run("plan", "web.yaml", "--config", "timeScale=0.2");
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.err()).contains("immut sandbox reset");
  }

  @Test
  @DisplayName("simulate replays a trace under a policy, reports as JSON and writes the chart as SVG")
  void simulate() throws Exception {
    immut.copy("nasa-4h.csv", "trace.csv");
    Jar.Result r = immut.run("simulate", "trace.csv", "--policy", "hpa", "--chart", "hpa.svg", "-o", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode result = r.json();
    assertThat(result.get("steps").asInt()).isEqualTo(240);
    assertThat(result.get("policy").asText()).isNotBlank();
    assertThat(Double.parseDouble(result.get("cost").asText())).isPositive();
    assertThat(Files.readString(dir.resolve("hpa.svg"))).contains("<svg");

    Jar.Result fixed = immut.run("simulate", "trace.csv", "--policy", "fixed:5", "--no-chart");
    assertThat(fixed.exit()).as(fixed.toString()).isZero();
    assertThat(fixed.out()).isNotBlank();
    Jar.Result bad = immut.run("simulate", "trace.csv", "--policy", "fixed:x");
    assertThat(bad.exit()).isEqualTo(64);
  }
}
