package io.immut.core.internal.decision;

import io.immut.api.Amount;
import io.immut.api.InstanceId;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.core.rollout.Verdict;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure decision function of the reconcile loop: from what is desired, what is observed, the
 * strategy and the time, it answers the next safe batch of actions. It calls nothing, reads no
 * clock and keeps no state: the same situation and progress give the same decision. Linear in the
 * number of instances (plus one sort).
 *
 * <p>What it never does, whatever the situation (the properties in the tests check each):
 * <ul>
 *   <li>name an instance without the fleet's ownership tags;</li>
 *   <li>in a rolling rollout, terminate a serving instance when that would leave fewer than
 *       {@code desired − maxUnavailable} serving;</li>
 *   <li>launch above {@code desired + maxSurge} instances;</li>
 *   <li>register an instance with the load balancer before it passed its gate (and, in blue/green,
 *       before the generation is promoted).</li>
 * </ul>
 */
public final class Decider {
  private Decider() {}

  /**
   * Decides the next step.
   *
   * @param s the situation
   * @param p the progress so far ({@link Progress#start} for a new rollout)
   * @return the actions and the new progress
   */
  public static Decision decide(Situation s, Progress p) {
    Census c = Census.of(s);
    Moves m = new Moves(s);
    terminateOrphans(s, c, m);
    LaunchFailures.Assessment lf = LaunchFailures.assess(s, c, m, p);
    p = lf.progress();
    if (lf.stop() != null) {
      // only terminations: the orphans' and what is left of the failed instances
      return new Decision(m.actions(), p, Phase.LAUNCH_FAILED, fraction(s, c), lf.reason(), false, lf.stop());
    }
    m.trouble(p.launches());
    if (!c.failed.isEmpty()) {
      String ids = c.failed.stream().limit(5).map(v -> v.id().value()).collect(Collectors.joining(", "));
      return new Decision(List.of(), p, Phase.GATE_FAILED, fraction(s, c),
          c.failed.size() + " instance(s) of generation " + s.targetId() + " failed the health gate: " + ids, false);
    }
    Outcome o;
    if (s.mode() == Mode.ROLLBACK || s.targetId() == null || s.strategy() instanceof RolloutStrategy.Rolling) {
      o = rolling(s, c, m);
    } else if (s.strategy() instanceof RolloutStrategy.BlueGreen bg) {
      o = blueGreen(s, c, m, p, bg);
    } else {
      o = canary(s, c, m, p, (RolloutStrategy.Canary) s.strategy());
    }
    Progress next = o.progress == null ? p : o.progress;
    next = next.progressed(s.now(), c.signature(next.canaryStep()));
    Phase phase = o.phase;
    String reason = o.reason;
    List<Action> actions = m.actions();
    boolean acting = actions.stream().anyMatch(a -> a instanceof Action.Launch || a instanceof Action.Terminate);
    if (phase == Phase.WAITING || phase == Phase.AWAITING_PROMOTION || acting || next.launches().holding(s.now())) {
      // a pause, a wait for a human or a backoff is not a lack of progress, and launching or terminating is progress
      next = next.touched(s.now());
    } else if (phase == Phase.IN_PROGRESS) {
      Duration deadline = s.healthCheck().progressDeadline();
      if (s.now().isAfter(next.lastProgressAt().plus(deadline))) {
        phase = Phase.GATE_FAILED;
        reason = "no progress for " + io.immut.api.Durations.format(deadline) + " (the health check's progress deadline): "
            + c.ready.size() + " of " + c.fresh.size() + " new instance(s) of generation " + s.targetId()
            + " passed the health gate, " + s.desired() + " desired";
      }
    }
    return new Decision(phase == Phase.GATE_FAILED ? List.of() : actions, next, phase, phase == Phase.COMPLETE ? 1.0 : fraction(s, c), reason, o.promotionUsed);
  }

  private record Outcome(Phase phase, Progress progress, String reason, boolean promotionUsed) {
    static Outcome of(Phase phase, Progress progress) {
      return new Outcome(phase, progress, "", false);
    }
  }

