package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.ImageRef;
import io.immut.api.ScalingPolicy;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.LaunchRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Autoscaled capacity as the engine asks for it")
class AutoscaledCapacityTest {
  final VirtualClock clock = new VirtualClock();
  final MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(1).bootTime(Duration.ofSeconds(30))
      .price("t3.micro", new BigDecimal("0.01")).build();
  final CloudDriver driver = cloud.driver();
  final InMemoryMetrics metrics = new InMemoryMetrics();
  final GenerationSpec gen = GenerationSpec.builder().image("ami-1").instanceType("t3.micro").build();

  FleetSpec spec(Capacity capacity, CostPolicy cost) {
    return FleetSpec.builder("web").generation(gen).capacity(capacity).cost(cost).build();
  }

  @Test
  @DisplayName("starts from the running fleet, decides at most once per interval, and tells listeners with the reason")
  void loop() {
    driver.launch(io.immut.spi.LaunchRequest.builder().token(io.immut.spi.LaunchToken.of("t-1")).ownership(io.immut.spi.Ownership.of(new FleetSelector("web", "immut"), gen.id())).spec(gen).image(driver.resolveImage(ImageRef.of("ami-1"))).count(3).build());
    clock.advance(Duration.ofMinutes(5));
    List<String> events = new ArrayList<>();
    AutoscaledCapacity capacity = AutoscaledCapacity.builder(driver, metrics).interval(Duration.ofSeconds(15))
        .onChange((fleet, d) -> events.add(fleet + " " + d)).build();
    FleetSpec spec = spec(Capacity.autoscaled(1, 10,
        ScalingPolicy.targetTracking("cpu", 50).withScaleInStabilization(Duration.ZERO)), new CostPolicy(new BigDecimal("0.08")));

    metrics.record("cpu", clock.now(), 50);
    assertThat(capacity.desired(spec, clock.now())).as("3 running, cpu on target: stays at 3, not min 1").isEqualTo(3);
    metrics.record("cpu", clock.now(), 150);
    cloud.calls().reset();
    clock.advance(Duration.ofSeconds(5));
    assertThat(capacity.desired(spec, clock.now())).as("within the interval: the last decision").isEqualTo(3);
    assertThat(cloud.calls().count(Operation.LIST)).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(capacity.desired(spec, clock.now())).as("ceil(3 x 150 / 50) = 9, budget 0.08 / 0.01 = 8, one kept for surge")
        .isEqualTo(7);
    assertThat(cloud.calls().count(Operation.LIST)).isEqualTo(1);
    assertThat(events).singleElement().asString().startsWith("web 3 -> 7: targetTracking[0]: cpu=150")
        .contains("limited to 7 by the budget");
    assertThat(capacity.lastDecision("web")).hasValueSatisfying(d -> assertThat(d.budgetLimit()).isEqualTo(7));
  }

  @Test
  @DisplayName("a fixed capacity is the spec's own size, without any cloud call")
  void fixed() {
    AutoscaledCapacity capacity = AutoscaledCapacity.builder(driver, metrics).build();
    cloud.calls().reset();
    assertThat(capacity.desired(spec(Capacity.fixed(4), CostPolicy.NONE), clock.now())).isEqualTo(4);
    assertThat(cloud.calls().total()).isZero();
    assertThat(capacity.lastDecision("web")).isEmpty();
  }
}
