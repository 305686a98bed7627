package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetKey;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.spec.SpecCodec;
import io.immut.postgres.cloud.RemoteCloudDriver;
import io.immut.postgres.cloud.SharedCloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines in JVMs of their own ({@link RolloutProcess}, started with this test's class path) on one
 * PostgreSQL store and one {@link SharedCloud} served from this JVM: two processes on one fleet, and
 * a process killed with SIGKILL in the middle of a rollout.
 */
@ExtendWith(PostgresExtension.class)
class ProcessFaultsIT {
  static PostgresServer server;
  static String url;
  static SharedCloud cloud;
  static PostgresFleetStore store;

  @TempDir
  Path dir;
  final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void open(PostgresServer s) throws Exception {
    server = s;
    url = s.newDatabase();
    cloud = SharedCloud.start();
    store = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("test").build();
  }

  @AfterAll
  static void close() {
    store.close();
    cloud.close();
  }

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A child engine applying a spec; its output goes to {@code <holder>.out}. */
  Process engine(FleetSpec spec, String holder, Duration ttl, String mode) throws IOException {
    cloud.register(spec);
    Path file = dir.resolve(holder + ".json");
    Files.writeString(file, SpecCodec.writeJson(spec));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), RolloutProcess.class.getName(), cloud.endpoint().toString(), url, "immut",
        file.toString(), Long.toString(ttl.toMillis()), holder, mode)
        .redirectErrorStream(true).redirectOutput(dir.resolve(holder + ".out").toFile());
    pb.environment().put("IMMUT_TEST_DB_PASSWORD", PostgresServer.PASSWORD);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  String output(String holder) throws IOException {
    Path out = dir.resolve(holder + ".out");
    return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
  }

  void awaitLine(String holder, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (output(holder).lines().anyMatch(l -> l.startsWith(prefix))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(holder + " printed no line starting with " + prefix + ":\n" + output(holder));
  }

  String line(String holder, String prefix) throws IOException {
    return output(holder).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
  }

  static FleetKey key(String fleet) {
    return new FleetKey(new RemoteCloudDriver(cloud.endpoint()).scope(), "immut", fleet);
  }

  @Test
  @DisplayName("two JVMs apply different specs to one fleet: one holds it, the other is told it is busy and by whom")
  void twoProcessesOneFleet() throws Exception {
    Process a = engine(Fleets.manual("jvms", "ami-a", 2), "jvm-a", Duration.ofSeconds(10), "once");
    awaitLine("jvm-a", "EVENT AwaitingPromotion");

    Process b = engine(Fleets.manual("jvms", "ami-b", 2), "jvm-b", Duration.ofSeconds(10), "once");
    assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(b.exitValue()).as(output("jvm-b")).isEqualTo(2);
    assertThat(line("jvm-b", "BUSY")).contains("fleet 'jvms' is busy: a rollout by jvm-a holds its lease");

    store.commands().send(key("jvms"), FleetCommand.PROMOTE);
    assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(line("jvm-a", "RESULT")).as(output("jvm-a")).startsWith("RESULT COMPLETED");
    assertThat(store.lifecycle().history("jvms")).singleElement()
        .satisfies(r -> assertThat(r.id()).isEqualTo(Fleets.manual("jvms", "ami-a", 2).generationId()));
    assertThat(store.commandLog("jvms", 5)).singleElement()
        .satisfies(c -> assertThat(c.outcome()).contains("cleared by the lease holder jvm-a"));
  }

  @Test
  @DisplayName("kill -9 of a JVM in the middle of apply: another takes the fleet after the lease's TTL and finishes, no double launch, no leak")
  void killedInTheMiddle() throws Exception {
    FleetSpec v1 = Fleets.rolling("killed", "ami-1", 4);
    FleetSpec v2 = Fleets.rolling("killed", "ami-2", 4);
    cloud.register(v1);
    try (Immut immut = Fleets.engine(store, cloud, Duration.ofSeconds(30))) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
    }
    Process a = engine(v2, "doomed", Duration.ofSeconds(3), "once");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Fleets.launched(cloud, v2).size() < 2 && a.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(a.isAlive()).as("the rollout was still under way: " + output("doomed")).isTrue();
    a.destroyForcibly();
    assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    int launchedBefore = Fleets.launched(cloud, v2).size();
    assertThat(launchedBefore).isBetween(2, 3);

    Process b = engine(v2, "heir", Duration.ofSeconds(3), "retry-busy");
    assertThat(b.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(line("heir", "RESULT")).as(output("heir")).startsWith("RESULT COMPLETED");
    assertThat(Fleets.launched(cloud, v2)).as("no double launch").hasSize(4);
    assertThat(Fleets.live(cloud, "killed")).as("no leak").hasSize(4)
        .allSatisfy(i -> assertThat(i.generationId()).isEqualTo(v2.generationId()));
    assertThat(store.lifecycle().history("killed")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.RETIRED, GenerationStatus.LIVE);
    assertThat(store.leases().isLeased(key("killed"))).isFalse();
  }
  @Test
  @DisplayName("a JVM stopped (SIGSTOP) past its lease while another takes the fleet: after SIGCONT its rollout is fenced off and writes nothing")
  void stoppedPastItsLease() throws Exception {
    FleetSpec v1 = Fleets.rolling("stopped", "ami-1", 2);
    FleetSpec v2 = Fleets.manual("stopped", "ami-2", 2);
    cloud.register(v1);
    try (Immut immut = Fleets.engine(store, cloud, Duration.ofSeconds(30))) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
    }
    Process a = engine(v2, "sleeper", Duration.ofSeconds(2), "once");
    awaitLine("sleeper", "EVENT AwaitingPromotion");

    signal(a, "STOP");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    io.immut.core.port.FleetLease taken = null;
    while (taken == null && System.nanoTime() < deadline) {
      try {
        taken = store.leases().acquire(key("stopped"), Duration.ofSeconds(30));
      } catch (io.immut.core.rollout.FleetBusyException e) {
        Thread.sleep(100);
      }
    }
    assertThat(taken).as("the stopped process's lease ran out").isNotNull();
    store.commands().send(key("stopped"), FleetCommand.PROMOTE);
    signal(a, "CONT");

    assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(line("sleeper", "RESULT")).as(output("sleeper")).startsWith("RESULT FAILED")
        .contains("changes nothing more");
    assertThat(store.lifecycle().live("stopped")).map(GenerationRecord::id).contains(v1.generationId());
    assertThat(store.lifecycle().find("stopped", v2.generationId())).map(GenerationRecord::status)
        .contains(GenerationStatus.PENDING);
    assertThat(store.commands().pending(key("stopped"))).as("the fenced process cleared no command")
        .contains(FleetCommand.PROMOTE);
    taken.release();
  }

  /** Sends a signal to a child this test started, by its pid. */
  static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