  private static double fraction(Situation s, Census c) {
    if (s.desired() == 0) {
      int total = c.old.size() + c.fresh.size();
      return total == 0 ? 1.0 : 0.0;
    }
    return Math.min(1.0, (double) c.ready.size() / s.desired());
  }

  private static void terminateOrphans(Situation s, Census c, Moves m) {
    for (InstanceView v : c.orphans) {
      Instant launched = v.launchedAt();
      if (launched == null || !s.now().isBefore(launched.plus(s.orphanGrace()))) {
        m.terminate(v, "orphan");
      }
    }
  }

  private static Outcome rolling(Situation s, Census c, Moves m) {
    int d = s.desired();
    Limits l = s.limits();
    boolean done = roll(s, c, m, d, d + l.maxSurge(), Math.max(0, d - l.maxUnavailable()), 0, true);
    registerOld(s, c, m);
    registerReady(c, m);
    return Outcome.of(done ? Phase.COMPLETE : Phase.IN_PROGRESS, null);
  }

  /** Moves the instances to remove first to the end of the list, the first of them last (surplus goes from the end). */
  private static List<InstanceView> removingFirst(List<InstanceView> sorted, List<InstanceId> first) {
    if (first.isEmpty()) {
      return sorted;
    }
    List<InstanceView> out = new ArrayList<>(sorted);
    for (int i = first.size() - 1; i >= 0; i--) {
      InstanceId id = first.get(i);
      for (int k = 0; k < out.size(); k++) {
        if (out.get(k).id().equals(id)) {
          out.add(out.remove(k));
          break;
        }
      }
    }
    return out;
  }

  /**
   * The wave logic shared by every strategy: bring the target's fresh instances to {@code goal}
   * and the old ones down to {@code keepOld}, never above {@code maxTotal} instances and never
   * terminating a serving instance below {@code minServing} serving ones.
   *
   * @return whether the goal is reached and nothing is left to do
   */
  private static boolean roll(Situation s, Census c, Moves m, int goal, int maxTotal, int minServing, int keepOld,
                              boolean touchOld) {
    int serving = serving(s, c);
    String oldReason = s.mode() == Mode.ROLLBACK ? "rollback" : "replaced";
    int freshKept = c.fresh.size();
    int surplus = freshKept - goal;
    List<InstanceView> fresh = surplus > 0 ? Census.sorted(c.fresh) : c.fresh;
    List<InstanceView> ready = surplus > 0 ? removingFirst(Census.sorted(c.ready), s.removeFirst()) : c.ready;
    for (int i = fresh.size() - 1; i >= 0 && surplus > 0; i--) {
      InstanceView v = fresh.get(i);
      if (!c.isReady(v)) {
        m.terminate(v, "surplus");
        surplus--;
        freshKept--;
      }
    }
    for (int i = ready.size() - 1; i >= 0 && surplus > 0 && serving - 1 >= minServing; i--) {
      m.terminate(ready.get(i), "surplus");
      surplus--;
      freshKept--;
      serving--;
    }
    int oldKept = c.old.size();
    if (touchOld) {
      for (InstanceView v : c.old) {
        if (!Census.serves(v)) {
          m.terminate(v, c.drifted.contains(v.id()) ? "drift" : oldReason);
          oldKept--;
        }
      }
      int keep = keepOld;
      if (s.trafficTarget() != null) {
        // the failed generation's instances that never made it into the load balancer serve
        // nobody: they go at once, outside the floor; so do those of a kept generation whose
        // window ended (kept out of service since the promotion)
        for (InstanceView v : c.oldAvailable) {
          boolean outOfService = s.mode() == Mode.ROLLBACK || v.generationId().equals(s.keptId());
          if (outOfService && !s.inService().contains(v.id()) && keep < c.oldAvailable.size()) {
            m.terminate(v, oldReason);
            oldKept--;
          }
        }
      }
      int removable = (int) c.oldAvailable.stream().filter(v -> !m.isTerminated(v)).count() - keep;
      int drop = Math.min(removable, serving - minServing);
      List<InstanceView> order = drop > 0 ? c.oldAvailableInOrder().stream().filter(v -> !m.isTerminated(v)).toList()
          : List.of();
      for (int i = 0; i < drop; i++) {
        InstanceView v = order.get(i);
        m.terminate(v, c.drifted.contains(v.id()) ? "drift" : oldReason);
        oldKept--;
        serving--;
      }
    }
    int need = goal - freshKept;
    int room = maxTotal - (freshKept + oldKept);
    int launch = m.allowedLaunches(Math.min(need, room));
    if (launch > 0) {
      m.launch(new Action.Launch(s.targetId(), launch, Tokens.wave(s.selector(), s.targetId(), freshKept + launch, c.allOwned),
          m.avoidZones()));
    }
    boolean freshDone = need == 0 && surplus <= 0 && c.fresh.size() == goal && c.ready.size() == goal;
    return freshDone && (!touchOld || (c.old.size() == c.oldAvailable.size() && c.oldAvailable.size() <= keepOld));
  }

