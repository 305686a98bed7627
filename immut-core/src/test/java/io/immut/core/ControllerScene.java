package io.immut.core;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.clock.Clock;
import io.immut.core.clock.VirtualClock;
import io.immut.core.controller.ControllerEvent;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.MemoryCloudBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A clock, an in-memory cloud, a history and lock directory shared by the engines and controllers of a test. */
final class ControllerScene {
  final Clock clock;
  final MemoryCloud cloud;
  final GenerationStore store = GenerationStore.inMemory();
  final Path locks;
  final List<ControllerEvent> events = Collections.synchronizedList(new ArrayList<>());

  /** On a virtual clock. */
  ControllerScene(Path locks) {
    this(locks, new VirtualClock(), b -> { });
  }

  ControllerScene(Path locks, Clock clock, Consumer<MemoryCloudBuilder> cloudSettings) {
    this.locks = locks;
    this.clock = clock;
    MemoryCloudBuilder b = MemoryCloud.builder().clock(clock).seed(42);
    cloudSettings.accept(b);
    this.cloud = b.build();
  }

  VirtualClock virtual() {
    return (VirtualClock) clock;
  }

  Immut immut() {
    return immut(b -> { });
  }

  Immut immut(Consumer<Immut.Builder> settings) {
    Immut.Builder b = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(store).lockDirectory(locks);
    settings.accept(b);
    return b.build();
  }

  FleetController controller(Immut immut) {
    return immut.controller().interval(Duration.ofSeconds(15)).listener(events::add).build();
  }

  static FleetSpec spec(String fleet, String image, int size) {
    return FleetSpec.builder(fleet).generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(size)).build();
  }

  /** The fleet's live (pending or running) instances owned by immut. */
  List<CloudInstance> live(String fleet) {
    return cloud.instances().stream().filter(v -> fleet.equals(v.fleet()) && v.state().isLive()
        && "immut".equals(v.tags().get("immut:owner"))).toList();
  }

  /** Every instance of a generation ever launched, gone ones included. */
  long everLaunched(String fleet, String generationId) {
    return cloud.instances().stream().filter(v -> fleet.equals(v.fleet()) && generationId.equals(v.generationId())).count();
  }

  <E extends ControllerEvent> List<E> events(Class<E> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
