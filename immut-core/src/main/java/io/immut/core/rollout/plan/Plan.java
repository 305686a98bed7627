package io.immut.core.rollout.plan;

import io.immut.api.Durations;
import io.immut.api.Generation;
import io.immut.core.state.StateReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The preview of what {@code apply} would do, like {@code terraform plan}: the waves of launches
 * and terminations, the peak instance count, an estimate of the duration and of the extra cost
 * of the overlap. Making a plan only reads from the cloud and changes nothing.
 *
 * @param fleet the fleet
 * @param driver the driver's name
 * @param target the generation the plan rolls in (its number is the one apply would give it)
 * @param live the live generation, or null
 * @param image the target's resolved image id
 * @param instanceType the target's instance type
 * @param strategy the strategy, as text
 * @param desired the desired capacity
 * @param currentInstances the fleet's owned live instances now
 * @param noChange whether apply would do nothing
 * @param waves the waves, in order
 * @param peakInstances the most instances alive at once
 * @param estimatedDuration the estimate: per wave the driver's boot-time hint plus the health
 *     checks needed to pass the gate, plus pauses and keep-previous periods
 * @param currentHourlyCost the hourly cost now, or null when prices are unknown
 * @param peakHourlyCost the highest hourly cost during the rollout, or null
 * @param overlapCost the extra cost of the instances above the desired capacity during the rollout, or null
 * @param budget the fleet's hourly budget, or null
 * @param currency the prices' currency
 * @param notes what else a reader should know (budget cuts, orphans, drift, unknown prices)
 * @param state the state checks' findings: apply refuses to start while one is an unacknowledged blocker
 */
public record Plan(String fleet, String driver, Generation target, Generation live, String image, String instanceType,
                   String strategy, int desired, int currentInstances, boolean noChange, List<Wave> waves, int peakInstances,
                   Duration estimatedDuration, BigDecimal currentHourlyCost, BigDecimal peakHourlyCost, BigDecimal overlapCost,
                   BigDecimal budget, String currency, List<String> notes, StateReport state) {

  /** Validates and copies the fields. */
  public Plan {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(target, "target");
    waves = List.copyOf(waves);
    notes = List.copyOf(notes);
    Objects.requireNonNull(estimatedDuration, "estimatedDuration");
    state = state == null ? StateReport.EMPTY : state;
  }

  /**
   * One wave of the plan.
   *
   * @param number from 1
   * @param launch instances launched
   * @param launchGeneration the generation launched, or null when the wave launches nothing
   * @param terminate instances terminated
   * @param terminateGenerations the generations (names, or ids of unknown ones) terminated from
   * @param instancesAfter instances alive after the wave
   * @param duration the wave's estimated duration
   */
  public record Wave(int number, int launch, String launchGeneration, int terminate, List<String> terminateGenerations,
                     int instancesAfter, Duration duration) {
    /** Copies the list. */
    public Wave {
      terminateGenerations = List.copyOf(terminateGenerations);
    }
  }

  /**
   * How many instances the plan launches in all.
   *
   * @return the sum over the waves
   */
  public int totalLaunches() {
    return waves.stream().mapToInt(Wave::launch).sum();
  }

  /**
   * How many instances the plan terminates in all.
   *
   * @return the sum over the waves
   */
  public int totalTerminations() {
    return waves.stream().mapToInt(Wave::terminate).sum();
  }

  /**
   * A readable rendering, in the spirit of {@code terraform plan}.
   *
   * @return the text
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("Plan for fleet ").append(fleet).append(" (driver ").append(driver).append(")\n\n");
    b.append("  live:      ").append(live == null ? "none" : live.name() + " (" + live.id() + ")")
        .append(", ").append(currentInstances).append(" instance(s)\n");
    b.append("  target:    ").append(target.name()).append(" (").append(target.id()).append("), image ").append(image)
        .append(" on ").append(instanceType).append(", ").append(desired).append(" instance(s)\n");
    b.append("  strategy:  ").append(strategy).append("\n\n");
    if (noChange) {
      b.append("No changes. ").append(target.name()).append(" is live and the fleet matches it.\n");
      appendState(b);
      return b.toString();
    }
    b.append(String.format("  %4s  %-24s  %-24s  %9s  %9s%n", "wave", "launch", "terminate", "instances", "takes"));
    for (Wave w : waves) {
      String launch = w.launch() == 0 ? "-" : "+" + w.launch() + " " + w.launchGeneration();
      String term = w.terminate() == 0 ? "-" : "-" + w.terminate() + " " + String.join(",", w.terminateGenerations());
      b.append(String.format("  %4d  %-24s  %-24s  %9d  %9s%n", w.number(), launch, term, w.instancesAfter(),
          Durations.formatRounded(w.duration())));
    }
    b.append('\n');
    b.append("  waves:              ").append(waves.size()).append(" (+").append(totalLaunches()).append(" / -")
        .append(totalTerminations()).append(" instances)\n");
    b.append("  peak instances:     ").append(peakInstances).append(" (desired ").append(desired).append(")\n");
    b.append("  estimated duration: ").append(Durations.formatRounded(estimatedDuration)).append('\n');
    if (currentHourlyCost != null && peakHourlyCost != null) {
      b.append("  hourly cost:        now ").append(money(currentHourlyCost)).append(", peak ").append(money(peakHourlyCost));
      if (budget != null) {
        b.append(", budget ").append(money(budget));
      }
      b.append('\n');
      b.append("  overlap cost:       ~").append(overlapCost == null ? "unknown" : money(overlapCost).replace("/h", ""))
          .append('\n');
    } else {
      b.append("  hourly cost:        unknown (the driver has no price for an instance type involved)\n");
    }
    for (String n : notes) {
      b.append("  note: ").append(n).append('\n');
    }
    appendState(b);
    b.append(state.blocksRollout() ? "\nNothing has been changed. apply refuses to start until the blockers above are"
        + " fixed or acknowledged in the spec's state policy.\n" : "\nNothing has been changed. apply carries this plan out.\n");
    return b.toString();
  }

  private void appendState(StringBuilder b) {
    if (state.isEmpty()) {
      return;
    }
    // The report's text starts with its own summary line ("State check: ..."), shown once as the heading.
    String[] lines = state.toText().split("\n");
    b.append("\n  ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        b.append("    ").append(lines[i]).append('\n');
      }
    }
  }

  private String money(BigDecimal v) {
    return v.setScale(Math.max(2, Math.min(6, v.stripTrailingZeros().scale())), RoundingMode.HALF_UP).toPlainString() + " "
        + currency + "/h";
  }

  @Override
  public String toString() {
    return toText();
  }
}
