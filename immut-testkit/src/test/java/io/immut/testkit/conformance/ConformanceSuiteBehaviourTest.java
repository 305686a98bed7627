package io.immut.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceId;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.TrafficRouter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The suite itself: exclusions are reported as skipped with their reason, stale exclusions and
 * missing fixture hooks fail loudly, the driver scope is kept, and a driver that breaks a rule of
 * the contract fails the tests of that rule.
 */
class ConformanceSuiteBehaviourTest {

  @BeforeEach
  @AfterEach
  void reset() {
    ConfigurableMemoryConformance.reset();
  }

  private static SuiteRun run() {
    return SuiteRun.of(ConfigurableMemoryConformance.class);
  }

  @Test
  void anHonestDriverPassesEveryTestButThoseOfUnclaimedCapabilities() {
    SuiteRun run = run();

    assertThat(run.outcomes()).as(run.toString()).hasSameSizeAs(CloudDriverConformance.testIds());
    assertThat(run.withStatus("FAILED")).as(run.toString()).isEmpty();
    // the neutral memory cloud claims every capability but late launch failures (it creates synchronously)
    assertThat(run.withStatus("ABORTED")).as(run.toString()).containsExactly("LateFailures.lateFailureIsReportedAsFailed");
    assertThat(run.outcome("LateFailures.lateFailureIsReportedAsFailed").detail()).contains("lateLaunchFailures");
  }

  @Test
  void excludedTestsAreReportedAsSkippedWithTheirReason() {
    ConfigurableMemoryConformance.exclusions = Exclusions.none()
        .exclude("errors.authFailureMapsToAuthFailed", "the backend accepts every credential")
        .exclude("resolveImage", "the backend has no images");
    SuiteRun run = run();

    assertThat(run.withStatus("SKIPPED")).containsExactly("Errors.authFailureMapsToAuthFailed",
        "ResolveImage.resolvesAKnownImage", "ResolveImage.unknownImageIsNotFound");
    assertThat(run.outcome("Errors.authFailureMapsToAuthFailed").detail())
        .isEqualTo("Errors.authFailureMapsToAuthFailed excluded by ConfigurableMemoryConformance.exclusions():"
            + " the backend accepts every credential");
    assertThat(run.outcome("ResolveImage.unknownImageIsNotFound").detail()).endsWith("the backend has no images");
    assertThat(run.withStatus("FAILED")).isEmpty();
  }

  @Test
  void anExclusionOfNoTestFailsEveryTest() {
    ConfigurableMemoryConformance.exclusions = Exclusions.none().exclude("Launch.noSuchTest", "stale");
    SuiteRun run = run();

    assertThat(run.withStatus("SUCCESSFUL")).isEmpty();
    assertThat(run.withStatus("FAILED")).hasSameSizeAs(CloudDriverConformance.testIds());
    assertThat(run.outcome("Launch.launchesTheCountAskedFor").detail())
        .contains("exclusions() names [Launch.noSuchTest], which is no conformance test or group");
  }

  @Test
  void testsNeedingAHookTheFixtureLacksFailSayingWhatToDo() {
    ConfigurableMemoryConformance.bareFixture = true;
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactlyInAnyOrder("Launch.shortLaunchSaysHowManyAndWhy",
        "Errors.throttlingMapsToThrottled", "Errors.transientFailureMapsToTransient",
        "Errors.authFailureMapsToAuthFailed", "Errors.quotaMapsToQuotaExceeded",
        "Errors.capacityMapsToCapacityUnavailable", "Errors.invalidRequestMapsToInvalidRequest",
        "Errors.retriedThrottledLaunchLaunchesOnce", "Cleanup.terminateLeavesNothingBehind");
    assertThat(run.outcome("Cleanup.terminateLeavesNothingBehind").detail())
        .contains("implement CloudFixture.leftovers, or exclude Cleanup.terminateLeavesNothingBehind");
    assertThat(run.outcome("Errors.quotaMapsToQuotaExceeded").detail())
        .contains("cannot provoke QUOTA on LAUNCH")
        .contains("or exclude the test in exclusions()");
  }