  /**
   * The instances that serve now. With traffic managed, a new instance serves once the load
   * balancer has it in service, not when it passed its gate: terminating an old one in the same
   * step as registering its replacement would drop what the target serves. An instance that is
   * not in service serves nobody, whatever its health; a rollout registers the old generation's
   * healthy instances that are not ({@link #registerOld}).
   */
  private static int serving(Situation s, Census c) {
    if (s.trafficTarget() == null) {
      return c.ready.size() + c.oldAvailable.size();
    }
    int n = 0;
    for (InstanceView v : c.ready) {
      if (s.inService().contains(v.id())) {
        n++;
      }
    }
    for (InstanceView v : c.oldAvailable) {
      if (s.inService().contains(v.id())) {
        n++;
      }
    }
    return n;
  }

  /** Whether every ready instance of the target takes traffic (always, when traffic is not managed). */
  private static boolean readyInService(Situation s, Census c) {
    if (s.trafficTarget() == null) {
      return true;
    }
    for (InstanceView v : c.ready) {
      if (!s.inService().contains(v.id())) {
        return false;
      }
    }
    return true;
  }

  /**
   * In a rollout, the old generation serves until it is replaced: its healthy instances that the
   * load balancer does not have (traffic newly managed, a restart that lost a registration, a
   * rollback that relaunched them) are put in service. Never in a rollback, whose "old"
   * instances are the failed generation's.
   */
  private static void registerOld(Situation s, Census c, Moves m) {
    if (s.mode() != Mode.ROLLOUT) {
      return;
    }
    for (InstanceView v : c.oldAvailable) {
      // a generation kept out of service after a promotion is never put back by a rollout, even
      // once its window ended: it is on its way out (a rollback brings it back, as its target)
      if (!m.isTerminated(v) && !c.drifted.contains(v.id()) && !v.generationId().equals(s.targetId())
          && !v.generationId().equals(s.keptId())) {
        m.register(v);
      }
    }
  }

  private static void registerReady(Census c, Moves m) {
    for (InstanceView v : c.ready) {
      m.register(v);
    }
  }

