package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.FleetSpec;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.BlueGreen;
import io.immut.api.RolloutStrategy.Promotion;
import io.immut.core.Immut;
import io.immut.core.rollout.RolloutResult.Outcome;
import io.immut.api.InstanceId;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promote, abort and pause sent by one engine and carried out by the rollout of another. */
class FleetCommandsAcrossEnginesTest {
  @TempDir
  Path locks;

  private static final BlueGreen MANUAL = new BlueGreen(Promotion.MANUAL, Duration.ZERO, null);

  @Test
  void anotherEngineOnTheSameCloudPromotesAWaitingRollout() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3, RolloutStrategy.DEFAULT));
    Immut operator = s.newImmut(b -> b.driver(new ForwardingCloudDriver(s.cloud.driver()) {}));
    FleetSpec v2 = Scenario.spec("ami-2", 3, MANUAL);
    RolloutResult r = s.immut.apply(v2, e -> {
      if (e instanceof RolloutEvent.AwaitingPromotion) {
        operator.promote("web");
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.liveByGeneration()).containsExactly(Map.entry(v2.generationId(), 3L));
    assertThatThrownBy(() -> operator.promote("web")).hasMessageContaining("no rollout under way");
  }

  @Test
  void anotherEngineAbortsAWaitingRollout() {
    Scenario s = new Scenario(locks);
    Immut operator = s.newImmut(b -> { });
    RolloutResult r = s.immut.apply(Scenario.spec("ami-1", 2, MANUAL), e -> {
      if (e instanceof RolloutEvent.AwaitingPromotion) {
        operator.abort("web");
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.ABORTED);
    assertThat(s.live()).isEmpty();
  }

  @Test
  void aPausedFleetMakesNoChangeUntilResumed() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 3, RolloutStrategy.DEFAULT));
    List<Instant> changes = Collections.synchronizedList(new ArrayList<>());
    ForwardingCloudDriver recording = new ForwardingCloudDriver(s.cloud.driver()) {
      @Override
      public LaunchResult launch(LaunchRequest request) {
        changes.add(s.clock.now());
        return super.launch(request);
      }

      @Override
      public void terminate(Set<InstanceId> ids) {
        changes.add(s.clock.now());
        super.terminate(ids);
      }
    };
    Immut runner = s.newImmut(b -> b.driver(recording));
    Immut operator = s.newImmut(b -> { });
    AtomicReference<Instant> pausedAt = new AtomicReference<>();
    AtomicReference<Instant> resumedAt = new AtomicReference<>();
    RolloutResult r = runner.apply(Scenario.spec("ami-2", 3, RolloutStrategy.DEFAULT), e -> {
      if (e instanceof RolloutEvent.WaveStarted && pausedAt.get() == null) {
        operator.pause("web");
        pausedAt.set(s.clock.now());
        s.clock.schedule(Duration.ofMinutes(30), () -> {
          resumedAt.set(s.clock.now());
          operator.resume("web");
        });
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(resumedAt.get()).isNotNull();
    // the step that was under way when the pause came finishes its batch; after it nothing changes
    assertThat(changes).noneMatch(t -> t.isAfter(pausedAt.get().plus(Duration.ofMinutes(1))) && t.isBefore(resumedAt.get()));
    assertThat(changes).anyMatch(t -> !t.isBefore(resumedAt.get()));
    assertThat(r.finishedAt()).isAfter(resumedAt.get());
  }
}
