package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reachability probes against in-test TCP servers on loopback. */
class BindingProbeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final StateCheck check = StateCheck.builder().probeLoopback(true).probeTimeout(TIMEOUT).build();

  private StateReport checkBinding(String name, String uri) {
    return check.checkSpec(Specs.withBindings(Map.of(name, uri), true));
  }

  @Test
  @DisplayName("a closed port is an unreachable store: a blocker")
  void closedPortBlocks() throws IOException {
    StateReport report = checkBinding("sessions", "redis://127.0.0.1:" + FakeServer.closedPort());

    assertThat(report.blockers()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.BINDING_UNREACHABLE);
      assertThat(f.subject()).isEqualTo("sessions");
      assertThat(f.message()).contains("refused", "must not take over");
    });
  }

  @Test
  @DisplayName("a server that accepts and closes is no Redis: a blocker")
  void acceptAndCloseIsNoRedis() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.closes())) {
      StateReport report = checkBinding("sessions", "redis://127.0.0.1:" + server.port());

      assertThat(report.blockers()).singleElement().satisfies(f -> {
        assertThat(f.rule()).isEqualTo(Rules.BINDING_UNREACHABLE);
        assertThat(f.message()).contains("without answering PING");
      });
    }
  }

  @Test
  @DisplayName("a server that accepts and closes is reachable for a TCP-only scheme")
  void acceptAndCloseIsReachableOverTcp() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.closes())) {
      StateReport report = checkBinding("files", "nfs://127.0.0.1:" + server.port() + "/exports/web");

      assertThat(report.blocksRollout()).isFalse();
      assertThat(report.byRule(Rules.BINDING_REACHABLE)).singleElement()
          .satisfies(f -> assertThat(f.message()).contains("TCP connection"));
    }
  }

  @Test
  @DisplayName("a fake Redis answering +PONG is reachable")
  void fakeRedisPong() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.answersLine("+PONG\r\n"))) {
      StateReport report = checkBinding("sessions", "redis://127.0.0.1:" + server.port() + "/0");

      assertThat(report.blocksRollout()).isFalse();
      assertThat(report.byRule(Rules.BINDING_REACHABLE)).singleElement()
          .satisfies(f -> assertThat(f.message()).contains("+PONG"));
    }
  }

  @Test
  @DisplayName("a Redis asking for a password (-NOAUTH) is reachable")
  void fakeRedisNoAuth() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.answersLine("-NOAUTH Authentication required.\r\n"))) {
      StateReport report = checkBinding("sessions", "redis://127.0.0.1:" + server.port());

      assertThat(report.blocksRollout()).isFalse();
      assertThat(report.byRule(Rules.BINDING_REACHABLE).get(0).message()).contains("requires a password");
    }
  }

  @Test
  @DisplayName("a server answering PING with something else is no Redis: a blocker")
  void wrongProtocolForRedis() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.answersLine("HTTP/1.1 400 Bad Request\r\n"))) {
      StateReport report = checkBinding("sessions", "redis://127.0.0.1:" + server.port());

      assertThat(report.blockers()).singleElement().satisfies(f -> assertThat(f.message()).contains("not a Redis server"));
    }
  }

  @Test
  @DisplayName("a fake PostgreSQL answering the SSL request with N is reachable; one that closes is not")
  void fakePostgresql() throws IOException {
    try (FakeServer pg = new FakeServer(FakeServer.answersBytes(8, (byte) 'N'));
         FakeServer closes = new FakeServer(FakeServer.closes())) {
      StateReport ok = checkBinding("database", "postgresql://127.0.0.1:" + pg.port() + "/app");
      StateReport bad = checkBinding("database", "postgres://127.0.0.1:" + closes.port() + "/app");

      assertThat(ok.blocksRollout()).isFalse();
      assertThat(ok.byRule(Rules.BINDING_REACHABLE).get(0).message()).contains("PostgreSQL");
      assertThat(bad.blockers()).singleElement().satisfies(f -> assertThat(f.message()).contains("SSL request"));
    }
  }

  @Test
  @DisplayName("a fake MySQL sending a protocol 10 handshake is reachable")
  void fakeMysql() throws IOException {
    byte[] greeting = {0x0a, 0, 0, 0, 0x0a, '8', '.', '0', 0};
    try (FakeServer server = new FakeServer(FakeServer.greets(greeting))) {
      StateReport report = checkBinding("database", "mysql://127.0.0.1:" + server.port() + "/app");

      assertThat(report.blocksRollout()).isFalse();
      assertThat(report.byRule(Rules.BINDING_REACHABLE).get(0).message()).contains("MySQL");
    }
  }

  @Test
  @DisplayName("a fake memcached answering VERSION is reachable")
  void fakeMemcached() throws IOException {
    try (FakeServer server = new FakeServer(FakeServer.answersLine("VERSION 1.6.21\r\n"))) {
      StateReport report = checkBinding("cache", "memcached://127.0.0.1:" + server.port());

      assertThat(report.blocksRollout()).isFalse();
      assertThat(report.byRule(Rules.BINDING_REACHABLE).get(0).message()).contains("VERSION 1.6.21");
    }
  }

  @Test
  @DisplayName("a server that accepts but never answers is unreachable after the timeout")
  void silentServerTimesOut() throws IOException {
    StateCheck quick = StateCheck.builder().probeLoopback(true).probeTimeout(Duration.ofMillis(200)).build();
    try (FakeServer server = new FakeServer(FakeServer.silent())) {
      StateReport report = quick.checkSpec(Specs.withBindings(Map.of("sessions", "redis://127.0.0.1:" + server.port()), true));

      assertThat(report.blockers()).singleElement().satisfies(f -> assertThat(f.message()).contains("no answer within 200 ms"));
    }
  }

  @Test
  @DisplayName("an unknown host is unreachable")
  void unknownHost() {
    StateReport report = StateCheck.defaults().checkSpec(
        Specs.withBindings(Map.of("sessions", "redis://no-such-host.invalid:6379"), true));

    assertThat(report.blockers()).singleElement().satisfies(f -> assertThat(f.message()).contains("does not resolve"));
  }

  @Test
  @DisplayName("without verifyReachable nothing is probed, even a closed port")
  void noProbeWithoutVerify() throws IOException {
    StateReport report = check.checkSpec(Specs.withBindings(
        Map.of("sessions", "redis://127.0.0.1:" + FakeServer.closedPort()), false));

    assertThat(report.byRule(Rules.BINDING_UNREACHABLE)).isEmpty();
    assertThat(report.byRule(Rules.BINDING_REACHABLE)).isEmpty();
  }

  @Test
  @DisplayName("by default a loopback binding is not probed: it names the instance, not the controller's host")
  void loopbackNotProbedByDefault() throws IOException {
    StateReport report = StateCheck.defaults().checkSpec(Specs.withBindings(
        Map.of("sessions", "redis://127.0.0.1:" + FakeServer.closedPort()), true));

    assertThat(report.findings()).extracting(Finding::rule).containsExactly(Rules.BINDING_ON_INSTANCE);
  }

  @Test
  @DisplayName("a bucket cannot be probed: an info, no blocker")
  void bucketNotProbed() {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("uploads", "s3://my-bucket/uploads"), true));

    assertThat(report.findings()).extracting(Finding::rule).containsExactly(Rules.BINDING_NOT_PROBED);
    assertThat(report.blocksRollout()).isFalse();
  }

  @Test
  @DisplayName("an unreachable binding can be acknowledged")
  void unreachableAcknowledged() throws IOException {
    var spec = Specs.fleet(Specs.generation().build(), new io.immut.api.StatePolicy(
        Map.of("sessions", "redis://127.0.0.1:" + FakeServer.closedPort()), true,
        java.util.List.of(Specs.ack(Rules.BINDING_UNREACHABLE, "sessions"), Specs.ack(Rules.BINDING_ON_INSTANCE, "*"))));

    StateReport report = check.checkSpec(spec);

    assertThat(report.blocksRollout()).isFalse();
    assertThat(report.acknowledged()).extracting(Finding::rule)
        .containsExactlyInAnyOrder(Rules.BINDING_UNREACHABLE, Rules.BINDING_ON_INSTANCE);
  }

  @Test
  @DisplayName("an EXTERNAL volume's location is probed too")
  void externalLocationProbed() throws IOException {
    var spec = Specs.fleet(Specs.generation()
            .volume(io.immut.api.VolumeSpec.external("shared", 10, "nfs://127.0.0.1:" + FakeServer.closedPort() + "/exports/web"))
            .build(),
        new io.immut.api.StatePolicy(Map.of(), true, java.util.List.of()));

    StateReport report = check.checkSpec(spec);

    assertThat(report.blockers()).extracting(Finding::rule).containsExactly(Rules.VOLUME_EXTERNAL_LOCATION_UNREACHABLE);
    assertThat(new String(report.toJson().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("shared");
  }
}
