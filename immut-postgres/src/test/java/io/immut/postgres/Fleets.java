package io.immut.postgres;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.memory.CloudInstance;
import io.immut.postgres.cloud.RemoteCloudDriver;
import io.immut.postgres.cloud.SharedCloud;
import java.time.Duration;
import java.util.List;

/** Fleet specs that roll out in a few real seconds on a {@link SharedCloud}, and engines on it. */
final class Fleets {
  private Fleets() {}

  static final HealthCheck FAST = HealthCheck.builder().gracePeriod(Duration.ZERO).interval(Duration.ofMillis(200))
      .healthyThreshold(1).unhealthyThreshold(3).progressDeadline(Duration.ofSeconds(30)).build();

  /** Rolling, one instance at a time: a rollout of {@code size} instances takes {@code size} waves. */
  static FleetSpec rolling(String fleet, String image, int size) {
    return FleetSpec.builder(fleet).capacity(Capacity.fixed(size))
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").healthCheck(FAST).build())
        .strategy(RolloutStrategy.rolling(Amount.of(1), Amount.of(0))).build();
  }

  /** Blue/green that waits for a promotion, holding the fleet's lease meanwhile. */
  static FleetSpec manual(String fleet, String image, int size) {
    return rolling(fleet, image, size).toBuilder()
        .strategy(RolloutStrategy.blueGreen().promotion(RolloutStrategy.Promotion.MANUAL).build()).build();
  }

  static Immut engine(PostgresFleetStore store, SharedCloud cloud, Duration leaseTtl) {
    return store.configure(Immut.builder()).driver(new RemoteCloudDriver(cloud.endpoint())).leaseTtl(leaseTtl).build();
  }

  /** Every instance the cloud ever launched for a fleet's generation, terminated ones too. */
  static List<CloudInstance> launched(SharedCloud cloud, FleetSpec spec) {
    return cloud.cloud().instances().stream().filter(i -> spec.name().equals(i.fleet()) && spec.generationId().equals(i.generationId())).toList();
  }

  /** The fleet's live (pending or running) instances. */
  static List<CloudInstance> live(SharedCloud cloud, String fleet) {
    return cloud.cloud().instances().stream().filter(i -> fleet.equals(i.fleet()) && i.state().isLive()).toList();
  }
}
