package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cloud without per-instance status checks (Compute Engine, EC2 without a load balancer's
 * checks) reports every instance's health {@code UNKNOWN}: the memory cloud seen that way. The old
 * generation counts towards the capacity floor once observed serving (the probe answered healthy),
 * so a rolling rollout with {@code maxUnavailable 0} retires it; never observed serving, it keeps
 * serving and is not retired.
 */
class UnknownHealthTest {
  static final HealthCheck CHECK = new HealthCheck(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 3,
      Duration.ofMinutes(5), "/healthz", 80);

  /** The memory cloud's driver, reporting no health at all. */
  static CloudDriver withoutHealth(CloudDriver driver) {
    return new ForwardingCloudDriver(driver) {
      @Override
      public List<InstanceView> list(FleetSelector selector) {
        return super.list(selector).stream().map(v -> v.toBuilder().health(HealthStatus.UNKNOWN).build()).toList();
      }

      @Override
      public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
        return list(selector).stream().filter(v -> states.contains(v.state())).toList();
      }
    };
  }

  static FleetSpec spec(String image) {
    return FleetSpec.builder("web").generation(GenerationSpec.builder().image(image).instanceType("t3.micro")
        .healthCheck(CHECK).build()).capacity(Capacity.fixed(4)).strategy(RolloutStrategy.DEFAULT).build();
  }

  static long live(MemoryCloud cloud, String generationId) {
    return cloud.instances().stream().filter(i -> i.state().isLive() && generationId.equals(i.generationId())).count();
  }

  @Test
  void anOldGenerationOfUnknownHealthObservedServingIsRetiredUnderMaxUnavailableZero() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(11).build();
    FleetSpec v1 = spec("ami-1");
    FleetSpec v2 = spec("ami-2");
    try (Immut immut = Immut.builder().driver(withoutHealth(cloud.driver())).clock(clock)
        .healthProbe((instance, check) -> HealthStatus.HEALTHY).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      RolloutResult result = immut.apply(v2);
      assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.COMPLETED);
      assertThat(live(cloud, v2.generationId())).isEqualTo(4);
      assertThat(live(cloud, v1.generationId())).isZero();
    }
  }

  @Test
  void anOldGenerationOfUnknownHealthNeverObservedServingIsNotRetiredOnItsStrength() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(12).build();
    FleetSpec v1 = spec("ami-1");
    FleetSpec v2 = spec("ami-2");
    boolean[] v1Serves = {true};
    try (Immut immut = Immut.builder().driver(withoutHealth(cloud.driver())).clock(clock)
        .healthProbe((instance, check) -> instance.imageId().equals("ami-1") && !v1Serves[0] ? HealthStatus.UNKNOWN
            : HealthStatus.HEALTHY).build()) {
      assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);
      v1Serves[0] = false;
      RolloutResult result = immut.apply(v2);
      // the new generation passes its gate, but nothing says the old one serves: none of it is
      // retired on its strength, and the rollout runs into its progress deadline
      assertThat(result.outcome()).as("%s", result).isNotIn(Outcome.COMPLETED, Outcome.NO_CHANGE);
      assertThat(result.reason()).contains("no progress");
      assertThat(live(cloud, v1.generationId())).as("old instances still running").isEqualTo(4);
    }
  }
}
