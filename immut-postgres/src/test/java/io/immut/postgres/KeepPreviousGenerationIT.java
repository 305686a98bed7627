package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy.BlueGreen;
import io.immut.api.RolloutStrategy.Promotion;
import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A blue/green's keep-previous window with the history in PostgreSQL, the same behaviours as the
 * local store's ({@code KeepPreviousGenerationTest} in immut-core): the promotion keeps the previous
 * generation running out of service and records the window in the same transaction; within it an
 * apply changes nothing and a rollback puts the kept generation back without relaunching it; the
 * first apply (or controller reconcile) after it retires it; an engine of another store on the same
 * database knows the window.
 */
@ExtendWith(PostgresExtension.class)
class KeepPreviousGenerationIT {
  static final Duration WINDOW = Duration.ofMinutes(30);
  static final BlueGreen KEEP = new BlueGreen(Promotion.AUTOMATIC, WINDOW, null);

  static PostgresServer server;
  static String url;

  VirtualClock clock;
  MemoryCloud cloud;
  final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void open(PostgresServer s) throws Exception {
    server = s;
    url = s.newDatabase();
  }

  @BeforeEach
  void scene() {
    clock = new VirtualClock();
    cloud = MemoryCloud.builder().clock(clock).seed(7).build();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** An engine with a store of its own on the shared database, as another process would have. */
  Immut engine(String holder) {
    PostgresFleetStore store = PostgresFleetStore.builder().config(server.config(url, "immut")).holder(holder)
        .clock(clock).build();
    opened.add(store);
    Immut immut = store.configure(Immut.builder()).driver(cloud.driver()).clock(clock).build();
    opened.add(immut);
    return immut;
  }

  static FleetSpec spec(String fleet, String image, int size) {
    return FleetSpec.builder(fleet).generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(size)).strategy(KEEP).build();
  }

  long live(FleetSpec spec) {
    return cloud.instances().stream().filter(i -> spec.name().equals(i.fleet())
        && spec.generationId().equals(i.generationId()) && i.state().isLive()).count();
  }

  long everLaunched(FleetSpec spec) {
    return cloud.instances().stream().filter(i -> spec.name().equals(i.fleet())
        && spec.generationId().equals(i.generationId())).count();
  }

