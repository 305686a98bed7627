package io.immut.driver.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A launch returns once Compute Engine accepted it, and list reports later what the operation did:
 * the instances it did not create are FAILED with the operation's reason, on the engine's clock.
 */
class GcpLateLaunchFailureTest extends AgainstLocalGce {

  private Map<InstanceState, List<InstanceView>> byState() {
    return driver.list(WEB).stream().collect(Collectors.groupingBy(InstanceView::state));
  }

  @Test
  void launchReturnsAtAcceptanceWithoutReadingTheOperation() {
    var request = request("t-accept", spec("e2-small", "us-central1-a"), 3);
    local.clearCalls();
    LaunchResult result = driver.launch(request);

    assertThat(result.isShort()).isFalse();
    assertThat(result.instances()).extracting(InstanceView::state).containsOnly(InstanceState.PROVISIONING);
    assertThat(local.calls()).containsExactly("instances.bulkInsert zone=us-central1-a");
  }

  @Test
  void shortCapacityListsTheRestFailed() {
    local.capacity("e2-medium", 2);
    LaunchResult result = driver.launch(request("t-short", spec("e2-medium", "us-central1-a"), 5));
    assertThat(result.instances()).hasSize(5);
    assertThat(byState().get(InstanceState.PROVISIONING)).as("before the operation is done").hasSize(5);

    local.settle();
    Map<InstanceState, List<InstanceView>> after = byState();
    assertThat(after.get(InstanceState.RUNNING)).hasSize(2);
    assertThat(after.get(InstanceState.FAILED)).hasSize(3).allSatisfy(v -> {
      assertThat(v.failure()).get().extracting(LaunchFailure::reason).isEqualTo(LaunchFailure.Reason.CAPACITY);
      assertThat(v.failure().get().message()).contains("ZONE_RESOURCE_POOL_EXHAUSTED");
      assertThat(v.ownership()).isEqualTo(result.instances().get(0).ownership());
    });

    driver.terminate(ids(after.get(InstanceState.FAILED)));
    assertThat(byState()).containsOnlyKeys(InstanceState.RUNNING);
  }

  @Test
  void operationErrorsMapToTheirReasons() {
    local.failNextOperation("QUOTA_EXCEEDED", "Quota 'CPUS' exceeded.  Limit: 8.0 in region us-central1.");
    driver.launch(request("t-quota", spec("e2-small", "us-central1-b"), 2));
    local.settle();
    assertThat(byState().get(InstanceState.FAILED)).hasSize(2)
        .allSatisfy(v -> assertThat(v.failure().get().reason()).isEqualTo(LaunchFailure.Reason.QUOTA));

    local.failNextOperation("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", "The zone does not have enough resources.");
    driver.launch(request("t-pool", spec("e2-small", "us-central1-c"), 1));
    local.settle();
    assertThat(byState().get(InstanceState.FAILED)).hasSize(3)
        .filteredOn(v -> v.zone().equals("us-central1-c"))
        .singleElement().satisfies(v -> assertThat(v.failure().get().reason()).isEqualTo(LaunchFailure.Reason.CAPACITY));
  }

  @Test
  void failuresAreListedForTheRetentionOnTheEnginesClock() {
    local.failNextOperation("QUOTA_EXCEEDED", "Quota 'CPUS' exceeded.");
    driver.launch(request("t-retention", spec("e2-small", "us-central1-a"), 1));
    local.settle();
    assertThat(driver.list(WEB)).singleElement().extracting(InstanceView::state).isEqualTo(InstanceState.FAILED);

    clock.advance(Duration.ofMinutes(59));
    assertThat(driver.list(WEB)).as("within failedRetention (60m)").hasSize(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(driver.list(WEB)).as("past failedRetention").isEmpty();
  }

  @Test
  void theOperationIsReadOnceDoneAndNotAgain() {
    driver.launch(request("t-once", spec("e2-small", "us-central1-a"), 2));
    local.settle();
    driver.list(WEB);
    local.clearCalls();
    List<InstanceView> listed = driver.list(WEB);

    assertThat(listed).extracting(InstanceView::state).containsOnly(InstanceState.RUNNING);
    assertThat(local.calls()).containsExactly("instances.aggregatedList");
    assertThat(Set.copyOf(local.calls())).doesNotContain("zoneOperations.wait");
  }
}
