package io.immut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.rollout.RolloutResult.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CloudRolloutBenchmarkTest {

  @Test
  @DisplayName("on Azure a 20-VM rollout takes 4 waves of the 2-minute creation plus the grace, and never beats that bound")
  void azureRollout() {
    CloudRolloutBenchmark.Measure m = CloudRolloutBenchmark.roll(CloudRolloutBenchmark.AZURE, 20, e -> { });
    assertThat(m.result().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(m.bound()).isEqualTo(Duration.ofSeconds(4 * (90 + 30 + 10)));
    assertThat(m.ratio()).isGreaterThanOrEqualTo(1.0);
    assertThat(m.terminateCalls()).as("the Azure driver's one VM per terminate call").isEqualTo(20);
  }

  @Test
  @DisplayName("when the first launch fails late in every zone, GCE's rollout still completes and its bound counts the failures")
  void gceLateFailures() {
    CloudRolloutBenchmark.Measure m = CloudRolloutBenchmark.roll(CloudRolloutBenchmark.GCE.withFirstLaunchFailingLate(), 20,
        e -> { });
    assertThat(m.result().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(m.failed()).isEqualTo(5);
    assertThat(m.bound()).isGreaterThan(CloudRolloutBenchmark.GCE.toHealthy().multipliedBy(4));
    assertThat(m.ratio()).isGreaterThanOrEqualTo(1.0);
  }
}
