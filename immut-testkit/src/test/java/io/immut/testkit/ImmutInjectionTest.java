package io.immut.testkit;

import static io.immut.testkit.ImmutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.clock.Clock;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult;
import io.immut.spi.CloudDriver;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** A ready engine on the test's cloud and clock, and rollouts bounded in virtual time. */
@ImmutTest(seed = 5, bootTime = "40s", healthyAfter = "10s")
class ImmutInjectionTest {
  Immut immut;
  MemoryCloud cloud;
  VirtualClock clock;
  CloudDriver driver;
  ImmutEnvironment env;

  static FleetSpec web(String image, int size) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(size))
        .build();
  }

  @Test
  void theEngineRunsOnTheTestsCloudClockAndOwner() {
    Assertions.assertThat(immut.clock()).isSameAs(clock);
    Assertions.assertThat(immut.driver()).isSameAs(driver);

    immut.apply(web("ami-1", 3));

    Assertions.assertThat(cloud.instances()).hasSize(3)
        .allSatisfy(v -> Assertions.assertThat(v.tags()).containsEntry("immut:owner", ImmutTest.DEFAULT_OWNER));
    Assertions.assertThat(clock.now()).isAfter(VirtualClock.DEFAULT_START.plusSeconds(40));
  }

  @Test
  void rollsOutAndRollsOverAGenerationWithoutLeaks() {
    assertThat(immut.apply(web("ami-1", 4))).isCompleted().hasGeneration(1).hasLiveGeneration(1).launched(4).terminated(0);
    assertThat(immut.status("web")).hasLiveGeneration(1).hasHealthyInstances(4).hasNoLeakedInstances();

    RolloutResult second = immut.apply(web("ami-2", 4));

    assertThat(second).isCompleted().succeeded().hasLiveGeneration(2).launched(4).terminated(4)
        .tookAtMost(Duration.ofHours(1));
    assertThat(immut.status("web")).hasLiveGeneration(2).hasHealthyInstances(4).hasNoRolloutInProgress()
        .hasNoLeakedInstances();
    assertThat(immut.apply(web("ami-2", 4))).isNoChange();
    assertThat(cloud).hasLiveInstances("web", 4).hasOnlyGenerationLive("web", web("ami-2", 4).generationId())
        .hasHourlyCostAtMost(new java.math.BigDecimal("0.0416"));
  }

  @Test
  void theCloudAssertionsFindWhatTheEngineDoesNotList() {
    immut.apply(web("ami-1", 2));
    cloud.launchForeign(java.util.Map.of("immut:fleet", "web", "immut:generation", "stale"), "t3.micro", "ami-0");

    assertThatThrownBy(() -> assertThat(cloud).hasOnlyGenerationLive("web", web("ami-1", 2).generationId()))
        .hasMessageContaining("these are of another")
        .hasMessageContaining("stale");
    assertThatThrownBy(() -> assertThat(cloud).hasLiveInstances("web", 2)).hasMessageContaining("there are 3");
    assertThatThrownBy(() -> assertThat(cloud).hasHourlyCostAtMost(java.math.BigDecimal.ZERO))
        .hasMessageContaining("at most 0 per hour");
  }

  @Test
  void aGenerationThatNeverTurnsHealthyIsRolledBack() {
    immut.apply(web("ami-1", 2));
    cloud.faults().neverHealthy("ami-broken");
    assertThat(immut.apply(web("ami-broken", 2))).isRolledBack().hasLiveGeneration(1);
    assertThat(immut.status("web")).hasLiveGeneration(1).hasHealthyInstances(2).hasNoLeakedInstances();
  }

  @Test
  void applyWithinReturnsARolloutThatEndsInTime() {
    RolloutResult result = VirtualTime.applyWithin(immut, web("ami-1", 3), Duration.ofMinutes(30));

    assertThat(result).isCompleted().tookAtMost(Duration.ofMinutes(30));
    Assertions.assertThat(clock.pendingTasks()).as("the deadline's task is cancelled").isZero();
  }

  @Test
  void applyWithinAbortsARolloutThatOutlivesItsDeadline() {
    immut.apply(web("ami-1", 2));

    assertThatThrownBy(() -> VirtualTime.applyWithin(immut, web("ami-2", 2), Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(RolloutDeadlineExceeded.class, e -> {
          Assertions.assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(20));
          assertThat(e.result()).isAborted().hasLiveGeneration(1);
          Assertions.assertThat(e).hasMessageContaining("fleet 'web' did not finish within 20s of virtual time");
        });
    assertThat(immut.status("web")).hasLiveGeneration(1).hasNoRolloutInProgress().hasNoLeakedInstances();
  }

  @Test
  void applyWithinNeedsAVirtualClock() {
    try (Immut real = Immut.builder().driver(driver).clock(Clock.system()).build()) {
      assertThatThrownBy(() -> VirtualTime.applyWithin(real, web("ami-1", 1), Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs an Immut on a VirtualClock");
    }
  }

  @Test
  void injectsTheEngineAsAParameterToo(Immut param) {
    Assertions.assertThat(param).isSameAs(immut).isSameAs(env.immut());
  }
}
