package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import io.immut.spi.TrafficRouter.TargetHealth;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory cloud's load balancer")
class MemoryTrafficTest {
  private final VirtualClock clock = new VirtualClock();
  private final MemoryCloud cloud = MemoryCloud.builder().clock(clock).bootTime(Duration.ofSeconds(30))
      .healthyAfter(Duration.ofSeconds(10)).drainTime(Duration.ofSeconds(20)).build();
  private final TrafficRouter router = cloud.driver().traffic().orElseThrow();

  @Test
  @DisplayName("reports INITIAL until the instance is healthy, then HEALTHY")
  void initialThenHealthy() {
    InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();
    router.register("web-tg", Set.of(id));
    assertThat(router.health("web-tg")).containsExactlyEntriesOf(java.util.Map.of(id, TargetHealth.INITIAL));
    clock.advance(Duration.ofSeconds(39));
    assertThat(router.health("web-tg")).containsEntry(id, TargetHealth.INITIAL);
    clock.advance(Duration.ofSeconds(1));
    assertThat(router.health("web-tg")).containsEntry(id, TargetHealth.HEALTHY);
    assertThat(router.health("other-tg")).isEmpty();
  }

  @Test
  @DisplayName("reports UNHEALTHY for an instance that never turns healthy, or that is stopped")
  void unhealthy() {
    cloud.faults().neverHealthy("ami-1");
    List<InstanceView> two = cloud.driver().launch(request("a", 2)).instances();
    router.register("tg", Set.of(two.get(0).id(), two.get(1).id()));
    clock.advance(Duration.ofMinutes(1));
    cloud.faults().clear();
    InstanceId healthy = cloud.driver().launch(request("b", 1)).instances().get(0).id();
    router.register("tg", Set.of(healthy));
    clock.advance(Duration.ofMinutes(1));
    cloud.mutate(healthy, Mutation::stop);
    assertThat(router.health("tg")).containsEntry(two.get(0).id(), TargetHealth.UNHEALTHY)
        .containsEntry(two.get(1).id(), TargetHealth.UNHEALTHY)
        .containsEntry(healthy, TargetHealth.UNHEALTHY);
  }

  @Test
  @DisplayName("drains a terminated or lost instance by itself, then drops it")
  void terminatedInstancesDrain() {
    List<InstanceView> two = cloud.driver().launch(request("a", 2)).instances();
    router.register("tg", Set.of(two.get(0).id(), two.get(1).id()));
    clock.advance(Duration.ofMinutes(1));
    cloud.kill(two.get(0).id());
    cloud.driver().terminate(Set.of(two.get(1).id()));
    assertThat(router.health("tg")).containsEntry(two.get(0).id(), TargetHealth.DRAINING)
        .containsEntry(two.get(1).id(), TargetHealth.DRAINING);
    clock.advance(Duration.ofSeconds(20));
    assertThat(router.health("tg")).isEmpty();
  }

  @Test
  @DisplayName("drains a deregistered instance for the drain time, then drops it; both calls are idempotent")
  void drain() {
    InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();
    router.register("tg", Set.of(id));
    router.register("tg", Set.of(id));
    clock.advance(Duration.ofMinutes(1));
    router.deregister("tg", Set.of(id, InstanceId.of("i-not-registered")));
    router.deregister("tg", Set.of(id));
    assertThat(router.health("tg")).containsEntry(id, TargetHealth.DRAINING);
    clock.advance(Duration.ofSeconds(19));
    assertThat(router.health("tg")).containsEntry(id, TargetHealth.DRAINING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(router.health("tg")).isEmpty();
    router.deregister("unknown-tg", Set.of(id));
  }

  @Test
  @DisplayName("refuses to register an unknown or terminated instance")
  void refuses() {
    InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();
    cloud.driver().terminate(Set.of(id));
    assertThatThrownBy(() -> router.register("tg", Set.of(id)))
        .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining(id.value()).hasMessageContaining("tg");
    assertThatThrownBy(() -> router.register("tg", Set.of(InstanceId.of("i-nope"))))
        .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("unknown");
    assertThat(router.health("tg")).isEmpty();
  }

  @Test
  @DisplayName("takes injected faults like any call")
  void faults() {
    cloud.faults().failNext(Operation.TRAFFIC_REGISTER, 1, FaultKind.THROTTLED);
    InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();
    assertThatThrownBy(() -> router.register("tg", Set.of(id))).isInstanceOf(DriverException.Throttled.class);
    assertThat(router.health("tg")).isEmpty();
    router.register("tg", Set.of(id));
    assertThat(router.health("tg")).containsKey(id);
    assertThat(cloud.calls().count(Operation.TRAFFIC_REGISTER)).isEqualTo(2);
  }
}
