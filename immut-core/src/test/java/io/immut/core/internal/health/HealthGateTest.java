package io.immut.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.rollout.HealthProbe;
import io.immut.core.rollout.HttpHealthProbe;
import io.immut.core.internal.decision.GateStatus;
import io.immut.spi.InstanceView;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthGateTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final HealthCheck CHECK = new HealthCheck(Duration.ofSeconds(30), Duration.ofSeconds(10), 2, 3,
      Duration.ofMinutes(10), null, 80);

  static InstanceView view(InstanceState state, HealthStatus health, String address) {
    return InstanceView.builder().id(InstanceId.of("i-1")).ownership(io.immut.spi.Ownership.of("web", "abc", "immut"))
        .state(state).health(health).instanceType("t3.micro").imageId("ami-1").zone("z").launchedAt(T0)
        .privateAddress(address).build();
  }

  @Test
  void passesAfterTheConfiguredConsecutiveSuccessesOnePerInterval() {
    HealthGate gate = new HealthGate(null);
    InstanceView v = view(InstanceState.RUNNING, HealthStatus.HEALTHY, null);
    assertThat(gate.observe(List.of(v), CHECK, T0)).isEmpty();
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(5))).isEmpty();
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(10))).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.PASSED));
  }

  @Test
  void failuresCountOnlyAfterTheGracePeriod() {
    HealthGate gate = new HealthGate(null);
    InstanceView v = view(InstanceState.RUNNING, HealthStatus.UNHEALTHY, null);
    for (int s = 0; s < 30; s += 10) {
      assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(s))).isEmpty();
    }
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(30))).isEmpty();
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(40))).isEmpty();
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(50))).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(GateStatus.FAILED);
      assertThat(c.reason()).contains("3 consecutive");
    });
  }

  @Test
  void unknownHealthAndBootingInstancesStayPending() {
    HealthGate gate = new HealthGate(null);
    for (int s = 0; s < 100; s += 10) {
      gate.observe(List.of(view(InstanceState.PROVISIONING, HealthStatus.UNKNOWN, null)), CHECK, T0.plusSeconds(s));
      gate.observe(List.of(view(InstanceState.RUNNING, HealthStatus.UNKNOWN, null)), CHECK, T0.plusSeconds(s + 200));
    }
    assertThat(gate.statuses()).containsEntry(InstanceId.of("i-1"), GateStatus.PENDING);
  }

  @Test
  void theHttpProbeDecidesWhenTheCheckHasAPath() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger status = new AtomicInteger(200);
    server.createContext("/healthz", ex -> {
      ex.sendResponseHeaders(status.get(), -1);
      ex.close();
    });
    server.start();
    try {
      HealthCheck http = CHECK.withHttp("/healthz", server.getAddress().getPort());
      InstanceView v = view(InstanceState.RUNNING, HealthStatus.UNKNOWN, "127.0.0.1");
      HealthProbe probe = HttpHealthProbe.create();
      assertThat(probe.probe(v, http)).isEqualTo(HealthStatus.HEALTHY);
      status.set(503);
      assertThat(probe.probe(v, http)).isEqualTo(HealthStatus.UNHEALTHY);
      assertThat(probe.probe(v, CHECK)).isEqualTo(HealthStatus.UNKNOWN);
      assertThat(probe.probe(view(InstanceState.RUNNING, HealthStatus.UNKNOWN, "127.0.0.1"),
          CHECK.withHttp("/healthz", 1))).isEqualTo(HealthStatus.UNHEALTHY);
      status.set(200);
      HealthGate gate = new HealthGate(probe);
      gate.observe(List.of(v), http, T0);
      assertThat(gate.observe(List.of(v), http, T0.plusSeconds(10))).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.PASSED));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theCloudsUnhealthyVerdictWinsOverTheProbe() {
    HealthGate gate = new HealthGate((i, c) -> HealthStatus.HEALTHY);
    HealthCheck http = CHECK.withHttp("/healthz", 8080).withGracePeriod(Duration.ZERO);
    InstanceView v = view(InstanceState.RUNNING, HealthStatus.UNHEALTHY, "10.0.0.1");
    gate.observe(List.of(v), http, T0);
    gate.observe(List.of(v), http, T0.plusSeconds(10));
    assertThat(gate.observe(List.of(v), http, T0.plusSeconds(20))).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.FAILED));
  }
}
