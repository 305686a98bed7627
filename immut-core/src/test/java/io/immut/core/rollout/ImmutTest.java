package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.api.FleetStatus;
import io.immut.api.InstanceId;
import io.immut.api.Placement;
import io.immut.core.Immut;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.InstanceView;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImmutTest {
  @TempDir
  Path locks;

  @Test
  void statusShowsTheLiveGenerationItsInstancesAndTheHourlyCost() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    FleetStatus status = s.immut.status("web");
    assertThat(status.live()).hasValueSatisfying(g -> assertThat(g.name()).isEqualTo("web-v001"));
    assertThat(status.target()).isEmpty();
    assertThat(status.desiredCapacity()).isEqualTo(3);
    assertThat(status.instances()).hasSize(3);
    assertThat(status.healthyCount()).isEqualTo(3);
    assertThat(status.cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.0312"));
  }

  @Test
  void aRollingFleetWithATrafficTargetRegistersOnlyInstancesPastTheirGate() {
    Scenario s = new Scenario(locks);
    FleetSpec v1 = Scenario.spec("ami-1", 3);
    FleetSpec withTarget = v1.toBuilder().trafficTarget("web-tg").build();
    assertThat(withTarget.generationId()).as("the target is not part of the generation").isEqualTo(v1.generationId());
    s.immut.apply(withTarget);
    Set<InstanceId> live = s.live().stream().map(io.immut.core.memory.CloudInstance::id).collect(Collectors.toSet());
    assertThat(s.cloud.driver().traffic().orElseThrow().health("web-tg").keySet()).isEqualTo(live);
    assertThat(s.events(RolloutEvent.TrafficShifted.class)).isNotEmpty();
  }

  @Test
  void aRollingFleetWithoutATrafficTargetMakesNoTrafficCalls() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    assertThat(s.events(RolloutEvent.TrafficShifted.class)).isEmpty();
    assertThat(s.cloud.calls().count(io.immut.core.memory.Operation.TRAFFIC_REGISTER)).isZero();
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheRollout() {
    Scenario s = new Scenario(locks);
    RolloutResult r = s.immut.apply(Scenario.spec("ami-1", 2), e -> {
      throw new IllegalStateException("listener bug");
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void applyAsyncReturnsTheResultAndCountsDriverCalls() throws Exception {
    Scenario s = new Scenario(locks);
    RolloutResult r = s.immut.applyAsync(Scenario.spec("ami-1", 2)).get();
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.immut.driverCalls()).isEqualTo(s.cloud.calls().total());
    assertThat(s.immut.mutatingDriverCalls()).isEqualTo(s.cloud.calls().mutating());
  }

  @Test
  void promoteAndAbortWithoutARolloutBothSaySo() {
    Scenario s = new Scenario(locks);
    assertThatThrownBy(() -> s.immut.promote("web")).hasMessageContaining("no rollout under way to promote");
    assertThatThrownBy(() -> s.immut.abort("web")).hasMessageContaining("no rollout under way to abort");
    assertThat(s.immut.apply(Scenario.spec("ami-1", 1)).outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void aDriverIsRequiredAndFoundByName() {
    assertThatThrownBy(() -> Immut.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no driver");
    try (Immut immut = Immut.builder().driver("memory").lockDirectory(locks).build()) {
      assertThat(immut.driver().name()).isEqualTo("memory");
    }
  }

  @Test
  void aStoreAndALifecycleTogetherAreRefusedWithThePublicWayToCombineThem() {
    GenerationStore store = GenerationStore.inMemory();
    assertThatThrownBy(() -> Immut.builder().driver("memory").lockDirectory(locks).generationStore(store)
        .generationLifecycle(Immut.generationLifecycle(store)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be combined with generationLifecycle")
        .hasMessageContaining("generationLifecycle(Immut.generationLifecycle(store))")
        .hasMessageNotContaining("StoreGenerationLifecycle");

    // the factory's lifecycle, handed in alone, keeps the history in the store
    try (Immut immut = Immut.builder().driver("memory").lockDirectory(locks)
        .generationLifecycle(Immut.generationLifecycle(store)).build()) {
      assertThat(immut.apply(Scenario.spec("ami-1", 1)).outcome()).isEqualTo(Outcome.COMPLETED);
    }
    assertThat(store.history("web")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(io.immut.core.history.GenerationStatus.LIVE));
  }
}
