package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Probes a real Redis server (Debian package {@code redis-server}), started here on free loopback
 * ports and stopped after. Skipped, with a message, only when no {@code redis-server} binary exists.
 */
class BindingRedisTest {

  private static final List<Process> STARTED = new ArrayList<>();
  private static int openPort;
  private static int passwordPort;

  private final StateCheck check = StateCheck.builder().probeLoopback(true).build();

  @BeforeAll
  static void startRedis() throws Exception {
    Optional<Path> binary = redisServer();
    assumeTrue(binary.isPresent(), "redis-server was not found on the PATH nor in /usr/bin, /usr/sbin, /usr/local/bin:"
        + " install the Debian package redis-server (apt-get install -y redis-server) to run this test");
    openPort = start(binary.get(), List.of());
    passwordPort = start(binary.get(), List.of("--requirepass", "test-only-secret"));
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    for (Process p : STARTED) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  @DisplayName("a real Redis answers PING with +PONG: the binding is reachable")
  void realRedisReachable() {
    StateReport report = check.checkSpec(Specs.withBindings(Map.of("sessions", "redis://127.0.0.1:" + openPort + "/0"), true));

    assertThat(report.blocksRollout()).isFalse();
    assertThat(report.byRule(Rules.BINDING_REACHABLE)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("+PONG"));
  }

  @Test
  @DisplayName("a real Redis with a password answers -NOAUTH: reachable, and the password is never sent nor shown")
  void realRedisWithPassword() {
    StateReport report = check.checkSpec(Specs.withBindings(
        Map.of("sessions", "redis://:wrong-password@127.0.0.1:" + passwordPort), true));

    assertThat(report.blocksRollout()).isFalse();
    assertThat(report.byRule(Rules.BINDING_REACHABLE)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("NOAUTH").doesNotContain("wrong-password"));
  }

  @Test
  @DisplayName("a Redis URI on a port where no Redis runs is a blocker")
  void noRedisOnPort() throws IOException {
    StateReport report = check.checkSpec(Specs.withBindings(
        Map.of("sessions", "redis://127.0.0.1:" + FakeServer.closedPort()), true));

    assertThat(report.blockers()).extracting(Finding::rule).containsExactly(Rules.BINDING_UNREACHABLE);
  }

  @Test
  @DisplayName("a PostgreSQL probe against the Redis port finds no PostgreSQL")
  void wrongProtocolAgainstRealRedis() {
    StateReport report = check.checkSpec(Specs.withBindings(
        Map.of("database", "postgresql://127.0.0.1:" + openPort + "/app"), true));

    assertThat(report.blockers()).extracting(Finding::rule).containsExactly(Rules.BINDING_UNREACHABLE);
  }

  private static Optional<Path> redisServer() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst();
  }

  private static int start(Path binary, List<String> extra) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no"));
    cmd.addAll(extra);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    STARTED.add(p);
    for (int i = 0; i < 200; i++) {
      if (!p.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + p.exitValue() + " on port " + port);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return port;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
  }
}
