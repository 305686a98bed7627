package io.immut.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.api.ScalingPolicy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.spi.InstanceView;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The engine runs the autoscaler in its loop")
class EngineAutoscalingTest {
  @TempDir
  Path locks;
  final VirtualClock clock = new VirtualClock();
  final MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(5).bootTime(Duration.ofSeconds(30))
      .healthyAfter(Duration.ofSeconds(10)).price("t3.micro", new BigDecimal("0.01")).build();
  final InMemoryMetrics metrics = new InMemoryMetrics();
  final List<RolloutEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<String> decisions = new ArrayList<>();
  final AutoscaledCapacity capacity = AutoscaledCapacity.builder(cloud.driver(), metrics).interval(Duration.ofSeconds(15))
      .onChange((fleet, d) -> decisions.add(d.toString())).build();
  Immut immut;

  @BeforeEach
  void build() {
    immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.inMemory())
        .lockDirectory(locks).listener(events::add).capacityTarget(capacity).build();
  }

  @AfterEach
  void close() {
    immut.close();
  }

  FleetSpec spec(String image, BigDecimal budget) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.autoscaled(2, 10, ScalingPolicy.targetTracking("rps", 100)
            .withAggregation(ScalingPolicy.Aggregation.TOTAL).withScaleInStabilization(Duration.ZERO)))
        .strategy(RolloutStrategy.rolling(Amount.of(1), Amount.of(0)))
        .cost(new CostPolicy(budget))
        .build();
  }

  Map<String, Long> liveByGeneration() {
    return cloud.instances().stream().filter(v -> "web".equals(v.fleet()) && v.state().isLive())
        .collect(Collectors.groupingBy(io.immut.core.memory.CloudInstance::generationId, Collectors.counting()));
  }

  @Test
  @DisplayName("a scale-out decided during a rolling rollout applies to the generation rolled in, as an event with its reason, within the budget")
  void scaleOutDuringRollout() {
    metrics.record("rps", clock.now(), 300);
    FleetSpec v1 = spec("ami-1", new BigDecimal("0.07"));
    RolloutResult first = immut.apply(v1);
    assertThat(first.succeeded()).isTrue();
    assertThat(liveByGeneration()).containsEntry(v1.generationId(), 3L);

    FleetSpec v2 = spec("ami-2", new BigDecimal("0.07"));
    BigDecimal[] peakSpend = {BigDecimal.ZERO};
    boolean[] spiked = {false};
    RolloutResult second = immut.apply(v2, e -> {
      if (cloud.hourlyCost().compareTo(peakSpend[0]) > 0) {
        peakSpend[0] = cloud.hourlyCost();
      }
      if (e instanceof RolloutEvent.WaveStarted && !spiked[0]) {
        spiked[0] = true;
        metrics.record("rps", clock.now(), 600);   // demand doubles in the middle of the rollout
      }
    });
    assertThat(second.succeeded()).as(second.toString()).isTrue();
    assertThat(liveByGeneration()).as("the new generation is rolled in at the new size; the old one is gone")
        .containsExactly(Map.entry(v2.generationId(), 6L));
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.CapacityChanged).singleElement()
        .isInstanceOfSatisfying(RolloutEvent.CapacityChanged.class, c -> {
          assertThat(c.from()).isEqualTo(3);
          assertThat(c.to()).isEqualTo(6);
          assertThat(c.reason()).contains("targetTracking[0]").contains("rps=600").contains("ceil(600 / 100) = 6");
        });
    // budget 0.07 at 0.01: 7 instances at most, so the rollout's surge stays at 1 beside 6
    assertThat(peakSpend[0]).isLessThanOrEqualTo(new BigDecimal("0.07"));
    assertThat(decisions).anySatisfy(d -> assertThat(d).startsWith("3 -> 6"));
  }

  @Test
  @DisplayName("applying the live spec again follows the autoscaler: it scales in, and the budget caps a scale-out")
  void steadyState() {
    metrics.record("rps", clock.now(), 500);
    FleetSpec v1 = spec("ami-1", new BigDecimal("0.08"));
    assertThat(immut.apply(v1).succeeded()).isTrue();
    assertThat(liveByGeneration()).containsEntry(v1.generationId(), 5L);

    clock.advance(Duration.ofMinutes(1));
    metrics.record("rps", clock.now(), 200);
    assertThat(immut.apply(v1).succeeded()).isTrue();
    assertThat(liveByGeneration()).containsEntry(v1.generationId(), 2L);

    clock.advance(Duration.ofMinutes(1));
    metrics.record("rps", clock.now(), 2000);
    assertThat(immut.apply(v1).succeeded()).isTrue();
    assertThat(liveByGeneration()).as("20 wanted, 10 max, 8 paid for, one kept for a rollout's surge")
        .containsEntry(v1.generationId(), 7L);
    assertThat(capacity.lastDecision("web")).hasValueSatisfying(d -> assertThat(d.reason())
        .contains("limited to 7 by the budget of 0.08 USD/h = 8 x t3.micro at 0.01 USD/h, 1 kept for a rollout's surge"));
    // and a new generation can still roll, with its one instance of surge
    assertThat(immut.apply(spec("ami-2", new BigDecimal("0.08"))).succeeded()).isTrue();
    assertThat(cloud.hourlyCost()).isLessThanOrEqualTo(new BigDecimal("0.08"));
  }

  @Test
  @DisplayName("a scale-in of the live generation removes the idle instances first, not the newest")
  void idleFirst() {
    metrics.record("rps", clock.now(), 500);
    FleetSpec v1 = spec("ami-1", new BigDecimal("1.00")).toBuilder()
        .cost(new CostPolicy(new BigDecimal("1.00"),
            new CostPolicy.IdleReaping("cpu{instance=\"{instance}\"}", 5, Duration.ofMinutes(30)))).build();
    assertThat(immut.apply(v1).succeeded()).isTrue();
    List<io.immut.core.memory.CloudInstance> fleet = cloud.instances().stream().filter(v -> "web".equals(v.fleet()) && v.state().isLive())
        .sorted(java.util.Comparator.comparing((io.immut.core.memory.CloudInstance v) -> v.launchedAt()).thenComparing(v -> v.id().toString())).toList();
    assertThat(fleet).hasSize(5);
    // the two oldest idle, the others busy: the engine's own order would remove the newest
    List<String> idle = List.of(fleet.get(0).id().toString(), fleet.get(1).id().toString());
    for (int minute = 0; minute <= 40; minute += 5) {
      for (io.immut.core.memory.CloudInstance v : fleet) {
        metrics.record("cpu{instance=\"" + v.id() + "\"}", clock.now(), idle.contains(v.id().toString()) ? 1 : 60);
      }
      clock.advance(Duration.ofMinutes(5));
    }
    metrics.record("rps", clock.now(), 300);
    for (io.immut.core.memory.CloudInstance v : fleet) {
      metrics.record("cpu{instance=\"" + v.id() + "\"}", clock.now(), idle.contains(v.id().toString()) ? 1 : 60);
    }
    assertThat(immut.apply(v1).succeeded()).isTrue();
    List<String> left = cloud.instances().stream().filter(v -> "web".equals(v.fleet()) && v.state().isLive())
        .map(v -> v.id().toString()).toList();
    assertThat(left).hasSize(3).doesNotContainAnyElementsOf(idle);
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.InstancesTerminated).flatExtracting(
        e -> ((RolloutEvent.InstancesTerminated) e).ids().stream().map(Object::toString).toList())
        .containsExactlyInAnyOrderElementsOf(idle);
  }
}
