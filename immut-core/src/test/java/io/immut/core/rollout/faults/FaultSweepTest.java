package io.immut.core.rollout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault harness in the build: seeded scenarios on the in-memory cloud (fleets of 1 to 60;
 * rolling, blue/green, canary; throttling, transient errors, lost launch answers, partial launches,
 * quota and capacity errors, never-healthy images and instances, deaths mid-rollout, list lag,
 * latency, foreign instances of eight kinds, budgets; on a cloud behaviour drawn from the seed,
 * NEUTRAL, EC2, AZURE or GCE, with late launch failures on the last two), each run once clean and
 * once killed at a driver call or history write and finished by a new {@code Immut}, with every
 * invariant checked at every step and at the end ({@link FailureClass}).
 *
 * <p>System properties (docs/testing.md): {@code immut.faults.scenarios} (default {@value #SAMPLE});
 * {@code immut.jqwik.seed} the base seed, or {@code random} (the {@code explore} profile);
 * {@code immut.faults.seed} replays one scenario. The figures go to
 * {@code target/fault-sweep.md}.
 */
class FaultSweepTest {
  static final int SAMPLE = 250;
  static final long BASE = 20261202L;

  @Test
  void everyInvariantHoldsInSeededScenariosRunCleanAndKilled() throws IOException {
    String replay = System.getProperty("immut.faults.seed");
    long base = replay != null ? Long.parseLong(replay.trim()) : base();
    int scenarios = replay != null ? 1 : Integer.getInteger("immut.faults.scenarios", SAMPLE);
    FaultSweep sweep = FaultSweep.run(base, scenarios);
    String summary = sweep.summary(base, 20);
    Path out = Path.of("target", "fault-sweep.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, summary);
    assertThat(sweep.pairs()).hasSize(scenarios);
    assertThat(sweep.failures()).as(summary).isEmpty();
  }

  private static long base() {
    String seed = System.getProperty("immut.jqwik.seed", String.valueOf(BASE)).trim();
    return seed.equalsIgnoreCase("random") ? System.nanoTime() : Long.parseLong(seed);
  }
}
