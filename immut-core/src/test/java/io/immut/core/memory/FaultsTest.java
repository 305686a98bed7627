package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Faults of the in-memory cloud")
class FaultsTest {
  private final VirtualClock clock = new VirtualClock();

  private MemoryCloud cloud(long seed) {
    return MemoryCloud.builder().clock(clock).seed(seed).bootTime(Duration.ofSeconds(30))
        .healthyAfter(Duration.ofSeconds(10)).build();
  }

  /** Which of n list calls fail, as a string of '.' and 'x'. */
  private static String pattern(MemoryCloud cloud, Operation op, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      try {
        if (op == Operation.LIST) {
          cloud.driver().list(WEB);
        } else {
          cloud.driver().inspect(InstanceId.of("i-none"));
        }
        sb.append('.');
      } catch (DriverException.NotFound e) {
        sb.append('.');
      } catch (DriverException e) {
        sb.append('x');
      }
    }
    return sb.toString();
  }

  @Test
  @DisplayName("throttle by rate: Throttled with a retry-after, deterministic under the seed")
  void throttleRate() {
    MemoryCloud a = cloud(7);
    a.faults().throttle(Operation.LIST, 0.3);
    MemoryCloud b = cloud(7);
    b.faults().throttle(Operation.LIST, 0.3);
    MemoryCloud c = cloud(8);
    c.faults().throttle(Operation.LIST, 0.3);

    String pa = pattern(a, Operation.LIST, 200);
    assertThat(pa).isEqualTo(pattern(b, Operation.LIST, 200)).isNotEqualTo(pattern(c, Operation.LIST, 200));
    long failed = pa.chars().filter(ch -> ch == 'x').count();
    assertThat(failed).isBetween(35L, 90L);

    MemoryCloud always = cloud(1);
    always.faults().throttle(Operation.LIST, 1.0);
    Throwable t = catchThrowable(() -> always.driver().list(WEB));
    assertThat(t).isInstanceOf(DriverException.Throttled.class);
    DriverException e = (DriverException) t;
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(e.operation()).isEqualTo("list");
    assertThat(e.cloudCode()).contains("Throttled"); // the neutral code; CloudBehavioursTest checks each cloud's
  }

  @Test
  @DisplayName("a rate on one operation does not change the failures of another")
  void streamsPerOperation() {
    MemoryCloud a = cloud(3);
    a.faults().transientErrors(Operation.LIST, 0.5);
    String alone = pattern(a, Operation.LIST, 100);

    MemoryCloud b = cloud(3);
    b.faults().transientErrors(Operation.LIST, 0.5).transientErrors(Operation.INSPECT, 0.5);
    StringBuilder interleaved = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      interleaved.append(pattern(b, Operation.LIST, 1));
      pattern(b, Operation.INSPECT, 1);
    }
    assertThat(interleaved.toString()).isEqualTo(alone);
  }

  @Test
  @DisplayName("transient errors by rate are retryable Transient failures")
  void transientRate() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().transientErrors(Operation.LAUNCH, 1.0);
    assertThatThrownBy(() -> cloud.driver().launch(request("a", 1)))
        .isInstanceOf(DriverException.Transient.class)
        .satisfies(e -> assertThat(((DriverException) e).isRetryable()).isTrue());
    assertThat(cloud.instances()).isEmpty();
  }

  @Test
  @DisplayName("quota and capacity errors by rate")
  void quotaAndCapacityRates() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().fail(Operation.LAUNCH, FaultKind.QUOTA, 1.0);
    assertThatThrownBy(() -> cloud.driver().launch(request("a", 1))).isInstanceOf(DriverException.QuotaExceeded.class);
    cloud.faults().fail(Operation.LAUNCH, FaultKind.QUOTA, 0).fail(Operation.LAUNCH, FaultKind.CAPACITY, 1.0);
    assertThatThrownBy(() -> cloud.driver().launch(request("a", 1)))
        .isInstanceOf(DriverException.CapacityUnavailable.class);
    cloud.faults().clear();
    assertThat(cloud.driver().launch(request("a", 1)).instances()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  @DisplayName("failNext fails the next calls with the kind's exception, then calls go through")
  void failNext(FaultKind kind) {
    MemoryCloud cloud = cloud(1);
    cloud.faults().failNext(Operation.LAUNCH, 2, kind);
    assertThat(cloud.faults().pending(Operation.LAUNCH)).isEqualTo(2);
    Class<? extends DriverException> expected = switch (kind) {
      case THROTTLED -> DriverException.Throttled.class;
      case TRANSIENT -> DriverException.Transient.class;
      case QUOTA -> DriverException.QuotaExceeded.class;
      case CAPACITY -> DriverException.CapacityUnavailable.class;
      case NOT_FOUND -> DriverException.NotFound.class;
      case INVALID_REQUEST -> DriverException.InvalidRequest.class;
      case AUTH -> DriverException.AuthFailed.class;
    };
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cloud.driver().launch(request("a", 1))).isInstanceOf(expected)
          .hasMessageContaining("scheduled");
    }
    assertThat(cloud.instances()).isEmpty();
    assertThat(cloud.driver().launch(request("a", 1)).instances()).hasSize(1);
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(3);
  }

  @Test
  @DisplayName("scheduled failures are served in order, before any rate")
  void scheduleOrder() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().throttle(Operation.LIST, 0.0)
        .failNext(Operation.LIST, 1, FaultKind.THROTTLED).failNext(Operation.LIST, 1, FaultKind.AUTH);
    assertThatThrownBy(() -> cloud.driver().list(WEB)).isInstanceOf(DriverException.Throttled.class);
    assertThatThrownBy(() -> cloud.driver().list(WEB)).isInstanceOf(DriverException.AuthFailed.class);
    assertThat(cloud.driver().list(WEB)).isEmpty();
  }

  @Test
  @DisplayName("partial launches come back short with a CAPACITY shortfall, deterministic under the seed")
  void partialLaunches() {
    List<Integer> sizes = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      MemoryCloud cloud = cloud(11);
      cloud.faults().partialLaunches(1.0);
      List<Integer> these = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        LaunchResult r = cloud.driver().launch(request("t" + i, 10));
        assertThat(r.instances().size()).isBetween(1, 9);
        assertThat(r.shortfall().orElseThrow().reason()).isEqualTo(io.immut.spi.LaunchFailure.Reason.CAPACITY);
        these.add(r.instances().size());
      }
      assertThat(cloud.driver().launch(request("single", 1)).isShort()).isFalse();
      if (run == 0) {
        sizes.addAll(these);
      } else {
        assertThat(these).isEqualTo(sizes);
      }
    }
    assertThat(new java.util.HashSet<>(sizes)).as("launch sizes vary").hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("instances of a never-healthy image or generation turn UNHEALTHY after boot, others HEALTHY")
  void neverHealthy() {
    MemoryCloud cloud = cloud(1);
    LaunchRequest other = request("other", new io.immut.spi.FleetSelector("api", "immut"), "t3.large", 1);
    cloud.faults().neverHealthy("ami-1");
    List<InstanceView> bad = cloud.driver().launch(request("a", 2)).instances();
    cloud.faults().clear();
    cloud.faults().neverHealthy(other.generationId());
    InstanceView badGen = cloud.driver().launch(other).instances().get(0);
    cloud.faults().clear();
    InstanceView good = cloud.driver().launch(request("b", 1)).instances().get(0);

    clock.advance(Duration.ofSeconds(39));
    assertThat(cloud.instances()).extracting(CloudInstance::health).containsOnly(HealthStatus.UNKNOWN);
    clock.advance(Duration.ofSeconds(1));
    Map<InstanceId, HealthStatus> health = cloud.instances().stream()
        .collect(Collectors.toMap(CloudInstance::id, CloudInstance::health));
    assertThat(health).containsEntry(bad.get(0).id(), HealthStatus.UNHEALTHY)
        .containsEntry(bad.get(1).id(), HealthStatus.UNHEALTHY)
        .containsEntry(badGen.id(), HealthStatus.UNHEALTHY)
        .containsEntry(good.id(), HealthStatus.HEALTHY);
    assertThat(cloud.instances()).extracting(CloudInstance::state).containsOnly(InstanceState.RUNNING);
  }

  @Test
  @DisplayName("an unhealthy rate picks the same instances under the same seed")
  void unhealthyRate() {
    List<Set<Integer>> unhealthy = new ArrayList<>();
    for (long seed : new long[] {5, 5, 6}) {
      VirtualClock c = new VirtualClock();
      MemoryCloud cloud = MemoryCloud.builder().clock(c).seed(seed).build();
      cloud.faults().unhealthyRate(0.25);
      cloud.driver().launch(request("a", 200));
      c.advance(Duration.ofMinutes(5));
      List<CloudInstance> all = cloud.instances();
      Set<Integer> indexes = new java.util.TreeSet<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).health() == HealthStatus.UNHEALTHY) {
          indexes.add(i);
        }
      }
      unhealthy.add(indexes);
    }
    assertThat(unhealthy.get(0)).hasSizeBetween(25, 75).isEqualTo(unhealthy.get(1)).isNotEqualTo(unhealthy.get(2));
  }

  @Test
  @DisplayName("latency makes each call take time on the cloud's clock")
  void latency() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().latency(Operation.LAUNCH, Duration.ofSeconds(2)).latency(Operation.LIST, Duration.ofMillis(500));
    InstanceView launched = cloud.driver().launch(request("a", 1)).instances().get(0);
    assertThat(launched.launchedAt()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(2));
    cloud.driver().list(WEB);
    cloud.driver().list(WEB);
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(3));
    cloud.faults().latency(Operation.LIST, Duration.ZERO);
    cloud.driver().list(WEB);
    assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(3));
  }

  @Test
  @DisplayName("a lost response: the launch took effect, and the retry under its token returns it")
  void lostResponses() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().lostResponses(Operation.LAUNCH, 1.0);
    assertThatThrownBy(() -> cloud.driver().launch(request("a", 3))).isInstanceOf(DriverException.Transient.class)
        .hasMessageContaining("lost");
    assertThat(cloud.instances()).hasSize(3);
    cloud.faults().clear();
    LaunchResult retry = cloud.driver().launch(request("a", 3));
    assertThat(retry.instances()).extracting(io.immut.spi.InstanceView::id)
        .containsExactlyElementsOf(cloud.instances().stream().map(CloudInstance::id).toList());
    assertThat(cloud.instances()).hasSize(3);
  }

  @Test
  @DisplayName("a failed call launches nothing and leaves its token free")
  void failedLaunchLeavesTokenFree() {
    MemoryCloud cloud = cloud(1);
    cloud.faults().failNext(Operation.LAUNCH, 1, FaultKind.THROTTLED);
    assertThatThrownBy(() -> cloud.driver().launch(request("a", 2))).isInstanceOf(DriverException.Throttled.class);
    assertThat(cloud.driver().launch(request("a", 2)).instances()).hasSize(2);
    assertThat(cloud.instances()).hasSize(2);
  }

  @Test
  @DisplayName("rates are checked: from 0 to 1")
  void rateValidation() {
    MemoryCloud cloud = cloud(1);
    assertThatThrownBy(() -> cloud.faults().throttle(Operation.LIST, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> cloud.faults().unhealthyRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cloud.faults().failNext(Operation.LIST, -1, FaultKind.AUTH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cloud.faults().latency(Operation.LIST, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("every call is counted by operation, failed ones too; mutating counts launch, terminate and traffic")
  void callCounts() {
    MemoryCloud cloud = cloud(1);
    CloudDriver driver = cloud.driver();
    cloud.faults().failNext(Operation.LIST, 1, FaultKind.TRANSIENT);
    assertThatThrownBy(() -> driver.list(WEB)).isInstanceOf(DriverException.Transient.class);
    driver.list(WEB);
    driver.resolveImage(io.immut.api.ImageRef.of("ami-1"));
    InstanceView i = driver.launch(request("a", 1)).instances().get(0);
    driver.inspect(i.id());
    driver.traffic().orElseThrow().register("tg", Set.of(i.id()));
    driver.traffic().orElseThrow().health("tg");
    driver.traffic().orElseThrow().deregister("tg", Set.of(i.id()));
    driver.terminate(Set.of(i.id()));

    CallCounts calls = cloud.calls();
    assertThat(calls.count(Operation.LIST)).isEqualTo(2);
    assertThat(calls.count(Operation.RESOLVE_IMAGE)).isEqualTo(1);
    assertThat(calls.count(Operation.LAUNCH)).isEqualTo(1);
    assertThat(calls.count(Operation.INSPECT)).isEqualTo(1);
    assertThat(calls.count(Operation.TERMINATE)).isEqualTo(1);
    assertThat(calls.count(Operation.TRAFFIC_HEALTH)).isEqualTo(1);
    assertThat(calls.total()).isEqualTo(9);
    assertThat(calls.mutating()).isEqualTo(4);
    assertThat(calls.snapshot()).containsEntry(Operation.TRAFFIC_REGISTER, 1L);
    calls.reset();
    assertThat(calls.total()).isZero();
  }
}
