package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory cloud at scale")
class ScaleTest {

  @Test
  @DisplayName("holds 10,000 instances of a fleet beside other fleets, lists and terminates them in batches")
  void tenThousand() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(1).bootJitter(0.2).build();
    CloudDriver driver = cloud.driver();
    for (int wave = 0; wave < 20; wave++) {
      driver.launch(request("web-" + wave, 500));
    }
    for (int fleet = 0; fleet < 20; fleet++) {
      driver.launch(request("other-" + fleet, new FleetSelector("other-" + fleet, "immut"), "t3.micro", 100));
    }
    clock.advance(Duration.ofMinutes(2));
    List<InstanceView> web = driver.list(WEB);
    assertThat(web).hasSize(10_000).extracting(InstanceView::health).containsOnly(HealthStatus.HEALTHY);
    assertThat(driver.list(new FleetSelector("other-3", "immut"))).hasSize(100);

    Set<InstanceId> ids = new HashSet<>();
    web.forEach(v -> ids.add(v.id()));
    driver.terminate(ids);
    assertThat(cloud.calls().count(Operation.TERMINATE)).isEqualTo(10);
    assertThat(cloud.activeInstances()).isEqualTo(2_000);
    clock.advance(Duration.ofHours(2));
    assertThat(driver.list(WEB)).isEmpty();
    assertThat(cloud.instances()).hasSize(12_000);
  }
}