  @Test
  void aDriverPerClassIsCreatedAndClosedOnce() {
    ConfigurableMemoryConformance.scope = DriverScope.PER_CLASS;
    SuiteRun run = run();

    assertThat(ConfigurableMemoryConformance.DRIVERS_CREATED).hasValue(1);
    assertThat(ConfigurableMemoryConformance.DRIVERS_CLOSED).hasSize(1);
    assertThat(ConfigurableMemoryConformance.lastCloud.instances())
        .as("instances the suite launched, in the one cloud of the class")
        .filteredOn(v -> v.generationId() != null
            && v.tags().getOrDefault(OwnershipKeys.COLON.owner(), "").startsWith("immut-conformance"))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.state().isLive()).as("%s is live after the suite", v.id()).isFalse());
    assertThat(run.withStatus("FAILED")).as(run.toString()).isEmpty();
    assertThat(run.outcome("ClaimedCapabilities.closesIdempotently").status()).isEqualTo("ABORTED");
  }

  @Test
  void aDriverPerTestIsCreatedAndClosedForEachTest() {
    SuiteRun run = run();

    assertThat(ConfigurableMemoryConformance.DRIVERS_CREATED).hasValue(run.outcomes().size());
    assertThat(ConfigurableMemoryConformance.DRIVERS_CLOSED).hasSize(run.outcomes().size());
  }

  @Test
  void catchesADriverThatListsInstancesOfAnotherOwnerOrWithoutAGenerationTag() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public List<InstanceView> list(FleetSelector selector) {
        // ignores the owner: lists another owner's instances of the fleet too
        return cloud.instances().stream().filter(v -> selector.fleet().equals(v.fleet()))
            .flatMap(v -> OwnershipKeys.COLON.decode(v.tags()).stream().map(o -> InstanceView.builder().id(v.id())
                .ownership(o).state(v.state()).health(v.health()).instanceType(v.instanceType()).imageId(v.imageId())
                .zone(v.zone()).launchedAt(v.launchedAt()).build()))
            .toList();
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("ListInstances.neverListsForeignInstances");
    assertThat(run.outcome("ListInstances.neverListsForeignInstances").detail()).contains("instances listed for fleet");
  }

  @Test
  void catchesADriverThatIgnoresTheLaunchToken() {
    AtomicInteger retries = new AtomicInteger();
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public LaunchResult launch(LaunchRequest r) {
        LaunchToken token = LaunchToken.of(r.token().value() + "-" + retries.incrementAndGet());
        LaunchResult result = delegate.launch(r.toBuilder().token(token).build());
        return result.shortfall().map(why -> LaunchResult.partial(r, result.instances(), why))
            .orElseGet(() -> LaunchResult.complete(r, result.instances()));
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("Launch.repeatedTokenLaunchesNothingNew",
        "Launch.concurrentSameTokenLaunchesOnce", "Errors.retriedThrottledLaunchLaunchesOnce");
    assertThat(run.withStatus("FAILED")).doesNotContain("Launch.launchesTheCountAskedFor");
  }

  @Test
  void catchesADriverThatReadsOnlyTheFirstPage() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public List<InstanceView> list(FleetSelector selector) {
        List<InstanceView> all = delegate.list(selector);
        return all.subList(0, Math.min(10, all.size()));
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("ListInstances.listsAcrossPages");
  }

  @Test
  void catchesADriverThatMapsEveryErrorToTransient() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      private <T> T mapped(java.util.function.Supplier<T> call) {
        try {
          return call.get();
        } catch (DriverException e) {
          throw new DriverException.Transient(e.operation(), null, e.getMessage(), e);
        }
      }

      @Override
      public LaunchResult launch(LaunchRequest request) {
        return mapped(() -> delegate.launch(request));
      }

      @Override
      public List<InstanceView> list(FleetSelector selector) {
        return mapped(() -> delegate.list(selector));
      }

      @Override
      public io.immut.api.Image resolveImage(io.immut.api.ImageRef ref) {
        return mapped(() -> delegate.resolveImage(ref));
      }

      @Override
      public io.immut.spi.InstanceInspection inspect(InstanceId id) {
        return mapped(() -> delegate.inspect(id));
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactlyInAnyOrder("Errors.throttlingMapsToThrottled",
        "Errors.authFailureMapsToAuthFailed", "Errors.quotaMapsToQuotaExceeded",
        "Errors.capacityMapsToCapacityUnavailable", "Errors.invalidRequestMapsToInvalidRequest",
        "Errors.retriedThrottledLaunchLaunchesOnce", "ResolveImage.unknownImageIsNotFound",
        "Inspect.unknownInstanceIsNotFound");
  }

  @Test
  void catchesADriverThatClaimsTrafficItDoesNotOffer() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public Optional<TrafficRouter> traffic() {
        return Optional.empty();
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactlyInAnyOrder("ClaimedCapabilities.trafficPresentExactlyWhenClaimed",
        "ClaimedCapabilities.routesTraffic");
  }

  @Test
  void catchesADriverThatClaimsALaunchBatchItCannotLaunch() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public Capabilities capabilities() {
        Capabilities c = delegate.capabilities();
        return c.toBuilder().maxLaunchBatch(c.maxLaunchBatch() * 100).build();
      }

      @Override
      public LaunchResult launch(LaunchRequest request) {
        if (request.count() > delegate.capabilities().maxLaunchBatch()) {
          throw new DriverException.InvalidRequest("launch", "TooMany", "too many instances in one call", null);
        }
        return delegate.launch(request);
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("ClaimedCapabilities.launchesAFullBatch");
  }

  @Test
  void catchesADriverThatRefusesUnknownIdsOnTerminate() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public void terminate(Set<InstanceId> ids) {
        for (InstanceId id : ids) {
          if (cloud.instance(id).isEmpty()) {
            throw new DriverException.NotFound("terminate", "InvalidInstanceID.NotFound", "no instance " + id, null);
          }
        }
        delegate.terminate(ids);
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactly("Terminate.unknownIdIsNotAnError");
  }
}
