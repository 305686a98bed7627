package io.immut.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.Persistence;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.rollout.plan.Plan;
import io.immut.spi.InstanceView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the engine runs the state checks in check, plan and apply, on the in-memory cloud. */
class StateRolloutTest {

  @TempDir
  Path locks;

  private final VirtualClock clock = new VirtualClock();
  private final MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(42).build();
  private final List<RolloutEvent> events = Collections.synchronizedList(new ArrayList<>());

  private Immut immut() {
    return immut(StateCheck.defaults());
  }

  private Immut immut(StateCheck check) {
    return Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.inMemory())
        .lockDirectory(locks).listener(events::add).stateCheck(check).build();
  }

  private static FleetSpec fleet(String image, Persistence data, StatePolicy policy) {
    GenerationSpec g = GenerationSpec.builder().image(image).instanceType("t3.micro").volume(VolumeSpec.root(8))
        .volume(new VolumeSpec("data", 20, data, null, false, null)).build();
    return FleetSpec.builder("web").generation(g).capacity(Capacity.fixed(3)).state(policy).build();
  }

  private List<io.immut.core.memory.CloudInstance> live() {
    return cloud.instances().stream().filter(v -> "web".equals(v.fleet()) && v.state().isLive()).toList();
  }

  private List<RolloutEvent.StateFinding> findingEvents() {
    synchronized (events) {
      return events.stream().filter(RolloutEvent.StateFinding.class::isInstance).map(RolloutEvent.StateFinding.class::cast)
          .toList();
    }
  }

  @Test
  @DisplayName("a fleet with an undeclared data volume is refused before any cloud change")
  void undeclaredVolumeRefused() {
    Immut immut = immut();
    FleetSpec spec = fleet("ami-1", null, StatePolicy.NONE);

    assertThatThrownBy(() -> immut.apply(spec))
        .isInstanceOfSatisfying(StateBlockedException.class, e -> {
          assertThat(e.report().blockers()).extracting(Finding::rule, Finding::subject)
              .containsExactly(org.assertj.core.groups.Tuple.tuple(Rules.VOLUME_PERSISTENCE_UNDECLARED, "data"));
          assertThat(e.getMessage()).contains("fleet 'web'", "volume.persistence-undeclared [data]");
        });
    assertThat(cloud.calls().mutating()).isZero();
    assertThat(cloud.instances()).isEmpty();
    assertThat(immut.history("web")).isEmpty();
    assertThat(findingEvents()).singleElement().satisfies(ev -> {
      assertThat(ev.fleet()).isEqualTo("web");
      assertThat(ev.finding().severity()).isEqualTo(Severity.BLOCKER);
      assertThat(ev.finding().rule()).isEqualTo(Rules.VOLUME_PERSISTENCE_UNDECLARED);
      assertThat(ev.finding().subject()).isEqualTo("data");
    });
  }

  @Test
  @DisplayName("the same fleet with the volume declared EPHEMERAL rolls out")
  void declaredEphemeralRollsOut() {
    Immut immut = immut();

    var result = immut.apply(fleet("ami-1", Persistence.EPHEMERAL, StatePolicy.NONE));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(live()).hasSize(3);
    assertThat(findingEvents()).isEmpty();
  }

  @Test
  @DisplayName("the same fleet with the finding acknowledged rolls out, and the plan lists the acknowledgement")
  void acknowledgedRollsOut() {
    Immut immut = immut();
    StatePolicy policy = new StatePolicy(Map.of(), false, List.of(new StatePolicy.Acknowledgement(
        Rules.VOLUME_PERSISTENCE_UNDECLARED, "data", "the volume only holds a rebuildable cache")));
    FleetSpec spec = fleet("ami-1", null, policy);

    Plan plan = immut.plan(spec);
    var result = immut.apply(spec);

    assertThat(plan.state().acknowledged()).extracting(Finding::rule).containsExactly(Rules.VOLUME_PERSISTENCE_UNDECLARED);
    assertThat(plan.toText()).contains("volume.persistence-undeclared  volume data",
        "(acknowledged: the volume only holds a rebuildable cache)", "apply carries this plan out");
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(live()).hasSize(3);
    assertThat(findingEvents()).singleElement().satisfies(ev -> assertThat(ev.finding().acknowledged()).isTrue());
  }

  @Test
  @DisplayName("check and plan report the blocker without changing anything; the plan says apply would refuse")
  void checkAndPlan() {
    Immut immut = immut();
    FleetSpec spec = fleet("ami-1", Persistence.LOCAL, StatePolicy.NONE);

    StateReport report = immut.check(spec);
    Plan plan = immut.plan(spec);

    assertThat(report.blockers()).extracting(Finding::rule).containsExactly(Rules.VOLUME_LOCAL_DATA);
    assertThat(plan.state().blocksRollout()).isTrue();
    assertThat(plan.toText()).contains("apply refuses to start", "volume.local-data  volume data", "fix: ");
    assertThat(cloud.calls().mutating()).isZero();
  }

  @Test
  @DisplayName("a volume attached by hand to a live instance stops the next rollout before any termination")
  void liveInstanceBlocksReplacement() {
    Immut immut = immut();
    immut.apply(fleet("ami-1", Persistence.EPHEMERAL, StatePolicy.NONE));
    List<io.immut.core.memory.CloudInstance> v1 = live();
    cloud.mutate(v1.get(0).id(), m -> m.attachVolume(50, true));
    cloud.mutate(v1.get(1).id(), m -> m.bindStaticAddress("203.0.113.9"));
    long terminationsBefore = cloud.calls().count(Operation.TERMINATE);
    long launchesBefore = cloud.calls().count(Operation.LAUNCH);
    FleetSpec v2 = fleet("ami-2", Persistence.EPHEMERAL, StatePolicy.NONE);

    assertThat(immut.check(v2).blockers()).extracting(Finding::rule).containsExactly(Rules.INSTANCE_VOLUME_DELETED);
    assertThatThrownBy(() -> immut.apply(v2)).isInstanceOfSatisfying(StateBlockedException.class, e ->
        assertThat(e.report().blockers()).singleElement().satisfies(f -> {
          assertThat(f.rule()).isEqualTo(Rules.INSTANCE_VOLUME_DELETED);
          assertThat(f.subject()).startsWith(v1.get(0).id().value() + ":");
        }));
    assertThat(cloud.calls().count(Operation.TERMINATE)).isEqualTo(terminationsBefore);
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(launchesBefore);
    assertThat(live()).containsExactlyInAnyOrderElementsOf(v1.stream().map(v -> cloud.instance(v.id()).orElseThrow()).toList());
    assertThat(findingEvents()).extracting(ev -> ev.finding().rule())
        .contains(Rules.INSTANCE_VOLUME_DELETED, Rules.INSTANCE_STATIC_ADDRESS, Rules.INSTANCE_MUTATED);
  }

  @Test
  @DisplayName("acknowledging the live-instance finding lets the replacement go on")
  void liveInstanceAcknowledged() {
    Immut immut = immut();
    immut.apply(fleet("ami-1", Persistence.EPHEMERAL, StatePolicy.NONE));
    cloud.mutate(live().get(0).id(), m -> m.attachVolume(50, true));
    StatePolicy policy = new StatePolicy(Map.of(), false, List.of(new StatePolicy.Acknowledgement(
        Rules.INSTANCE_VOLUME_DELETED, "*", "the hand-attached volume held a one-off export, copied already")));

    var result = immut.apply(fleet("ami-2", Persistence.EPHEMERAL, policy));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.terminated()).isEqualTo(3);
    assertThat(live()).hasSize(3).allSatisfy(v -> assertThat(v.imageId()).isEqualTo("ami-2"));
  }

  @Test
  @DisplayName("a drifted instance of the live generation is checked before the engine replaces it")
  void driftedInstanceChecked() {
    Immut immut = immut();
    FleetSpec v1 = fleet("ami-1", Persistence.EPHEMERAL, StatePolicy.NONE);
    immut.apply(v1);
    io.immut.core.memory.CloudInstance drifted = live().get(0);
    cloud.mutate(drifted.id(), m -> m.instanceType("t3.large").attachVolume(50, true));
    long terminationsBefore = cloud.calls().count(Operation.TERMINATE);

    assertThatThrownBy(() -> immut.apply(v1)).isInstanceOfSatisfying(StateBlockedException.class, e ->
        assertThat(e.report().blockers()).extracting(Finding::subject).singleElement()
            .satisfies(subject -> assertThat(subject).startsWith(drifted.id().value() + ":")));
    assertThat(cloud.calls().count(Operation.TERMINATE)).isEqualTo(terminationsBefore);
    assertThat(immut.check(v1).byRule(Rules.INSTANCE_MUTATED)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("instance type t3.micro -> t3.large"));
  }

  @Test
  @DisplayName("a state store that does not answer stops the rollout when the policy asks to verify it")
  void unreachableBindingRefused() throws IOException {
    Immut immut = immut(StateCheck.builder().probeLoopback(true).build());
    StatePolicy policy = new StatePolicy(Map.of("sessions", "redis://127.0.0.1:" + FakeServer.closedPort()), true, List.of());

    assertThatThrownBy(() -> immut.apply(fleet("ami-1", Persistence.EPHEMERAL, policy)))
        .isInstanceOfSatisfying(StateBlockedException.class, e ->
            assertThat(e.report().blockers()).extracting(Finding::rule).containsExactly(Rules.BINDING_UNREACHABLE));
    assertThat(cloud.instances()).isEmpty();
  }
}
