package io.immut.testkit;

import static io.immut.testkit.ImmutAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Generation;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutResultAssertTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Generation V1 = new Generation("web", 1, "aaaaaaaaaa");
  private static final Generation V2 = new Generation("web", 2, "bbbbbbbbbb");

  private static RolloutResult result(Outcome outcome, Generation live, String reason) {
    return new RolloutResult("web", outcome, V2, live, reason, 6, 6, T0, T0.plus(Duration.ofMinutes(12)));
  }

  @Test
  void passesOnACompletedRollout() {
    assertThat(result(Outcome.COMPLETED, V2, null)).isCompleted().succeeded().hasGeneration(2).hasLiveGeneration(2)
        .launched(6).terminated(6).tookAtMost(Duration.ofMinutes(12));
  }

  @Test
  void namesTheOutcomeAndTheReasonOfARollback() {
    RolloutResult r = result(Outcome.ROLLED_BACK, V1, "health gate failed: 0 of 6 healthy");
    assertThat(r).isRolledBack().hasLiveGeneration(1).hasReasonContaining("health gate");

    assertThatThrownBy(() -> assertThat(r).isCompleted())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to end COMPLETED, but it ended ROLLED_BACK")
        .hasMessageContaining("health gate failed");
    assertThatThrownBy(() -> assertThat(r).succeeded()).hasMessageContaining("to succeed");
  }

  @Test
  void checksEveryOutcome() {
    assertThat(result(Outcome.NO_CHANGE, V2, null)).isNoChange().succeeded();
    assertThat(result(Outcome.FAILED, V1, "quota")).isFailed();
    assertThat(result(Outcome.ABORTED, V1, "aborted")).isAborted().hasOutcome(Outcome.ABORTED);
  }

  @Test
  void saysHowLongItTookAgainstTheBound() {
    assertThatThrownBy(() -> assertThat(result(Outcome.COMPLETED, V2, null)).tookAtMost(Duration.ofMinutes(10)))
        .hasMessageContaining("at most 10m, but it took 12m");
  }

  @Test
  void saysWhatItLaunchedAndTerminated() {
    RolloutResult r = result(Outcome.COMPLETED, V2, null);
    assertThatThrownBy(() -> assertThat(r).launched(5)).hasMessageContaining("launch 5 instances, but it launched 6");
    assertThatThrownBy(() -> assertThat(r).terminated(0)).hasMessageContaining("terminate 0 instances, but it terminated 6");
    assertThatThrownBy(() -> assertThat(r).hasLiveGeneration(1)).hasMessageContaining("web-v002");
    assertThatThrownBy(() -> assertThat(r).hasGeneration(3)).hasMessageContaining("generation 3");
  }
}