  private static Outcome blueGreen(Situation s, Census c, Moves m, Progress p, RolloutStrategy.BlueGreen bg) {
    int d = s.desired();
    boolean promoted = p.promotedAt() != null || s.targetLive();
    if (!promoted) {
      boolean ready = roll(s, c, m, d, c.old.size() + d, 0, c.old.size(), false);
      if (!ready) {
        registerOld(s, c, m);
        return Outcome.of(Phase.IN_PROGRESS, null);
      }
      Progress next = p;
      boolean used = false;
      if (bg.validation().isPresent()) {
        Verdict v = p.validation();
        if (v == null) {
          m.then(new Action.Validate(s.targetId(), bg.validator(), c.readyIds));
          return Outcome.of(Phase.IN_PROGRESS, null);
        }
        if (v.kind() == Verdict.Kind.FAIL) {
          return new Outcome(Phase.GATE_FAILED, p, "validator '" + bg.validator() + "' failed: " + v.reason(), false);
        }
        if (v.kind() == Verdict.Kind.INCONCLUSIVE) {
          if (!s.promoteRequested()) {
            return awaitInconclusive(s, p, "validator '" + bg.validator() + "' was inconclusive: " + v.reason());
          }
          used = true;
        }
      }
      if (bg.promotion() == RolloutStrategy.Promotion.MANUAL && !used) {
        if (!s.promoteRequested()) {
          Instant since = p.inconclusiveSince() == null ? s.now() : p.inconclusiveSince();
          if (s.now().isAfter(since.plus(s.promotionDeadline()))) {
            return new Outcome(Phase.GATE_FAILED, p, "generation " + s.targetId() + " passed its gate but was not promoted within "
                + io.immut.api.Durations.format(s.promotionDeadline()) + " (Immut.builder().promotionDeadline)", false);
          }
          registerOld(s, c, m);
          m.then(new Action.WaitUntil(s.now().plus(s.healthCheck().interval()), "awaiting promote"));
          return new Outcome(Phase.AWAITING_PROMOTION, next.inconclusive(since), "generation " + s.targetId()
              + " passed its gate; awaiting promote until " + since.plus(s.promotionDeadline()), false);
        }
        used = true;
      }
      // register the new generation first; the old one leaves the load balancer only once the
      // new one is in service there (a later step), so the target never serves nothing
      for (InstanceView v : c.ready) {
        m.register(v);
      }
      m.first(new Action.Promote(s.targetId()));
      // apply returns once the new generation serves and the old one is out of service (the next
      // steps); the previous generation is kept running for keepPreviousFor, recorded with the
      // promotion, and a later apply retires it
      return new Outcome(c.old.isEmpty() && c.kept.isEmpty() ? Phase.COMPLETE : Phase.IN_PROGRESS, next.promoted(s.now()),
          "", used);
    }
    Progress next = p.promotedAt() == null ? p.promoted(s.now()) : p;
    boolean switched = readyInService(s, c);
    // the old instances leave the load balancer only once the new ones are in service there; then
    // those of the kept generation stay running out of service, the others are retired
    boolean done = roll(s, c, m, d, c.old.size() + d, 0, switched ? 0 : c.old.size(), switched);
    if (switched) {
      for (InstanceView v : c.old) {
        m.deregister(v);
      }
      for (InstanceView v : c.kept) {
        m.deregister(v);
      }
    }
    registerReady(c, m);
    boolean keptOut = c.kept.stream().noneMatch(v -> s.registered().contains(v.id()));
    // waiting for the load balancer to take the new generation is progress-bounded: a target
    // that never reports it healthy fails the rollout (and rolls it back) at the deadline
    return Outcome.of(done && switched && keptOut ? Phase.COMPLETE : Phase.IN_PROGRESS, next);
  }

  private static Outcome awaitInconclusive(Situation s, Progress p, String why) {
    Instant since = p.inconclusiveSince() == null ? s.now() : p.inconclusiveSince();
    Duration deadline = s.healthCheck().progressDeadline();
    if (s.now().isAfter(since.plus(deadline))) {
      return new Outcome(Phase.GATE_FAILED, p, why + "; not promoted within " + io.immut.api.Durations.format(deadline), false);
    }
    return new Outcome(Phase.AWAITING_PROMOTION, p.inconclusive(since), why + "; awaiting promote or abort", false);
  }

  static int weightGoal(int desired, int percent) {
    if (desired == 0) {
      return 0;
    }
    return Math.min(desired, Math.max(1, (int) (((long) desired * percent + 99) / 100)));
  }