  Set<InstanceId> inService(String fleet) {
    return cloud.driver().traffic().orElseThrow().health(fleet).entrySet().stream()
        .filter(e -> e.getValue() == TrafficRouter.TargetHealth.HEALTHY).map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  Set<InstanceId> idsOf(FleetSpec spec) {
    return cloud.instances().stream().filter(i -> spec.name().equals(i.fleet())
        && spec.generationId().equals(i.generationId()) && i.state().isLive()).map(CloudInstance::id)
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("the promotion keeps the previous generation out of service, recorded in PostgreSQL; the first apply after the window retires it")
  void keptThenRetired() {
    Immut immut = engine("engine-a");
    FleetSpec v1 = spec("keep", "ami-1", 3);
    FleetSpec v2 = spec("keep", "ami-2", 3);
    assertThat(immut.apply(v1).outcome()).isEqualTo(Outcome.COMPLETED);

    RolloutResult promoted = immut.apply(v2);

    assertThat(promoted.outcome()).isEqualTo(Outcome.COMPLETED);
    Instant until = promoted.nextWorkDue().orElseThrow();
    assertThat(promoted.kept()).map(g -> g.name()).contains("keep-v001");
    assertThat(live(v1)).isEqualTo(3);
    assertThat(live(v2)).isEqualTo(3);
    assertThat(inService("keep")).isEqualTo(idsOf(v2));
    GenerationRecord previous = immut.history("keep").get(0);
    assertThat(previous.status()).isEqualTo(GenerationStatus.RETIRED);
    assertThat(previous.kept()).contains(until);
    assertThat(immut.status("keep").kept()).map(g -> g.name()).contains("keep-v001");
    assertThat(immut.status("keep").nextWorkDue()).contains(until);

    // within the window an apply of the same spec changes nothing
    clock.advance(WINDOW.minusMinutes(1));
    RolloutResult within = immut.apply(v2);
    assertThat(within.outcome()).isEqualTo(Outcome.NO_CHANGE);
    assertThat(within.nextWorkDue()).contains(until);
    assertThat(live(v1)).isEqualTo(3);

    clock.advance(Duration.between(clock.now(), until));
    RolloutResult after = immut.apply(v2);

    assertThat(after.outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
    assertThat(after.terminated()).isEqualTo(3);
    assertThat(live(v1)).isZero();
    assertThat(live(v2)).isEqualTo(3);
    assertThat(immut.status("keep").kept()).isEmpty();
    assertThat(immut.history("keep").get(0).kept()).isEmpty();
    assertThat(immut.history("keep").get(0).status()).isEqualTo(GenerationStatus.RETIRED);
    assertThat(immut.apply(v2).outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  @DisplayName("a rollback inside the window, by an engine of another store, puts the kept generation back without relaunching it")
  void rollbackInsideTheWindow() {
    Immut first = engine("engine-a");
    FleetSpec v1 = spec("back", "ami-1", 3);
    FleetSpec v2 = spec("back", "ami-2", 3);
    first.apply(v1);
    Set<InstanceId> old = idsOf(v1);
    first.apply(v2);
    clock.advance(Duration.ofMinutes(5));

    Immut other = engine("engine-b");
    assertThat(other.status("back").kept()).map(g -> g.name()).contains("back-v001");
    RolloutResult r = other.rollback("back");

    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(idsOf(v1)).isEqualTo(old);
    assertThat(everLaunched(v1)).as("put back, not relaunched").isEqualTo(3);
    assertThat(live(v2)).isZero();
    assertThat(inService("back")).isEqualTo(old);
    assertThat(other.history("back")).extracting(GenerationRecord::status)
        .containsExactly(GenerationStatus.LIVE, GenerationStatus.ROLLED_BACK);
    assertThat(other.status("back").kept()).isEmpty();
    assertThat(first.apply(v1).outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  @DisplayName("an engine started after the promotion knows the window from the history and retires after it, not before")
  void anotherEngineKnowsTheWindow() {
    FleetSpec v1 = spec("later", "ami-1", 2);
    FleetSpec v2 = spec("later", "ami-2", 2);
    Instant until;
    Immut first = engine("engine-a");
    first.apply(v1);
    until = first.apply(v2).nextWorkDue().orElseThrow();
    clock.advance(Duration.ofMinutes(10));

    Immut second = engine("engine-b");
    RolloutResult within = second.apply(v2);
    assertThat(within.outcome()).isEqualTo(Outcome.NO_CHANGE);
    assertThat(within.nextWorkDue()).as("the window is not restarted").contains(until);
    assertThat(live(v1)).isEqualTo(2);

    clock.advance(Duration.between(clock.now(), until).plusSeconds(1));
    assertThat(engine("engine-c").apply(v2).outcome()).isEqualTo(Outcome.RETIRED_PREVIOUS);
    assertThat(live(v1)).isZero();
    assertThat(live(v2)).isEqualTo(2);
  }

  @Test
  @DisplayName("a controller on PostgreSQL keeps the previous generation for its window and retires it at the first reconcile after")
  void controllerRetiresAtTheWindowsEnd() {
    Immut immut = engine("controller-a");
    FleetSpec v1 = spec("ctl", "ami-1", 3).toBuilder()
        .strategy(new BlueGreen(Promotion.AUTOMATIC, Duration.ofMinutes(5), null)).build();
    FleetSpec v2 = spec("ctl", "ami-2", 3).toBuilder()
        .strategy(new BlueGreen(Promotion.AUTOMATIC, Duration.ofMinutes(5), null)).build();
    try (FleetController c = immut.controller().interval(Duration.ofSeconds(15)).build()) {
      c.put(v1);
      c.runOnce();
      c.put(v2);
      c.runOnce();
      Instant until = immut.status("ctl").nextWorkDue().orElseThrow();
      assertThat(c.health().fleet("ctl").orElseThrow().liveGeneration()).isEqualTo("ctl-v002");
      int rounds = 0;
      while (clock.now().isBefore(until)) {
        assertThat(live(v1)).as("kept until %s, now %s", until, clock.now()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(15));
        c.runOnce();
        rounds++;
        assertThat(rounds).isLessThan(40);
      }
      assertThat(live(v1)).as("retired by the first reconcile at or after %s", until).isZero();
      assertThat(live(v2)).isEqualTo(3);
      assertThat(c.health().fleet("ctl").orElseThrow().lastOutcome()).isEqualTo("RETIRED_PREVIOUS");
      assertThat(immut.status("ctl").kept()).isEmpty();
      assertThat(everLaunched(v2)).isEqualTo(3);
    }
  }
}
