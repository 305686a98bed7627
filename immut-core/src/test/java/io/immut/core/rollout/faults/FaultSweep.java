package io.immut.core.rollout.faults;

import io.immut.core.memory.CloudBehaviour;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs scenarios from consecutive seeds, each once clean and once killed at a point drawn from the
 * clean run's number of driver calls and history writes, and sums up what broke.
 */
final class FaultSweep {
  /** One scenario's two runs. */
  record Pair(FaultScenario scenario, FaultRun.Report clean, FaultRun.Report killed) {
    boolean failed() {
      return !clean.clean() || !killed.clean();
    }
  }

  private final List<Pair> pairs = new ArrayList<>();

  static FaultSweep run(long base, int scenarios) {
    FaultSweep sweep = new FaultSweep();
    for (int i = 0; i < scenarios; i++) {
      sweep.pairs.add(pair(base + i));
    }
    return sweep;
  }

  static Pair pair(long seed) {
    FaultScenario s = FaultScenario.draw(seed);
    FaultRun.Report clean = FaultRun.run(s, 0, false);
    SplittableRandom r = new SplittableRandom(seed ^ 0x4B111L);
    int killAt = 1 + r.nextInt(Math.max(1, clean.calls()));
    FaultRun.Report killed = FaultRun.run(s, killAt, r.nextBoolean());
    if ("OVER_BUDGET".equals(killed.outcome()) && !"OVER_BUDGET".equals(clean.outcome())) {
      killed.violations().computeIfAbsent(FailureClass.STUCK_OVER_BUDGET, k -> new ArrayList<>())
          .add("the restarted engine refused as over budget what the clean run did (" + clean.outcome() + ")");
    }
    return new Pair(s, clean, killed);
  }

  List<Pair> pairs() {
    return pairs;
  }

  List<Pair> failures() {
    return pairs.stream().filter(Pair::failed).toList();
  }

  /** Scenarios with at least one violation of each class: clean runs, killed runs. */
  Map<FailureClass, int[]> counts() {
    Map<FailureClass, int[]> counts = new EnumMap<>(FailureClass.class);
    for (Pair p : pairs) {
      p.clean().violations().keySet().forEach(k -> counts.computeIfAbsent(k, x -> new int[2])[0]++);
      p.killed().violations().keySet().forEach(k -> counts.computeIfAbsent(k, x -> new int[2])[1]++);
    }
    return counts;
  }

  /** The figures, as a Markdown table, and the first failures in detail. */
  String summary(long base, int details) {
    StringBuilder b = new StringBuilder();
    b.append("fault sweep: ").append(pairs.size()).append(" scenarios from seed ").append(base).append(", ")
        .append(failures().size()).append(" with a violation; ")
        .append(pairs.stream().filter(p -> p.killed().killedAt() != null).count())
        .append(" killed runs were killed (the others ended before the drawn call)\n\n");
    b.append("| class | clean runs | killed runs | first seeds |\n| --- | --- | --- | --- |\n");
    counts().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1]).append(" | ")
        .append(pairs.stream().filter(p -> p.clean().violations().containsKey(k) || p.killed().violations().containsKey(k))
            .limit(6).map(p -> String.valueOf(p.scenario().seed())).toList()).append(" |\n"));
    b.append("\n| behaviour | scenarios | with late failures drawn | runs that saw a creation fail late | kills landed | with a"
        + " violation (clean / killed) |\n").append("| --- | --- | --- | --- | --- | --- |\n");
    for (CloudBehaviour behaviour : CloudBehaviour.values()) {
      List<Pair> of = pairs.stream().filter(p -> p.scenario().behaviour() == behaviour).toList();
      b.append("| ").append(behaviour).append(" | ").append(of.size()).append(" | ")
          .append(of.stream().filter(p -> p.scenario().lateFailures()).count()).append(" | ")
          .append(of.stream().mapToLong(p -> (p.clean().failedSeen() > 0 ? 1 : 0) + (p.killed().failedSeen() > 0 ? 1 : 0))
              .sum()).append(" | ")
          .append(of.stream().filter(p -> p.killed().killedAt() != null).count()).append(" | ")
          .append(of.stream().filter(p -> !p.clean().clean()).count()).append(" / ")
          .append(of.stream().filter(p -> !p.killed().clean()).count()).append(" |\n");
    }
    int shown = 0;
    for (Pair p : failures()) {
      if (shown++ >= details) {
        break;
      }
      b.append("\n").append(p.scenario().describe()).append('\n');
      describe(b, "clean", p.clean());
      describe(b, "killed at " + p.killed().killedAt(), p.killed());
    }
    return b.toString();
  }

  private static void describe(StringBuilder b, String run, FaultRun.Report r) {
    if (r.clean()) {
      return;
    }
    b.append("  ").append(run).append(" -> ").append(r.outcome()).append('\n');
    r.violations().forEach((k, v) -> b.append("    ").append(k).append(" (").append(v.size()).append("x): ")
        .append(v.get(0)).append('\n'));
  }
}
