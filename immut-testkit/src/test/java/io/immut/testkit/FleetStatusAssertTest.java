package io.immut.testkit;

import static io.immut.testkit.ImmutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.api.HealthStatus;
import io.immut.api.Instance;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetStatusAssertTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Generation V1 = new Generation("web", 1, "aaaaaaaaaa");
  private static final Generation V2 = new Generation("web", 2, "bbbbbbbbbb");

  private static Instance instance(String id, Generation g, InstanceState state, HealthStatus health) {
    return new Instance(InstanceId.of(id), "web", g.id(), state, health, "t3.micro", "ami-1", "z1", NOW, "10.0.0.1");
  }

  private static FleetStatus status(Generation live, Generation target, Instance... instances) {
    return new FleetStatus("web", live, target, 2, List.of(instances), new BigDecimal("0.0208"), NOW);
  }

  @Test
  void passesOnAFleetThatIsAsExpected() {
    FleetStatus s = status(V2, null,
        instance("i-1", V2, InstanceState.RUNNING, HealthStatus.HEALTHY),
        instance("i-2", V2, InstanceState.RUNNING, HealthStatus.HEALTHY));

    assertThat(s).hasLiveGeneration(2).hasLiveGenerationId("bbbbbbbbbb").hasHealthyInstances(2).hasInstances(2)
        .hasInstancesOfGeneration("bbbbbbbbbb", 2).hasDesiredCapacity(2).hasNoRolloutInProgress()
        .hasNoLeakedInstances().isAllHealthy().hasHourlyCostAtMost(new BigDecimal("0.03"));
  }

  @Test
  void namesTheExpectedAndActualGenerationAndListsTheInstances() {
    FleetStatus s = status(V1, null, instance("i-1", V1, InstanceState.RUNNING, HealthStatus.HEALTHY));

    assertThatThrownBy(() -> assertThat(s).hasLiveGeneration(2))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("live generation 2")
        .hasMessageContaining("web-v001")
        .hasMessageContaining("i-1 (aaaaaaaaaa, RUNNING, HEALTHY)");
  }

  @Test
  void countsOnlyRunningHealthyInstancesAsHealthy() {
    FleetStatus s = status(V1, null,
        instance("i-1", V1, InstanceState.RUNNING, HealthStatus.HEALTHY),
        instance("i-2", V1, InstanceState.PROVISIONING, HealthStatus.UNKNOWN),
        instance("i-3", V1, InstanceState.RUNNING, HealthStatus.UNHEALTHY));

    assertThat(s).hasHealthyInstances(1).hasInstances(3);
    assertThatThrownBy(() -> assertThat(s).hasHealthyInstances(3))
        .hasMessageContaining("3 healthy instances, but it has 1");
    assertThatThrownBy(() -> assertThat(s).isAllHealthy())
        .hasMessageContaining("i-2").hasMessageContaining("i-3");
  }

  @Test
  void anInstanceOfARetiredGenerationIsALeak() {
    FleetStatus s = status(V2, null,
        instance("i-1", V2, InstanceState.RUNNING, HealthStatus.HEALTHY),
        instance("i-old", V1, InstanceState.RUNNING, HealthStatus.HEALTHY));

    assertThatThrownBy(() -> assertThat(s).hasNoLeakedInstances())
        .hasMessageContaining("1 belong to neither the live generation")
        .hasMessageContaining("i-old (aaaaaaaaaa");
  }

  @Test
  void instancesOfTheGenerationBeingRolledInAreNotLeaks() {
    FleetStatus s = status(V1, V2,
        instance("i-1", V1, InstanceState.RUNNING, HealthStatus.HEALTHY),
        instance("i-new", V2, InstanceState.PROVISIONING, HealthStatus.UNKNOWN));

    assertThat(s).hasNoLeakedInstances().hasTargetGeneration(2);
    assertThatThrownBy(() -> assertThat(s).hasNoRolloutInProgress()).hasMessageContaining("web-v002");
  }

  @Test
  void aNewFleetHasNoLiveGeneration() {
    assertThat(status(null, null)).hasNoLiveGeneration().hasInstances(0).hasNoLeakedInstances();
    assertThatThrownBy(() -> assertThat(status(V1, null)).hasNoLiveGeneration()).hasMessageContaining("web-v001");
  }

  @Test
  void anUnknownCostFailsACostBound() {
    FleetStatus s = new FleetStatus("web", V1, null, 1, List.of(), null, NOW);
    assertThatThrownBy(() -> assertThat(s).hasHourlyCostAtMost(BigDecimal.ONE)).hasMessageContaining("an unknown amount");
  }
}
