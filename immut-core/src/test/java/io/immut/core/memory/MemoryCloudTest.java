package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory cloud")
class MemoryCloudTest {
  private final VirtualClock clock = new VirtualClock();

  private MemoryCloudBuilder cloud() {
    return MemoryCloud.builder().clock(clock).seed(42);
  }

  @Nested
  @DisplayName("boots instances")
  class Boot {
    @Test
    @DisplayName("pending for the boot time, then running, then healthy after healthyAfter")
    void bootAndHealth() {
      CloudDriver driver = cloud().bootTime(Duration.ofSeconds(30)).healthyAfter(Duration.ofSeconds(10)).build().driver();
      LaunchResult result = driver.launch(request("t1", 2));
      assertThat(result.isShort()).isFalse();
      assertThat(result.instances()).hasSize(2)
          .allSatisfy(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.PROVISIONING);
            assertThat(i.health()).isEqualTo(HealthStatus.UNKNOWN);
            assertThat(i.launchedAt()).isEqualTo(VirtualClock.DEFAULT_START);
          });

      clock.advance(Duration.ofSeconds(29));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      clock.advance(Duration.ofSeconds(1));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
      assertThat(driver.list(WEB)).extracting(InstanceView::health).containsOnly(HealthStatus.UNKNOWN);
      clock.advance(Duration.ofSeconds(10));
      assertThat(driver.list(WEB)).extracting(InstanceView::health).containsOnly(HealthStatus.HEALTHY);
    }

    @Test
    @DisplayName("with a boot time per instance type")
    void perType() {
      CloudDriver driver = cloud().bootTime(Duration.ofSeconds(30)).bootTime("t3.large", Duration.ofSeconds(60))
          .build().driver();
      driver.launch(request("small", WEB, "t3.micro", 1));
      driver.launch(request("large", WEB, "t3.large", 1));
      clock.advance(Duration.ofSeconds(45));
      Map<String, InstanceState> byType = driver.list(WEB).stream()
          .collect(Collectors.toMap(InstanceView::instanceType, InstanceView::state));
      assertThat(byType).containsEntry("t3.micro", InstanceState.RUNNING).containsEntry("t3.large", InstanceState.PROVISIONING);
      clock.advance(Duration.ofSeconds(15));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
    }
  }

  @Nested
  @DisplayName("launches")
  class Launch {
    @Test
    @DisplayName("with the request's tags, the spec's volumes, a private address and zones round-robin")
    void launchedInstances() {
      MemoryCloud cloud = cloud().build();
      CloudDriver driver = cloud.driver();
      LaunchRequest request = request("t1", 3);
      List<InstanceView> launched = driver.launch(request).instances();

      assertThat(launched).allSatisfy(i -> {
        assertThat(i.tags()).isEqualTo(request.spec().labels()).containsEntry("team", "shop");
        assertThat(i.ownership()).isEqualTo(request.ownership());
        assertThat(cloud.instance(i.id()).orElseThrow().tags()).isEqualTo(request.tags(io.immut.spi.OwnershipKeys.COLON))
            .containsEntry("immut:fleet", "web").containsEntry("immut:generation", request.generationId());
        assertThat(i.privateAddress()).startsWith("10.");
        assertThat(i.imageId()).isEqualTo("ami-1");
        assertThat(i.instanceType()).isEqualTo("t3.micro");
        assertThat(i.generationId()).isEqualTo(request.generationId());
      });
      assertThat(launched).extracting(InstanceView::zone).containsExactly("z-a", "z-b", "z-a");
      assertThat(launched).extracting(InstanceView::id).doesNotHaveDuplicates();
      assertThat(launched).extracting(InstanceView::privateAddress).doesNotHaveDuplicates();

      var inspection = driver.inspect(launched.get(0).id());
      assertThat(inspection.volumes()).as("no volume is created for the EXTERNAL one").hasSize(2);
      var root = inspection.volumes().get(0);
      assertThat(root.root()).isTrue();
      assertThat(root.sizeGb()).isEqualTo(16);
      assertThat(root.deleteOnTermination()).isTrue();
      assertThat(inspection.volumes().get(1).deleteOnTermination()).isTrue();
      assertThat(inspection.volumes().get(1).sizeGb()).isEqualTo(100);
      assertThat(inspection.volumes()).allSatisfy(v -> {
        assertThat(v.tags()).containsAllEntriesOf(request.tags(io.immut.spi.OwnershipKeys.COLON));
        assertThat(v.instanceStore()).isFalse();
      });
      assertThat(inspection.volumes()).extracting(v -> v.volumeId()).doesNotHaveDuplicates();
      assertThat(inspection.addresses()).singleElement()
          .satisfies(a -> assertThat(a.ip()).isEqualTo(launched.get(0).privateAddress()));
      assertThat(inspection.boundResources()).isEmpty();
    }

    @Test
    @DisplayName("once per token: a repeated request returns the same instances and launches nothing")
    void tokens() {
      MemoryCloud cloud = cloud().build();
      CloudDriver driver = cloud.driver();
      LaunchResult first = driver.launch(request("wave-1", 3));
      clock.advance(Duration.ofSeconds(5));
      LaunchResult again = driver.launch(request("wave-1", 3));
      assertThat(again.instances()).extracting(InstanceView::id)
          .containsExactlyElementsOf(first.instances().stream().map(InstanceView::id).toList());
      assertThat(cloud.instances()).hasSize(3);
      driver.launch(request("wave-2", 3));
      assertThat(cloud.instances()).hasSize(6);
    }

    @Test
    @DisplayName("refuses a token reused for a different request")
    void tokenMismatch() {
      CloudDriver driver = cloud().build().driver();
      driver.launch(request("wave-1", 3));
      assertThatThrownBy(() -> driver.launch(request("wave-1", 4)))
          .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("wave-1");
    }

    @Test
    @DisplayName("short when the quota leaves room for part, and the retry under the token stays short")
    void quotaShort() {
      MemoryCloud cloud = cloud().quota(5).build();
      CloudDriver driver = cloud.driver();
      driver.launch(request("a", 3));
      LaunchResult result = driver.launch(request("b", 4));
      assertThat(result.instances()).hasSize(2);
      assertThat(result.requested()).isEqualTo(4);
      assertThat(result.shortfall()).get().extracting(io.immut.spi.LaunchFailure::reason)
          .isEqualTo(io.immut.spi.LaunchFailure.Reason.QUOTA);
      assertThat(cloud.activeInstances()).isEqualTo(5);

      driver.terminate(Set.of(result.instances().get(0).id()));
      LaunchResult retry = driver.launch(request("b", 4));
      assertThat(retry.instances()).extracting(InstanceView::id)
          .containsExactlyElementsOf(result.instances().stream().map(InstanceView::id).toList());
      assertThat(retry.isShort()).isTrue();
      assertThat(cloud.instances()).hasSize(5);
    }

    @Test
    @DisplayName("fails with QuotaExceeded when nothing fits, and fits again after terminations")
    void quotaExceeded() {
      MemoryCloud cloud = cloud().quota(2).build();
      CloudDriver driver = cloud.driver();
      List<InstanceView> two = driver.launch(request("a", 2)).instances();
      assertThatThrownBy(() -> driver.launch(request("b", 1)))
          .isInstanceOf(DriverException.QuotaExceeded.class).hasMessageContaining("quota of 2");
      driver.terminate(Set.of(two.get(0).id()));
      assertThat(driver.launch(request("b", 1)).instances()).hasSize(1);
    }

    @Test
    @DisplayName("within the capacity of the instance type")
    void capacity() {
      CloudDriver driver = cloud().capacity("t3.large", 2).build().driver();
      LaunchResult result = driver.launch(request("a", WEB, "t3.large", 3));
      assertThat(result.instances()).hasSize(2);
      assertThat(result.shortfall().orElseThrow().reason()).isEqualTo(io.immut.spi.LaunchFailure.Reason.CAPACITY);
      assertThatThrownBy(() -> driver.launch(request("b", WEB, "t3.large", 1)))
          .isInstanceOf(DriverException.CapacityUnavailable.class).hasMessageContaining("t3.large");
      assertThat(driver.launch(request("c", WEB, "t3.micro", 3)).instances()).hasSize(3);
    }

    @Test
    @DisplayName("refuses a launch over the batch limit")
    void batchLimit() {
      MemoryCloud cloud = cloud().maxLaunchBatch(10).build();
      assertThat(cloud.driver().capabilities().maxLaunchBatch()).isEqualTo(10);
      assertThatThrownBy(() -> cloud.driver().launch(request("a", 11)))
          .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("10");
      assertThat(cloud.instances()).isEmpty();
    }

    @Test
    @DisplayName("refuses an image the cloud does not know")
    void unknownImage() {
      MemoryCloud cloud = cloud().images("ami-2").build();
      assertThatThrownBy(() -> cloud.driver().launch(request("a", 1)))
          .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("ami-1");
    }
  }

  @Nested
  @DisplayName("lists")
  class Listing {
    @Test
    @DisplayName("only the selector's fleet and owner, never foreign instances or other fleets")
    void ownership() {
      MemoryCloud cloud = cloud().build();
      CloudDriver driver = cloud.driver();
      List<InstanceView> mine = driver.launch(request("a", 2)).instances();
      driver.launch(request("b", new FleetSelector("api", "immut"), "t3.micro", 2));
      driver.launch(request("c", new FleetSelector("web", "someone-else"), "t3.micro", 2));
      cloud.launchForeign(Map.of("immut:fleet", "web", "immut:owner", "immut"), "t3.micro", "ami-9");
      cloud.launchForeign(Map.of("Name", "db"), "t3.micro", "ami-9");

      assertThat(driver.list(WEB)).extracting(InstanceView::id)
          .containsExactlyElementsOf(mine.stream().map(InstanceView::id).toList());
      assertThat(cloud.instances()).hasSize(8);
    }

    @Test
    @DisplayName("with a lag: a just-launched instance is missing, a just-terminated one still runs")
    void lag() {
      CloudDriver driver = cloud().bootTime(Duration.ZERO).listLag(Duration.ofSeconds(2)).build().driver();
      List<InstanceView> launched = driver.launch(request("a", 2)).instances();
      assertThat(driver.list(WEB)).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      assertThat(driver.list(WEB)).hasSize(2).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);

      driver.terminate(Set.of(launched.get(0).id()));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
      clock.advance(Duration.ofSeconds(2));
      assertThat(driver.list(WEB)).extracting(InstanceView::state)
          .containsExactlyInAnyOrder(InstanceState.TERMINATING, InstanceState.RUNNING);
    }
  }

  @Nested
  @DisplayName("terminates")
  class Terminate {
    @Test
    @DisplayName("idempotently: shutting down, then terminated, then gone from listings after the retention")
    void lifecycle() {
      MemoryCloud cloud = cloud().bootTime(Duration.ZERO).shutdownTime(Duration.ofSeconds(5))
          .terminatedRetention(Duration.ofMinutes(10)).build();
      CloudDriver driver = cloud.driver();
      InstanceId id = driver.launch(request("a", 1)).instances().get(0).id();
      driver.terminate(Set.of(id, InstanceId.of("i-unknown")));
      driver.terminate(Set.of(id));
      assertThat(driver.list(WEB)).singleElement().extracting(InstanceView::state).isEqualTo(InstanceState.TERMINATING);
      clock.advance(Duration.ofSeconds(5));
      assertThat(driver.list(WEB)).singleElement().extracting(InstanceView::state).isEqualTo(InstanceState.DELETED);
      assertThat(driver.inspect(id).id()).isEqualTo(id);
      clock.advance(Duration.ofMinutes(10).plusSeconds(1));
      assertThat(driver.list(WEB)).isEmpty();
      assertThatThrownBy(() -> driver.inspect(id)).isInstanceOf(DriverException.NotFound.class)
          .hasMessageContaining(id.value());
      assertThat(cloud.instances()).singleElement().extracting(CloudInstance::state).isEqualTo(InstanceState.DELETED);
    }

    @Test
    @DisplayName("in batches of maxTerminateBatch, one call each")
    void batches() {
      MemoryCloud cloud = cloud().maxTerminateBatch(3).build();
      CloudDriver driver = cloud.driver();
      Set<InstanceId> ids = driver.launch(request("a", 7)).instances().stream().map(InstanceView::id)
          .collect(Collectors.toSet());
      driver.terminate(ids);
      assertThat(cloud.calls().count(Operation.TERMINATE)).isEqualTo(3);
      assertThat(cloud.instances()).extracting(CloudInstance::state).containsOnly(InstanceState.TERMINATING);
      assertThat(cloud.activeInstances()).isZero();
    }
  }

  @Test
  @DisplayName("inspect of an unknown instance is NotFound")
  void inspectUnknown() {
    assertThatThrownBy(() -> cloud().build().driver().inspect(InstanceId.of("i-nope")))
        .isInstanceOf(DriverException.NotFound.class).hasMessageContaining("i-nope");
  }

  @Test
  @DisplayName("costs the price per hour of its live instances")
  void cost() {
    MemoryCloud cloud = cloud().price("t3.micro", new BigDecimal("0.01")).build();
    List<InstanceView> launched = cloud.driver().launch(request("a", 3)).instances();
    assertThat(cloud.hourlyCost()).isEqualByComparingTo("0.03");
    cloud.driver().terminate(Set.of(launched.get(0).id()));
    assertThat(cloud.hourlyCost()).isEqualByComparingTo("0.02");
    assertThat(cloud.driver().prices().orElseThrow().hourlyPrice("t3.micro")).contains(new BigDecimal("0.01"));
    assertThat(cloud.driver().prices().orElseThrow().hourlyPrice("x9.huge")).isEmpty();
  }

  @Test
  @DisplayName("adds up the spend of every instance from launch to termination")
  void spend() {
    MemoryCloud cloud = cloud().price("t3.micro", new BigDecimal("0.36")).build();
    List<InstanceView> launched = cloud.driver().launch(request("a", 2)).instances();
    clock.advance(Duration.ofMinutes(30));
    cloud.driver().terminate(Set.of(launched.get(0).id()));
    clock.advance(Duration.ofMinutes(30));
    assertThat(cloud.spend()).isEqualByComparingTo("0.54");
    cloud.launchForeign(Map.of(), "x9.unpriced", "ami-1");
    clock.advance(Duration.ofMinutes(10));
    assertThat(cloud.spend()).isEqualByComparingTo("0.6");
  }

  @Test
  @DisplayName("kill makes an instance terminated at once, without a terminate call")
  void kill() {
    MemoryCloud cloud = cloud().build();
    InstanceId id = cloud.driver().launch(request("a", 1)).instances().get(0).id();
    cloud.kill(id);
    assertThat(cloud.instance(id)).get().extracting(CloudInstance::state).isEqualTo(InstanceState.DELETED);
    assertThat(cloud.calls().count(Operation.TERMINATE)).isZero();
    assertThat(cloud.activeInstances()).isZero();
  }

  @Test
  @DisplayName("is honest about its capabilities")
  void capabilities() {
    MemoryCloud cloud = cloud().bootTime(Duration.ofSeconds(42)).build();
    var caps = cloud.driver().capabilities();
    assertThat(caps.traffic()).isTrue();
    assertThat(caps.prices()).isTrue();
    assertThat(caps.tagsVolumes()).isTrue();
    assertThat(caps.maxInspectBatch()).isEqualTo(1000);
    assertThat(caps.bootTimeHint()).isEqualTo(Duration.ofSeconds(42));
    assertThat(cloud.driver().traffic()).isPresent();
    assertThat(cloud.driver().name()).isEqualTo("memory");
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }
}
