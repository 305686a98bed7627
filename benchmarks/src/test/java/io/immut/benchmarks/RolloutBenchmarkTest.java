package io.immut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.rollout.RolloutResult.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RolloutBenchmarkTest {

  @Test
  @DisplayName("a 20-instance rolling rollout takes 4 waves, never beats its bound, and makes 2 mutating calls per wave")
  void smallRollout() {
    RolloutBenchmark.Measure m = RolloutBenchmark.roll(20, 0);
    assertThat(m.result().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(m.waves()).isEqualTo(4);
    assertThat(m.bound()).isEqualTo(Duration.ofSeconds(4 * 70));
    assertThat(m.ratio()).isGreaterThanOrEqualTo(1.0);
    assertThat(m.launchCalls()).isEqualTo(4);
    assertThat(m.terminateCalls()).isEqualTo(4);
    assertThat(m.mutating()).isEqualTo(8);
  }

  @Test
  @DisplayName("with 20% of the calls throttled the rollout still completes, after retries")
  void throttled() {
    RolloutBenchmark.Measure m = RolloutBenchmark.roll(20, 0.2);
    assertThat(m.result().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(m.result().launched()).isEqualTo(20);
    assertThat(m.totalCalls()).isGreaterThan(m.mutating());
  }
}
