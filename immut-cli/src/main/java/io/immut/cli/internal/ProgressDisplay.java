package io.immut.cli.internal;

import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a rollout as it goes. On a terminal, one status line (a bar, the percentage, the latest
 * step, the healthy count) redrawn in place, with the notable events printed above it; elsewhere,
 * or with {@code --no-progress}, one plain line per notable event, for logs and CI.
 */
final class ProgressDisplay implements RolloutListener {
  private static final String CLEAR_LINE = "\r\u001b[K";
  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final boolean live;
  private String status = "";
  private double progress;
  private int healthy;
  private boolean drawn;

  ProgressDisplay(PrintWriter out, boolean live) {
    this.out = out;
    this.live = live;
  }

  @Override
  public synchronized void onEvent(RolloutEvent event) {
    progress = Math.max(0, Math.min(1, event.progress()));
    if (event instanceof RolloutEvent.InstanceHealthy) {
      healthy++;
    } else if (event instanceof RolloutEvent.Started || event instanceof RolloutEvent.RollbackStarted) {
      healthy = 0;
    }
    String what = describe(event);
    if (live) {
      if (what != null && !(event instanceof RolloutEvent.Finished)) {
        out.print(CLEAR_LINE + "  " + event.fleet() + "  " + what + "\n");
        status = what;
      }
      if (event instanceof RolloutEvent.Finished) {
        out.print(CLEAR_LINE);
        drawn = false;
      } else {
        out.print(CLEAR_LINE + statusLine(event.fleet()));
        drawn = true;
      }
    } else if (what != null && !(event instanceof RolloutEvent.Finished)) {
      out.printf(Locale.ROOT, "%s %3.0f%% %s%n", event.fleet(), progress * 100, what);
    }
    out.flush();
  }

  /** Clears a status line left on the terminal (a rollout that ended by an exception). */
  synchronized void done() {
    if (live && drawn) {
      out.print(CLEAR_LINE);
      out.flush();
      drawn = false;
    }
  }

  private String statusLine(String fleet) {
    int filled = (int) Math.round(progress * WIDTH);
    return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s  %s  (%d healthy)", "#".repeat(filled), ".".repeat(WIDTH - filled),
        progress * 100, fleet, status, healthy);
  }

  static String describe(RolloutEvent e) {
    if (e instanceof RolloutEvent.Started s) {
      return "rollout of " + s.generation() + " (" + s.strategy() + ", " + s.desired() + " instances)";
    } else if (e instanceof RolloutEvent.CapacityChanged c) {
      return "capacity " + c.from() + " -> " + c.to() + " (" + c.reason() + ")";
    } else if (e instanceof RolloutEvent.WaveStarted w) {
      return "wave " + w.wave() + ": launch " + w.launch() + ", terminate " + w.terminate();
    } else if (e instanceof RolloutEvent.InstancesLaunched l) {
      return "launched " + l.ids().size() + " of " + l.generation();
    } else if (e instanceof RolloutEvent.InstancesTerminated t) {
      return "terminated " + t.ids().size() + " (" + t.reason() + ")";
    } else if (e instanceof RolloutEvent.InstanceUnhealthy u) {
      return "instance " + u.id().value() + " unhealthy: " + u.reason();
    } else if (e instanceof RolloutEvent.GatePassed g) {
      return "health gate passed by " + g.generation();
    } else if (e instanceof RolloutEvent.GateFailed g) {
      return "health gate FAILED by " + g.generation() + ": " + g.reason();
    } else if (e instanceof RolloutEvent.AwaitingPromotion a) {
      return "waiting for promotion of " + a.generation() + " (" + a.reason() + "): immut promote " + a.fleet();
    } else if (e instanceof RolloutEvent.Promoted p) {
      return "promoted " + p.generation();
    } else if (e instanceof RolloutEvent.TrafficShifted t) {
      return "traffic on " + t.target() + ": +" + t.registered().size() + " / -" + t.deregistered().size();
    } else if (e instanceof RolloutEvent.CanaryStepStarted c) {
      return "canary step " + c.step() + ": " + c.description();
    } else if (e instanceof RolloutEvent.Retrying r) {
      return "retrying " + r.operation() + " (attempt " + r.attempt() + "): " + r.error();
    } else if (e instanceof RolloutEvent.RollbackStarted r) {
      return "rolling back to " + r.toGeneration() + ": " + r.reason();
    } else if (e instanceof RolloutEvent.RollbackFinished r) {
      return "rolled back to " + r.toGeneration();
    } else if (e instanceof RolloutEvent.StateFinding f) {
      return "state " + f.finding().severity() + " " + f.finding().rule() + (f.finding().acknowledged() ? " (acknowledged)" : "")
          + ": " + f.finding().subject();
    } else if (e instanceof RolloutEvent.Finished f) {
      return "finished: " + f.result().outcome();
    }
    return null;
  }
}
