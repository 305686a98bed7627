package io.immut.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The groups of {@link ConformanceChecks}: each catches a driver that breaks its rule, and only
 * the tests of that rule fail.
 */
class CloudChecksBehaviourTest {

  @BeforeEach
  @AfterEach
  void reset() {
    ConfigurableMemoryConformance.reset();
  }

  private static SuiteRun run() {
    return SuiteRun.of(ConfigurableMemoryConformance.class);
  }

  @Test
  void catchesADriverWhoseLaunchesLeaveAVolumeBehind() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        LaunchResult r = delegate.launch(request);
        // a data disk created without its delete option: it outlives the instance
        r.instances().forEach(v -> cloud.mutate(v.id(), m -> m.attachVolume(10, false)));
        return r;
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("Cleanup.terminateLeavesNothingBehind");
    assertThat(run.outcome("Cleanup.terminateLeavesNothingBehind").detail()).contains("left behind", "VOLUME");
  }

  @Test
  void catchesADriverWhoseStateFilterIgnoresTheStates() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
        return delegate.list(selector);
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).contains("ListByState.listsOnlyTheAskedStates");
  }

  @Test
  void catchesADriverWhoseBatchedInspectionDropsInstances() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
        Map<InstanceId, InstanceInspection> all = new LinkedHashMap<>(delegate.inspectAll(ids));
        all.keySet().stream().findFirst().ifPresent(all::remove);
        return all;
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactly("BatchedInspection.inspectsABatchAsInspectDoes");
  }

  @Test
  void catchesADriverThatLaunchesAgainForATokenWhoseInstancesAreGone() {
    ConfigurableMemoryConformance.decorator = (driver, cloud) -> new ForwardingDriver(driver) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        LaunchResult r = delegate.launch(request);
        if (!r.instances().isEmpty() && r.instances().stream().noneMatch(v -> v.state().isLive())) {
          // "salts" a spent token, as the executor once did: a new launch under a new token
          LaunchResult fresh = delegate.launch(request.toBuilder()
              .token(LaunchToken.of(request.token().value().substring(0, Math.min(50, request.token().value().length())) + "-salted")).build());
          return LaunchResult.complete(request, fresh.instances());
        }
        return r;
      }
    };
    SuiteRun run = run();

    assertThat(run.withStatus("FAILED")).containsExactly("Tokens.tokenReusedAfterItsInstancesAreGone");
  }
}
