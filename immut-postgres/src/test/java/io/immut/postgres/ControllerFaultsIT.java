package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.core.history.GenerationRecord;
import io.immut.core.port.FleetCommand;
import io.immut.core.spec.SpecCodec;
import io.immut.postgres.cloud.SharedCloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link ControllerProcess}es, each a JVM of its own, on one PostgreSQL store and one
 * {@link SharedCloud} served from this JVM, watching one directory of spec files: the one holding a
 * fleet in the middle of a rollout is killed with SIGKILL, the other takes its fleets and finishes;
 * commands written by a third process ({@link CommandProcess}) are carried out by whichever holds
 * the fleet.
 */
@ExtendWith(PostgresExtension.class)
class ControllerFaultsIT {
  static final Duration TTL = Duration.ofSeconds(3);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final int SIZE = 4;

  @TempDir
  Path dir;
  PostgresServer server;
  String url;
  SharedCloud cloud;
  PostgresFleetStore store;
  Path specs;
  final Map<String, Process> controllers = new HashMap<>();
  final List<Process> started = new ArrayList<>();

  @BeforeEach
  void open(PostgresServer s) throws Exception {
    server = s;
    url = s.newDatabase();
    cloud = SharedCloud.start();
    store = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("test").build();
    specs = Files.createDirectories(dir.resolve("fleets"));
  }

