package io.immut.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.InstanceId;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.TrafficRouter;
import io.immut.spi.TrafficRouter.TargetHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("traffic through a load balancer backend pool")
class AzureTrafficRouterTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private LocalArm arm;
  private AzureDriver driver;
  private TrafficRouter router;

  @BeforeEach
  void start() throws Exception {
    arm = LocalArm.start();
    DriverClock clock = new DriverClock() {
      private Instant now = Instant.parse("2026-03-01T00:00:00Z");

      @Override
      public synchronized Instant now() {
        return now;
      }

      @Override
      public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
      }
    };
    driver = LocalAzure.driver(arm, Map.of(), DriverContext.builder().clock(clock).build());
    router = driver.traffic().orElseThrow();
  }

  @AfterEach
  void stop() {
    driver.close();
    arm.close();
  }

  @Test
  @DisplayName("adds VMs by private address, reports the probe's health, drains on deregister, never touching a VM")
  void registerHealthDeregister() {
    List<InstanceView> launched = driver.launch(Fixtures.request(driver, "lb-1", 2)).instances();
    Set<InstanceId> ids = launched.stream().map(InstanceView::id).collect(Collectors.toSet());
    arm.settle();
    String target = LocalArm.trafficTarget();
    int before = arm.requests().size();
    router.register(target, ids);
    int puts = (int) arm.requests().stream().filter(r -> r.startsWith("PUT ")).count();
    router.register(target, ids);
    assertThat(arm.requests().stream().filter(r -> r.startsWith("PUT ")).count()).as("a second register changes nothing")
        .isEqualTo(puts);
    assertThat(arm.requests().subList(before, arm.requests().size())).filteredOn(r -> r.startsWith("PUT ")).hasSize(1)
        .allSatisfy(r -> assertThat(r).endsWith("/loadBalancers/immut-lb/backendAddressPools/web"));

    InstanceView first = driver.list(Fixtures.WEB).stream().filter(v -> v.id().equals(launched.get(0).id())).findFirst()
        .orElseThrow();
    arm.probeDown(first.privateAddress());
    Map<InstanceId, TargetHealth> health = router.health(target);
    assertThat(health).containsEntry(first.id(), TargetHealth.UNHEALTHY)
        .containsEntry(launched.get(1).id(), TargetHealth.HEALTHY);
    assertThat(arm.requests()).anyMatch(r -> r.startsWith("POST ") && r.endsWith("/loadBalancingRules/http/health"));
    assertThat(sleeps).as("no wait when the first poll already has the answer").isEmpty();

    router.deregister(target, Set.of(first.id()));
    assertThat(router.health(target)).containsEntry(first.id(), TargetHealth.DRAINING)
        .containsEntry(launched.get(1).id(), TargetHealth.HEALTHY);
    driver.terminate(Set.of(first.id()));
    arm.settle();
    router.deregister(target, Set.of(launched.get(1).id()));
    assertThat(router.health(target)).as("the gone VM's address is removed at the next change")
        .containsOnlyKeys(launched.get(1).id());
  }

  @Test
  @DisplayName("refuses a target that is not a backend pool, and names an unknown one as NotFound")
  void badTargets() {
    assertThatThrownBy(() -> router.health("just-a-name")).isInstanceOf(DriverException.InvalidRequest.class)
        .hasMessageContaining("<load balancer>/<backend pool>");
    assertThatThrownBy(() -> router.health("other-lb/web")).isInstanceOf(DriverException.NotFound.class);
  }
}
