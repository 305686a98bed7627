package io.immut.core.rollout;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.InstanceState;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.MemoryCloudBuilder;
import io.immut.spi.InstanceView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A virtual clock, an in-memory cloud, a store and an Immut on them, for scenario tests. */
final class Scenario {
  final VirtualClock clock = new VirtualClock();
  final MemoryCloud cloud;
  final GenerationStore store = GenerationStore.inMemory();
  final Path locks;
  final List<RolloutEvent> events = Collections.synchronizedList(new ArrayList<>());
  Immut immut;

  Scenario(Path locks) {
    this(locks, b -> { });
  }

  Scenario(Path locks, Consumer<MemoryCloudBuilder> cloudSettings) {
    this.locks = locks;
    MemoryCloudBuilder b = MemoryCloud.builder().clock(clock).seed(42);
    cloudSettings.accept(b);
    this.cloud = b.build();
    this.immut = newImmut(x -> { });
  }

  Immut newImmut(Consumer<Immut.Builder> settings) {
    Immut.Builder b = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(store).lockDirectory(locks)
        .listener(events::add);
    settings.accept(b);
    return b.build();
  }

  static FleetSpec spec(String image, int size, RolloutStrategy strategy) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(size)).strategy(strategy).build();
  }

  static FleetSpec spec(String image, int size) {
    return spec(image, size, RolloutStrategy.DEFAULT);
  }

  static FleetSpec withHealth(FleetSpec spec, HealthCheck check) {
    return spec.toBuilder().generation(spec.generation().toBuilder().healthCheck(check).build()).build();
  }

  /** Live (pending or running) instances of the fleet owned by immut, by generation id. */
  Map<String, Long> liveByGeneration() {
    return live().stream()
        .collect(Collectors.groupingBy(io.immut.core.memory.CloudInstance::generationId, Collectors.counting()));
  }

  /** Live (pending or running) instances of the fleet owned by immut. */
  List<io.immut.core.memory.CloudInstance> live() {
    String ownerKey = cloud.ownershipKeys().owner();
    return cloud.instances().stream().filter(v -> "web".equals(v.fleet()) && v.state().isLive()
        && "immut".equals(v.tags().get(ownerKey))).toList();
  }

  long terminatedOrGone() {
    return cloud.instances().stream().filter(v -> v.state() == InstanceState.DELETED || v.state() == InstanceState.TERMINATING)
        .count();
  }

  <E extends RolloutEvent> List<E> events(Class<E> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  /** Whether the instance carries an owner tag, in the cloud's syntax. */
  boolean owned(io.immut.core.memory.CloudInstance v) {
    return v.tags().containsKey(cloud.ownershipKeys().owner());
  }

  /** Instances of a generation the cloud ever had, in any state. */
  long everLaunched(String generationId) {
    return cloud.instances().stream().filter(v -> generationId.equals(v.generationId())).count();
  }

  static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }
}