  @AfterEach
  void close() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    store.close();
    cloud.close();
  }

  Process java(String name, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile());
    pb.environment().put("IMMUT_TEST_DB_PASSWORD", PostgresServer.PASSWORD);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  void controller(String holder) throws IOException {
    controllers.put(holder, java(holder, ControllerProcess.class, cloud.endpoint().toString(), url, "immut",
        specs.toString(), holder, Long.toString(TTL.toMillis()), Long.toString(INTERVAL.toMillis())));
  }

  void command(String command, String fleet) throws Exception {
    Process p = java("operator-" + command, CommandProcess.class, cloud.endpoint().toString(), url, "immut", "operator",
        command, fleet);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output("operator-" + command)).startsWith("SENT " + command + " " + fleet);
  }

  void write(FleetSpec spec) throws IOException {
    cloud.register(spec);
    Path tmp = dir.resolve(spec.name() + ".tmp");
    Files.writeString(tmp, SpecCodec.writeJson(spec));
    Files.move(tmp, specs.resolve(spec.name() + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  String output(String name) throws IOException {
    Path out = dir.resolve(name + ".out");
    return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
  }

  String outputs() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String c : controllers.keySet()) {
      b.append("---- ").append(c).append(":\n").append(output(c)).append('\n');
    }
    return b.toString();
  }

  void await(String what, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what + "\n" + outputs());
      }
      Thread.sleep(20);
    }
  }

  boolean live(FleetSpec spec) {
    return store.lifecycle().live(spec.name()).map(GenerationRecord::id).filter(spec.generationId()::equals).isPresent()
        && Fleets.live(cloud, spec.name()).size() == SIZE
        && Fleets.live(cloud, spec.name()).stream().allMatch(i -> i.generationId().equals(spec.generationId()));
  }

  /** The lease row of a fleet, read on the database. */
  record LeaseRow(String holder, long token, Instant acquiredAt, Instant expiresAt, Instant now) {}

  LeaseRow lease(String fleet) {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
         PreparedStatement s = c.prepareStatement(
             "SELECT holder, token, acquired_at, expires_at, now() FROM immut.fleet_lease WHERE fleet = ?")) {
      s.setString(1, fleet);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return new LeaseRow("", 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
        }
        return new LeaseRow(r.getString(1), r.getLong(2), instant(r.getTimestamp(3)), instant(r.getTimestamp(4)),
            instant(r.getTimestamp(5)));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant instant(Timestamp t) {
    return t == null ? Instant.EPOCH : t.toInstant();
  }

  @Test
  @DisplayName("kill -9 of the controller JVM holding fleets mid-rollout: the other takes them within TTL + one interval,"
      + " finishes, no double launch, no leak; promote and rollback from a third JVM are carried out by the holder")
  void killedControllerAndCommandsFromAnotherProcess() throws Exception {
    FleetSpec a1 = Fleets.rolling("ctl-a", "ami-1", SIZE);
    FleetSpec b1 = Fleets.rolling("ctl-b", "ami-1", SIZE);
    FleetSpec c1 = Fleets.rolling("ctl-c", "ami-1", SIZE);
    FleetSpec a2 = Fleets.rolling("ctl-a", "ami-2", SIZE);
    FleetSpec b2 = Fleets.rolling("ctl-b", "ami-2", SIZE);
    FleetSpec c2 = Fleets.manual("ctl-c", "ami-2", SIZE);
    for (FleetSpec s : List.of(a1, b1, c1)) {
      write(s);
    }
    controller("ctl-1");
    controller("ctl-2");
    await("every fleet live at v1", () -> live(a1) && live(b1) && live(c1));

    for (FleetSpec s : List.of(a2, b2, c2)) {
      write(s);
    }
    // kill the holder of ctl-a or ctl-b as soon as one of them is half way through its rollout
    FleetSpec[] victimFleet = new FleetSpec[1];
    await("a rolling fleet in the middle of its rollout", () -> {
      for (FleetSpec s : List.of(a2, b2)) {
        int n = Fleets.launched(cloud, s).size();
        if (n >= 1 && n < SIZE) {
          victimFleet[0] = s;
          return true;
        }
      }
      return false;
    });
    String victim = lease(victimFleet[0].name()).holder();
    assertThat(controllers).containsKey(victim);
    String heir = victim.equals("ctl-1") ? "ctl-2" : "ctl-1";
    Process killed = controllers.get(victim);
    killed.destroyForcibly(); // SIGKILL: no shutdown hook, no lease released
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Map<String, LeaseRow> atKill = new HashMap<>();
    for (String f : List.of("ctl-a", "ctl-b", "ctl-c")) {
      LeaseRow row = lease(f);
      if (row.holder().equals(victim)) {
        atKill.put(f, row);
      }
    }
    int launchedAtKill = Fleets.launched(cloud, victimFleet[0]).size();
    assertThat(launchedAtKill).as("the rollout of %s was under way", victimFleet[0].name()).isLessThan(SIZE);
    assertThat(atKill).as("the killed controller held the fleet it was rolling out").containsKey(victimFleet[0].name());

    await("ctl-a and ctl-b live at v2", () -> live(a2) && live(b2));
    for (Map.Entry<String, LeaseRow> e : atKill.entrySet()) {
      LeaseRow now = lease(e.getKey());
      assertThat(now.holder()).as("%s taken by the surviving controller", e.getKey()).isEqualTo(heir);
      assertThat(now.token()).as("a larger fencing token").isGreaterThan(e.getValue().token());
      // the dead holder's lease ran to its expiry (at most the TTL after the kill); the heir's next
      // reconcile takes the fleet, one interval later at most (plus its dispatcher's tick)
      Duration afterExpiry = Duration.between(e.getValue().expiresAt(), now.acquiredAt());
      Duration afterKill = Duration.between(e.getValue().now(), now.acquiredAt());
      assertThat(afterExpiry).as("%s taken %s after the dead lease expired", e.getKey(), afterExpiry)
          .isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(INTERVAL.plusMillis(500));
      assertThat(afterKill).as("%s taken %s after the kill", e.getKey(), afterKill)
          .isLessThanOrEqualTo(TTL.plus(INTERVAL).plusMillis(500));
    }

    // ctl-c waits for a promotion (blue/green, manual), held by whichever controller is left
    await("ctl-c's green instances up, waiting for a promotion",
        () -> Fleets.launched(cloud, c2).stream().filter(i -> i.state().isLive()).count() == SIZE);
    command("promote", "ctl-c");
    await("ctl-c promoted to v2", () -> live(c2));

    // a rollback of ctl-a, written by a third process, restores v1
    command("rollback", "ctl-a");
    await("ctl-a rolled back to v1", () -> live(a1));

    assertThat(store.commandLog("ctl-c", 5)).as(outputs()).singleElement().satisfies(c -> {
      assertThat(c.command()).isEqualTo(FleetCommand.PROMOTE);
      assertThat(c.sentBy()).isEqualTo("operator");
      assertThat(c.done()).isPresent();
      assertThat(c.outcome()).contains(heir);
    });
    assertThat(store.commandLog("ctl-a", 5)).as(outputs()).singleElement().satisfies(c -> {
      assertThat(c.command()).isEqualTo(FleetCommand.ROLLBACK);
      assertThat(c.done()).isPresent();
      assertThat(c.outcome()).contains(heir);
    });

    // every instance ever launched: each generation launched once per instance (ctl-a's v1 a second
    // time by the rollback), and nothing live but the fleets' current generations
    assertThat(Fleets.launched(cloud, a2)).as("ctl-a v2, no double launch").hasSize(SIZE);
    assertThat(Fleets.launched(cloud, b2)).as("ctl-b v2, no double launch").hasSize(SIZE);
    assertThat(Fleets.launched(cloud, c2)).as("ctl-c v2, no double launch").hasSize(SIZE);
    assertThat(Fleets.launched(cloud, b1)).hasSize(SIZE);
    assertThat(Fleets.launched(cloud, c1)).hasSize(SIZE);
    assertThat(Fleets.launched(cloud, a1)).as("ctl-a v1: first rollout and the rollback").hasSize(2 * SIZE);
    assertThat(cloud.cloud().instances()).as("every instance ever launched").hasSize(7 * SIZE);
    assertThat(cloud.cloud().instances().stream().filter(i -> i.state().isLive()))
        .as("no leak: only the current generations live").hasSize(3 * SIZE)
        .allSatisfy(i -> assertThat(i.generationId()).isEqualTo(Map.of("ctl-a", a1.generationId(), "ctl-b",
            b2.generationId(), "ctl-c", c2.generationId()).get(i.fleet())));
    assertThat(controllers.get(heir).isAlive()).isTrue();
  }
}
