package io.immut.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.core.scaling.ScalingDecision;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters an engine and a controller produce on the in-memory cloud and a virtual clock. */
class ImmutMetricsTest {
  @TempDir
  Path locks;

  private static FleetSpec spec(String fleet, String image, int size) {
    return FleetSpec.builder(fleet).generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(size)).build();
  }

  @Test
  void rolloutsWavesCallsThrottlesFleetsLeasesAndReconcilesAreMeasured() {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(7).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ImmutMetrics metrics = new ImmutMetrics(Tags.of("controller", "c1"));
    metrics.bindTo(registry);
    Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.inMemory())
        .lockDirectory(locks).listener(metrics.rolloutListener()).driverCallListener(metrics.driverCallListener()).build();
    FleetController controller = immut.controller().listener(metrics.controllerListener()).build();
    controller.put(spec("web", "ami-1", 3));
    controller.put(spec("api", "ami-1", 2));
    controller.runOnce();
    cloud.faults().failNext(Operation.LAUNCH, 1, io.immut.core.memory.FaultKind.THROTTLED);
    controller.put(spec("web", "ami-2", 3));
    clock.advance(Duration.ofSeconds(15));
    controller.runOnce();
    clock.advance(Duration.ofSeconds(15));
    controller.put(spec("web", "ami-2", 4));
    controller.runOnce();

    assertThat(registry.get("immut.rollouts").tags("fleet", "web", "outcome", "completed", "controller", "c1").counter().count())
        .isEqualTo(3);
    assertThat(registry.get("immut.rollouts").tags("fleet", "api", "outcome", "no_change").counter().count()).isEqualTo(2);
    assertThat(registry.get("immut.rollout.waves").tags("fleet", "web").counter().count()).isGreaterThanOrEqualTo(3);
    assertThat(registry.get("immut.driver.calls").tags("operation", "launch", "outcome", "succeeded").counter().count())
        .isPositive();
    assertThat(registry.get("immut.driver.calls").tags("operation", "list", "outcome", "succeeded").counter().count())
        .isPositive();
    assertThat(registry.get("immut.driver.throttles").tags("operation", "launch").counter().count()).isEqualTo(1);
    assertThat(registry.get("immut.driver.call.latency").tags("operation", "launch").timer().count()).isPositive();
    assertThat(registry.get("immut.fleet.instances").tags("fleet", "web").gauge().value()).isEqualTo(4);
    assertThat(registry.get("immut.fleet.desired.capacity").tags("fleet", "web").gauge().value()).isEqualTo(4);
    assertThat(registry.get("immut.fleet.hourly.cost").tags("fleet", "api").gauge().value()).isPositive();
    assertThat(registry.get("immut.capacity.changes").tags("fleet", "web", "direction", "out").counter().count()).isEqualTo(1);
    assertThat(registry.get("immut.lease.changes").tags("state", "held").counter().count()).isEqualTo(2);
    assertThat(registry.get("immut.controller.leases.held").gauge().value()).isEqualTo(2);
    assertThat(registry.get("immut.reconcile").tags("outcome", "reconciled").timer().count()).isEqualTo(3);
    assertThat(registry.get("immut.reconcile").tags("outcome", "rolled_out").timer().count()).isEqualTo(3);

    controller.remove("api");
    assertThat(registry.find("immut.fleet.instances").tags("fleet", "api").gauge()).as("removed with the fleet").isNull();
    assertThat(registry.get("immut.controller.leases.held").gauge().value()).isEqualTo(1);
    controller.close();
    assertThat(registry.get("immut.lease.changes").tags("state", "none").counter().count()).isEqualTo(2);
  }

  @Test
  void theAutoscalersDecisionsAreCountedByDirection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ImmutMetrics metrics = new ImmutMetrics();
    metrics.bindTo(registry);
    var at = VirtualClock.DEFAULT_START;
    metrics.scalingListener().accept("web", new ScalingDecision(at, 4, 6, 2, 10, null, "cpu 80% > 60%", List.of()));
    metrics.scalingListener().accept("web", new ScalingDecision(at, 6, 6, 2, 10, null, "steady", List.of()));
    assertThat(registry.get("immut.scaling.decisions").tags("fleet", "web", "direction", "out").counter().count()).isEqualTo(1);
    assertThat(registry.get("immut.scaling.decisions").tags("fleet", "web", "direction", "none").counter().count()).isEqualTo(1);
  }

  @Test
  void oneMetricsBindsToOneRegistry() {
    ImmutMetrics metrics = new ImmutMetrics();
    SimpleMeterRegistry one = new SimpleMeterRegistry();
    metrics.bindTo(one);
    metrics.bindTo(one);
    assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CompositeMeterRegistry");
  }

  @Test
  void eventsBeforeBindingAreNotCounted() {
    ImmutMetrics metrics = new ImmutMetrics();
    metrics.driverCallListener().onCall(new io.immut.core.rollout.DriverCall("web", "list", false,
        io.immut.core.rollout.DriverCall.Outcome.SUCCEEDED, Duration.ZERO));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    assertThat(registry.find("immut.driver.calls").counter()).isNull();
  }
}
