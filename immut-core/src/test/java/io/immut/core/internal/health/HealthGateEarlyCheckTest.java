package io.immut.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.internal.decision.GateStatus;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's one check at an instance's first possible healthy instant, and the loop's wake-up time. */
class HealthGateEarlyCheckTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Grace 30 s, interval 10 s, 2 successes to pass, 3 failures to fail. */
  static final HealthCheck CHECK = new HealthCheck(Duration.ofSeconds(30), Duration.ofSeconds(10), 2, 3,
      Duration.ofMinutes(10), null, 80);

  static InstanceView view(InstanceState state, HealthStatus health) {
    return InstanceView.builder().id(InstanceId.of("i-1")).ownership(io.immut.spi.Ownership.of("web", "abc", "immut"))
        .state(state).health(health).instanceType("t3.micro").imageId("ami-1").zone("z").launchedAt(T0).build();
  }

  @Test
  void wakesAtTheFirstPossibleHealthyInstantAndKeepsTheIntervalBetweenSuccesses() {
    HealthGate gate = new HealthGate(null, Duration.ofSeconds(60));
    InstanceView booting = view(InstanceState.PROVISIONING, HealthStatus.UNKNOWN);
    InstanceView running = view(InstanceState.RUNNING, HealthStatus.UNKNOWN);
    InstanceView healthy = view(InstanceState.RUNNING, HealthStatus.HEALTHY);

    assertThat(gate.observe(List.of(booting), CHECK, T0.plusSeconds(1))).isEmpty();
    // launched at T0, boots in 60 s, can be healthy 30 s later
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(1))).contains(T0.plusSeconds(90));
    assertThat(gate.observe(List.of(running), CHECK, T0.plusSeconds(61))).isEmpty();
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(61))).contains(T0.plusSeconds(71));
    assertThat(gate.observe(List.of(running), CHECK, T0.plusSeconds(81))).isEmpty();
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(81))).contains(T0.plusSeconds(90));
    // the early check counts the first success, 9 s after the last check at the interval
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(90))).isEmpty();
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(90))).contains(T0.plusSeconds(100));
    // the second success still waits a whole interval
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(95))).isEmpty();
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(100))).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.PASSED));
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(100))).isEmpty();
  }

  @Test
  void theEarlyCheckNeverCountsAFailure() {
    HealthGate gate = new HealthGate(null, Duration.ofSeconds(5));
    InstanceView v = view(InstanceState.RUNNING, HealthStatus.UNHEALTHY);
    for (int s = 0; s <= 30; s += 10) {
      assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(s))).isEmpty();
    }
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(30))).contains(T0.plusSeconds(35));
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(35))).isEmpty();
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(40))).isEmpty();
    // failures at 30 s (end of the grace period), 40 s and 50 s: the third fails it, as without the early check
    assertThat(gate.observe(List.of(v), CHECK, T0.plusSeconds(50))).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.FAILED));
  }

  @Test
  void withoutABootTimeTheGateChecksAtTheIntervalOnly() {
    HealthGate gate = new HealthGate(null);
    InstanceView healthy = view(InstanceState.RUNNING, HealthStatus.HEALTHY);
    assertThat(gate.observe(List.of(view(InstanceState.RUNNING, HealthStatus.UNKNOWN)), CHECK, T0.plusSeconds(61))).isEmpty();
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(61))).contains(T0.plusSeconds(71));
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(70))).isEmpty();
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(71))).isEmpty();
    assertThat(gate.nextCheckDue(CHECK, T0.plusSeconds(71))).contains(T0.plusSeconds(81));
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(80))).isEmpty();
    assertThat(gate.observe(List.of(healthy), CHECK, T0.plusSeconds(81))).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(GateStatus.PASSED));
  }
}
