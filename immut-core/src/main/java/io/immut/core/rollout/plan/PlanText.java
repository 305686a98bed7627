package io.immut.core.rollout.plan;

import io.immut.api.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Renders a {@link Plan} as text for people, in the spirit of {@code terraform plan}. */
final class PlanText {
  private PlanText() {}

  static String render(Plan p) {
    StringBuilder b = new StringBuilder();
    b.append("Plan for fleet ").append(p.fleet()).append(" (driver ").append(p.driver()).append(")\n\n");
    b.append("  live:      ").append(p.live() == null ? "none" : p.live().name() + " (" + p.live().id() + ")")
        .append(", ").append(p.currentInstances()).append(" instance(s)\n");
    b.append("  target:    ").append(p.target().name()).append(" (").append(p.target().id()).append("), image ").append(p.image())
        .append(" on ").append(p.instanceType()).append(", ").append(p.desired()).append(" instance(s)\n");
    b.append("  strategy:  ").append(p.strategy()).append("\n\n");
    if (p.noChange()) {
      b.append("No changes. ").append(p.target().name()).append(" is live and the fleet matches it.\n");
      appendState(p, b);
      return b.toString();
    }
    b.append(String.format("  %4s  %-24s  %-24s  %9s  %9s%n", "wave", "launch", "terminate", "instances", "takes"));
    for (Plan.Wave w : p.waves()) {
      String launch = w.launch() == 0 ? "-" : "+" + w.launch() + " " + w.launchGeneration();
      String term = w.terminate() == 0 ? "-" : "-" + w.terminate() + " " + String.join(",", w.terminateGenerations());
      b.append(String.format("  %4d  %-24s  %-24s  %9d  %9s%n", w.number(), launch, term, w.instancesAfter(),
          Durations.formatRounded(w.duration())));
    }
    b.append('\n');
    b.append("  waves:              ").append(p.waves().size()).append(" (+").append(p.totalLaunches()).append(" / -")
        .append(p.totalTerminations()).append(" instances)\n");
    b.append("  peak instances:     ").append(p.peakInstances()).append(" (desired ").append(p.desired()).append(")\n");
    b.append("  estimated duration: ").append(Durations.formatRounded(p.estimatedDuration())).append('\n');
    if (p.currentHourlyCost() != null && p.peakHourlyCost() != null) {
      b.append("  hourly cost:        now ").append(money(p, p.currentHourlyCost())).append(", peak ").append(money(p, p.peakHourlyCost()));
      if (p.budget() != null) {
        b.append(", budget ").append(money(p, p.budget()));
      }
      b.append('\n');
      b.append("  overlap cost:       ~").append(p.overlapCost() == null ? "unknown" : money(p, p.overlapCost()).replace("/h", ""))
          .append('\n');
    } else {
      b.append("  hourly cost:        unknown (the driver has no price for an instance type involved)\n");
    }
    for (String n : p.notes()) {
      b.append("  note: ").append(n).append('\n');
    }
    appendState(p, b);
    b.append(p.state().blocksRollout() ? "\nNothing has been changed. apply refuses to start until the blockers above are"
        + " fixed or acknowledged in the spec's state policy.\n" : "\nNothing has been changed. apply carries this plan out.\n");
    return b.toString();
  }

  private static void appendState(Plan p, StringBuilder b) {
    if (p.state().isEmpty()) {
      return;
    }
    // The report's text starts with its own summary line ("State check: ..."), shown once as the heading.
    String[] lines = p.state().toText().split("\n");
    b.append("\n  ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        b.append("    ").append(lines[i]).append('\n');
      }
    }
  }

  private static String money(Plan p, BigDecimal v) {
    return v.setScale(Math.max(2, Math.min(6, v.stripTrailingZeros().scale())), RoundingMode.HALF_UP).toPlainString() + " "
        + p.currency() + "/h";
  }
}
