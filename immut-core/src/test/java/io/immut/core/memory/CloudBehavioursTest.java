package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.InvalidConfigException;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchResult;
import io.immut.spi.OwnershipKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("The in-memory cloud's behaviours")
class CloudBehavioursTest {
  private final VirtualClock clock = new VirtualClock();

  private MemoryCloud cloud(CloudBehaviour behaviour) {
    return MemoryCloud.builder().clock(clock).seed(42).behaviour(behaviour).bootTime(Duration.ofSeconds(30)).build();
  }

  private static Set<InstanceId> ids(List<InstanceView> views) {
    return views.stream().map(InstanceView::id).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0}: throttled {1}, root device {2}")
  @CsvSource({"NEUTRAL, Throttled, /dev/vda", "EC2, RequestLimitExceeded, /dev/xvda", "AZURE, TooManyRequests, /dev/sda",
      "GCE, rateLimitExceeded, persistent-disk-0"})
  @DisplayName("speak their cloud's error codes and device names")
  void codesAndDevices(CloudBehaviour behaviour, String throttled, String rootDevice) {
    MemoryCloud cloud = cloud(behaviour);
    cloud.faults().failNext(Operation.LIST, 1, FaultKind.THROTTLED);
    Throwable t = catchThrowable(() -> cloud.driver().list(WEB));
    assertThat(t).isInstanceOf(DriverException.Throttled.class);
    assertThat(((DriverException) t).cloudCode()).contains(throttled);
    InstanceView v = cloud.driver().launch(request("t1", 1)).instances().get(0);
    List<InstanceInspection.AttachedVolume> volumes = cloud.driver().inspect(v.id()).volumes();
    assertThat(volumes).filteredOn(InstanceInspection.AttachedVolume::root).singleElement()
        .satisfies(root -> assertThat(root.device()).isEqualTo(rootDevice));
    assertThat(volumes).extracting(InstanceInspection.AttachedVolume::device).doesNotHaveDuplicates();
    assertThat(cloud.driver().inspect(v.id()).tags()).containsAllEntriesOf(behaviour.ownershipKeys().encode(v.ownership()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CloudBehaviour.class)
  @DisplayName("claim the token window, late failures and inspection batch they have")
  void capabilitiesTellTheTruth(CloudBehaviour behaviour) {
    Capabilities c = cloud(behaviour).driver().capabilities();
    assertThat(c.lateLaunchFailures()).isEqualTo(behaviour == CloudBehaviour.AZURE || behaviour == CloudBehaviour.GCE);
    assertThat(c.maxInspectBatch()).isEqualTo(switch (behaviour) {
      case AZURE -> 1;
      case GCE -> 50;
      default -> 1000;
    });
    assertThat(c.tokenWindow()).isEqualTo(behaviour == CloudBehaviour.AZURE ? Duration.ofMinutes(15) : Duration.ofHours(1));
    assertThat(c.bootTimeHint()).isEqualTo(Duration.ofSeconds(30).plus(behaviour.defaultOperationTime()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = CloudBehaviour.class, names = {"NEUTRAL", "EC2"})
  @DisplayName("that create synchronously refuse late-failure faults")
  void synchronousCloudsNeverFailLate(CloudBehaviour behaviour) {
    assertThatThrownBy(() -> cloud(behaviour).faults().lateLaunchFailures(0.5))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CloudBehaviour.AZURE");
    assertThatThrownBy(() -> MemoryCloud.builder().behaviour(behaviour).operationTime(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("long-running");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CloudBehaviour.class)
  @DisplayName("leave behind a volume without delete-on-termination and a static address, nothing the launch created")
  void leftovers(CloudBehaviour behaviour) {
    MemoryCloud cloud = cloud(behaviour);
    CloudDriver driver = cloud.driver();
    List<InstanceView> launched = driver.launch(request("t1", 2)).instances();
    InstanceId drifted = launched.get(0).id();
    cloud.mutate(drifted, m -> m.attachVolume(20, false).attachVolume(5, true).bindStaticAddress("203.0.113.7"));
    clock.advance(Duration.ofMinutes(2));
    driver.terminate(ids(launched));
    clock.advance(Duration.ofMinutes(2));
    assertThat(cloud.leftovers()).extracting(Leftover::kind, Leftover::instance)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Leftover.Kind.VOLUME, drifted),
            org.assertj.core.groups.Tuple.tuple(Leftover.Kind.ADDRESS, drifted));
  }

  @Nested
  @DisplayName("AZURE")
  class Azure {
    private final MemoryCloud cloud = cloud(CloudBehaviour.AZURE);
    private final CloudDriver driver = cloud.driver();

    @Test
    @DisplayName("names VMs from the token, provisions for the operation and the boot, and lists a deleted VM only while it is deleted")
    void namesOperationsAndDeletes() {
      LaunchResult r = driver.launch(request("wave-1", 2));
      assertThat(r.instances()).extracting(v -> v.id().value()).containsExactlyElementsOf(
          io.immut.spi.LaunchToken.of("wave-1").names(2, "web", io.immut.spi.LaunchToken.NameSyntax.AZURE_LINUX));
      clock.advance(Duration.ofSeconds(45));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      clock.advance(Duration.ofSeconds(5));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
      driver.terminate(ids(r.instances()));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.TERMINATING);
      clock.advance(Duration.ofSeconds(5));
      assertThat(driver.list(WEB)).isEmpty();
      assertThatThrownBy(() -> driver.inspect(r.instances().get(0).id())).isInstanceOf(DriverException.NotFound.class)
          .satisfies(e -> assertThat(((DriverException) e).cloudCode()).contains("ResourceNotFound"));
    }

    @Test
    @DisplayName("answers a token re-sent after its window by the VMs' names, and launches again once they are gone")
    void idempotencyByName() {
      Set<InstanceId> first = ids(driver.launch(request("wave-1", 2)).instances());
      clock.advance(Duration.ofMinutes(16));
      assertThat(ids(driver.launch(request("wave-1", 2)).instances())).isEqualTo(first);
      assertThat(cloud.instances()).hasSize(2);
      driver.terminate(first);
      clock.advance(Duration.ofMinutes(1));
      // within the window of the second use, the account still answers with the deleted VMs
      assertThat(driver.launch(request("wave-1", 2)).instances()).extracting(InstanceView::state)
          .containsOnly(InstanceState.DELETED);
      clock.advance(Duration.ofMinutes(15));
      LaunchResult again = driver.launch(request("wave-1", 2));
      assertThat(again.instances()).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      assertThat(driver.list(WEB)).hasSize(2);
    }

    @Test
    @DisplayName("refuses a name taken by an instance of another generation")
    void nameTaken() {
      driver.launch(request("wave-1", 1));
      clock.advance(Duration.ofMinutes(16));
      assertThatThrownBy(() -> driver.launch(request("wave-1", WEB, "t3.large", 1)))
          .isInstanceOf(DriverException.InvalidRequest.class).hasMessageContaining("use a new token");
    }

    @Test
    @DisplayName("leaves a NIC behind when its delete option is not set")
    void nicLeftBehind() {
      InstanceId id = driver.launch(request("wave-1", 1)).instances().get(0).id();
      cloud.mutate(id, m -> m.attachNetworkInterface("extra-nic", false).attachNetworkInterface("gone-nic", true));
      driver.terminate(Set.of(id));
      assertThat(cloud.leftovers()).singleElement().satisfies(l -> {
        assertThat(l.kind()).isEqualTo(Leftover.Kind.NETWORK_INTERFACE);
        assertThat(l.id()).isEqualTo("extra-nic");
      });
    }

    @Test
    @DisplayName("fails VMs late, one by one, with AllocationFailed")
    void lateFailure() {
      cloud.faults().failNextLaunchesLate(1);
      LaunchResult r = driver.launch(request("wave-1", 2));
      assertThat(r.isShort()).isFalse();
      clock.advance(Duration.ofSeconds(30));
      assertThat(driver.list(WEB)).allSatisfy(v -> {
        assertThat(v.state()).isEqualTo(InstanceState.FAILED);
        assertThat(v.failure()).hasValueSatisfying(f -> {
          assertThat(f.reason()).isEqualTo(LaunchFailure.Reason.CAPACITY);
          assertThat(f.message()).startsWith("AllocationFailed");
        });
      });
      assertThat(cloud.activeInstances()).isZero();
      driver.terminate(ids(r.instances()));
      clock.advance(Duration.ofMinutes(1));
      assertThat(driver.list(WEB)).isEmpty();
      assertThat(cloud.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("fails VMs late on a quota, with OperationNotAllowed about the quota")
    void lateQuotaFailure() {
      cloud.faults().failNextLaunchesLate(1).lateFailureKind(FaultKind.QUOTA);
      driver.launch(request("wave-1", 2));
      clock.advance(Duration.ofSeconds(30));
      assertThat(driver.list(WEB)).hasSize(2).allSatisfy(v -> assertThat(v.failure()).hasValueSatisfying(f -> {
        assertThat(f.reason()).isEqualTo(LaunchFailure.Reason.QUOTA);
        assertThat(f.message()).startsWith("OperationNotAllowed").contains("quota");
      }));
      assertThat(cloud.activeInstances()).isZero();
      assertThatThrownBy(() -> cloud.faults().lateFailureKind(FaultKind.THROTTLED))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAPACITY or QUOTA");
      cloud.faults().clear().failNextLaunchesLate(1);
      driver.launch(request("wave-2", 1));
      clock.advance(Duration.ofSeconds(30));
      assertThat(driver.list(WEB)).filteredOn(v -> v.failure().isPresent()).hasSize(3)
          .anySatisfy(v -> assertThat(v.failure().orElseThrow().reason()).as("clear() restores CAPACITY")
              .isEqualTo(LaunchFailure.Reason.CAPACITY));
    }
  }

  @Nested
  @DisplayName("GCE")
  class Gce {
    private final MemoryCloud cloud = cloud(CloudBehaviour.GCE);
    private final CloudDriver driver = cloud.driver();

    @Test
    @DisplayName("labels with dashed keys, ids zone/name, and deleted instances vanish at once")
    void labelsIdsAndDeletes() {
      LaunchResult r = driver.launch(request("wave-1", 2));
      assertThat(r.instances()).allSatisfy(v -> assertThat(v.id().value()).matches("z-[ab]/web-[a-z2-7]{13}"));
      assertThat(cloud.instances()).allSatisfy(i -> assertThat(i.tags()).containsKeys("immut-fleet", "immut-owner",
          "immut-generation").doesNotContainKey(OwnershipKeys.COLON.fleet()));
      driver.terminate(ids(r.instances()));
      assertThat(driver.list(WEB)).isEmpty();
    }

    @Test
    @DisplayName("keeps a request id for the token window: then existing names answer, and free names launch again")
    void requestIdWindow() {
      Set<InstanceId> first = ids(driver.launch(request("wave-1", 2)).instances());
      driver.terminate(first);
      clock.advance(Duration.ofMinutes(59));
      assertThat(ids(driver.launch(request("wave-1", 2)).instances())).isEqualTo(first);
      assertThat(driver.list(WEB)).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      LaunchResult relaunched = driver.launch(request("wave-1", 2));
      assertThat(ids(relaunched.instances())).isEqualTo(first); // the same names, new instances
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      clock.advance(Duration.ofMinutes(61));
      assertThat(ids(driver.launch(request("wave-1", 2)).instances())).isEqualTo(first);
      assertThat(driver.list(WEB)).hasSize(2);
    }

    @Test
    @DisplayName("fails a zone's whole operation late: listed FAILED for capacity, holding nothing, never inspectable")
    void lateFailurePerZone() {
      cloud.faults().lateLaunchFailures(1.0).lateFailureAfter(Duration.ofSeconds(40));
      LaunchResult r = driver.launch(request("wave-1", 4));
      assertThat(r.instances()).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      clock.advance(Duration.ofSeconds(39));
      assertThat(driver.list(WEB)).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
      assertThat(cloud.activeInstances()).isEqualTo(4);
      clock.advance(Duration.ofSeconds(1));
      assertThat(driver.list(WEB)).hasSize(4).allSatisfy(v -> assertThat(v.failure()).hasValueSatisfying(f ->
          assertThat(f.message()).startsWith("ZONE_RESOURCE_POOL_EXHAUSTED")));
      assertThat(cloud.activeInstances()).isZero();
      assertThat(driver.inspectAll(ids(r.instances()))).isEmpty();
      driver.terminate(ids(r.instances()));
      assertThat(driver.list(WEB)).isEmpty();
      assertThat(cloud.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("fails a zone's operation late on a quota, with QUOTA_EXCEEDED")
    void lateQuotaFailure() {
      cloud.faults().failNextLaunchesLate(1).lateFailureKind(FaultKind.QUOTA);
      driver.launch(request("wave-1", 3));
      clock.advance(Duration.ofSeconds(30));
      assertThat(driver.list(WEB)).hasSize(3).allSatisfy(v -> assertThat(v.failure()).hasValueSatisfying(f -> {
        assertThat(f.reason()).isEqualTo(LaunchFailure.Reason.QUOTA);
        assertThat(f.message()).startsWith("QUOTA_EXCEEDED");
      }));
    }
  }

  @Test
  @DisplayName("are chosen by the memory driver's behaviour property, with clear problems")
  void providerProperty() {
    MemoryCloud gce = MemoryDriverProvider.builder(DriverConfig.of("memory", Map.of("behaviour", "gce",
        "tokenWindow", "90m", "operationTime", "5s")), clock).build();
    assertThat(gce.behaviour()).isEqualTo(CloudBehaviour.GCE);
    assertThat(gce.driver().capabilities().tokenWindow()).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> MemoryDriverProvider.builder(DriverConfig.of("memory", Map.of("behaviour", "aws",
        "tokenWindow", "30s")), clock))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("behaviour: 'aws' is not a behaviour; allowed: neutral, ec2, azure, gce");
    assertThatThrownBy(() -> MemoryDriverProvider.builder(DriverConfig.of("memory", Map.of("behaviour", "ec2",
        "tokenWindow", "30m")), clock))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tokenWindow: needs behaviour azure or gce");
  }
}
