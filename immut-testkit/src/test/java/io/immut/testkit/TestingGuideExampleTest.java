package io.immut.testkit;

import static io.immut.testkit.ImmutAssertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of docs/testing.md, compiled and run. */
@ImmutTest(seed = 7, bootTime = "45s", healthyAfter = "15s")
class TestingGuideExampleTest {
  Immut immut;
  MemoryCloud cloud;
  VirtualClock clock;

  static FleetSpec web(String image) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(6))
        .build();
  }

  @Test
  void rollsOutANewGenerationWithoutLeaks() {
    immut.apply(web("ami-1"));
    RolloutResult result = immut.apply(web("ami-2"));

    assertThat(result).isCompleted().launched(6).terminated(6);
    assertThat(immut.status("web"))
        .hasLiveGeneration(2)
        .hasHealthyInstances(6)
        .hasNoRolloutInProgress()
        .hasNoLeakedInstances();
  }

  @Test
  void boundsAndDrivesVirtualTime() {
    RolloutResult result = VirtualTime.applyWithin(immut, web("ami-1"), Duration.ofMinutes(30));
    assertThat(result).isCompleted();

    cloud.kill(immut.status("web").instances().get(0).id());
    immut.apply(web("ami-1"));
    VirtualTime.advanceUntil(clock, () -> immut.status("web").healthyCount() == 6,
        Duration.ofSeconds(5), Duration.ofMinutes(10));
    assertThat(immut.status("web")).hasHealthyInstances(6).hasNoLeakedInstances();
  }
}
