package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.api.Persistence;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.core.rollout.plan.Plan;
import io.immut.core.state.StateBlockedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateChecksInRolloutTest {
  @TempDir
  Path locks;

  static FleetSpec withLocalData(FleetSpec spec) {
    return spec.toBuilder().generation(spec.generation().toBuilder()
        .volume(VolumeSpec.data("db", 20, Persistence.LOCAL)).build()).build();
  }

  @Test
  void anUnacknowledgedBlockerStopsApplyBeforeAnyCloudChange() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    long mutating = s.cloud.calls().mutating();
    FleetSpec risky = withLocalData(Scenario.spec("ami-2", 3));
    assertThatThrownBy(() -> s.immut.apply(risky)).isInstanceOf(StateBlockedException.class)
        .hasMessageContaining("refused before any change");
    assertThat(s.cloud.calls().mutating()).isEqualTo(mutating);
    assertThat(s.immut.history("web")).hasSize(1);
    assertThat(s.events(RolloutEvent.StateFinding.class)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.finding().rule()).isNotBlank());
    Plan plan = s.immut.plan(risky);
    assertThat(plan.state().blocksRollout()).isTrue();
    assertThat(plan.toText()).contains("State check: ").contains("apply refuses to start");
    assertThat(s.immut.check(risky).blocksRollout()).isTrue();
  }

  @Test
  void anAcknowledgedFindingLetsTheRolloutGoOnAndIsReported() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3));
    FleetSpec risky = withLocalData(Scenario.spec("ami-2", 3));
    StatePolicy ack = new StatePolicy(Map.of(), false, List.of(new StatePolicy.Acknowledgement(
        s.immut.check(risky).blockers().get(0).rule(), "*", "scratch database, rebuilt at boot")));
    FleetSpec accepted = risky.toBuilder().state(ack).build();
    assertThat(s.immut.check(accepted).blocksRollout()).isFalse();
    RolloutResult r = s.immut.apply(accepted);
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.events(RolloutEvent.StateFinding.class)).anySatisfy(e -> assertThat(e.finding().acknowledged()).isTrue());
  }
}