  private static Outcome canary(Situation s, Census c, Moves m, Progress p, RolloutStrategy.Canary canary) {
    int d = s.desired();
    List<CanaryStep> steps = canary.steps();
    Progress next = p;
    boolean used = false;
    while (next.canaryStep() < steps.size()) {
      CanaryStep step = steps.get(next.canaryStep());
      if (step instanceof CanaryStep.SetWeight w) {
        int goal = weightGoal(d, w.percent());
        if (c.fresh.size() >= goal && c.ready.size() >= goal && c.old.size() == c.oldAvailable.size()
            && c.old.size() <= d - goal) {
          next = next.nextStep(s.now());
          continue;
        }
        break;
      } else if (step instanceof CanaryStep.Pause pause) {
        if (next.pauseUntil() == null) {
          next = next.pausedUntil(s.now().plus(pause.duration()));
        }
        if (!s.now().isBefore(next.pauseUntil())) {
          next = next.nextStep(s.now());
          continue;
        }
        break;
      } else {
        Verdict v = next.analysis();
        if (v == null) {
          break;
        }
        if (v.kind() == Verdict.Kind.PASS || (v.kind() == Verdict.Kind.INCONCLUSIVE && s.promoteRequested() && !used)) {
          used |= v.kind() == Verdict.Kind.INCONCLUSIVE;
          next = next.nextStep(s.now());
          continue;
        }
        if (v.kind() == Verdict.Kind.FAIL) {
          return new Outcome(Phase.GATE_FAILED, next, "canary analysis '" + ((CanaryStep.Analyse) step).analysis()
              + "' failed: " + v.reason(), used);
        }
        break;
      }
    }
    int index = next.canaryStep();
    if (index >= steps.size()) {
      int surge = Math.max(1, RolloutStrategy.DEFAULT.maxSurge().resolve(d, true));
      surge = Math.min(surge, Math.max(1, s.limits().maxSurge()));
      boolean done = roll(s, c, m, d, d + surge, d, 0, true);
      registerOld(s, c, m);
      registerReady(c, m);
      return new Outcome(done ? Phase.COMPLETE : Phase.IN_PROGRESS, next, "", used);
    }
    int goal = 0;
    for (int i = 0; i <= index; i++) {
      if (steps.get(i) instanceof CanaryStep.SetWeight w) {
        goal = weightGoal(d, w.percent());
      }
    }
    // a canary never shrinks back: after a restart the new generation may be ahead of the step
    goal = Math.max(goal, Math.min(d, c.fresh.size()));
    boolean atGoal = roll(s, c, m, goal, d + goal, d, d - goal, true);
    registerOld(s, c, m);
    registerReady(c, m);
    CanaryStep step = steps.get(index);
    if (step instanceof CanaryStep.Pause) {
      m.then(new Action.WaitUntil(next.pauseUntil(), "canary pause"));
      return new Outcome(Phase.WAITING, next, "", used);
    }
    if (step instanceof CanaryStep.Analyse a) {
      if (!atGoal) {
        return new Outcome(Phase.IN_PROGRESS, next, "", used);
      }
      if (next.analysis() == null) {
        Set<InstanceId> baseline = c.oldAvailable.stream().map(InstanceView::id).collect(Collectors.toSet());
        m.then(new Action.Analyse(a.analysis(), index, c.readyIds, baseline));
        return new Outcome(Phase.IN_PROGRESS, next, "", used);
      }
      Outcome o = awaitInconclusive(s, next, "canary analysis '" + a.analysis() + "' was inconclusive: "
          + next.analysis().reason());
      return new Outcome(o.phase, o.progress, o.reason, used);
    }
    return new Outcome(Phase.IN_PROGRESS, next, "", used);
  }

  /**
   * The number of instances a canary weight stands for: rounded up, at least one, at most the
   * desired capacity.
   *
   * @param desired the desired capacity
   * @param percent the weight
   * @return the instance count
   */
  public static int canaryInstances(int desired, int percent) {
    return weightGoal(desired, percent);
  }

  /**
   * Resolves a rolling strategy's amounts against a capacity (surge up, unavailability down).
   *
   * @param rolling the strategy
   * @param desired the capacity
   * @return the limits
   */
  public static Limits limitsOf(RolloutStrategy.Rolling rolling, int desired) {
    return new Limits(resolve(rolling.maxSurge(), desired, true), resolve(rolling.maxUnavailable(), desired, false));
  }

  private static int resolve(Amount a, int desired, boolean up) {
    return a.resolve(desired, up);
  }
}
