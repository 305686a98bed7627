package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rolling rollout of 10,000 instances on the in-memory cloud, in virtual time. */
class LargeFleetTest {
  @TempDir
  Path locks;

  @Test
  void tenThousandInstancesRollInFewMutatingCallsPerWave() {
    Scenario s = new Scenario(locks, b -> b.maxLaunchBatch(1000).bootJitter(0.1));
    int[] waves = {0};
    s.immut = s.newImmut(b -> b.listener(e -> waves[0] += e instanceof RolloutEvent.WaveStarted ? 1 : 0));
    s.immut.apply(Scenario.spec("ami-1", 10_000));
    s.cloud.calls().reset();
    waves[0] = 0;
    FleetSpec v2 = Scenario.spec("ami-2", 10_000);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long cpu0 = threads.getCurrentThreadCpuTime();
    RolloutResult r = s.immut.apply(v2);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
    System.out.println("10k rolling: " + r + ", driver calls " + s.cloud.calls() + ", wall " + ms + " ms, cpu " + cpuMs + " ms");
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.launched()).isEqualTo(10_000);
    // 25% surge: 4 waves of 2,500, launched in batches of 1,000, one terminate call per wave
    long launches = s.cloud.calls().count(Operation.LAUNCH);
    long terminates = s.cloud.calls().count(Operation.TERMINATE);
    assertThat(launches).isLessThanOrEqualTo(waves[0] * 3L);
    assertThat(terminates).isLessThanOrEqualTo(waves[0] * 3L);
    assertThat(waves[0]).as("waves of 2,500, some split by boot jitter").isBetween(4, 16);
    assertThat(s.live()).hasSize(10_000);
  }
}
