package io.immut.core.internal.decision;

import io.immut.api.InstanceId;
import io.immut.spi.InstanceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The actions of one decision, gathered and then put in a safe order. */
final class Moves {
  private final Situation situation;
  private final Map<String, Set<InstanceId>> terminate = new LinkedHashMap<>();
  private final Set<InstanceId> terminated = new LinkedHashSet<>();
  private final Set<InstanceId> register = new LinkedHashSet<>();
  private final Set<InstanceId> deregister = new LinkedHashSet<>();
  private final List<Action> launches = new ArrayList<>();
  private final List<Action> after = new ArrayList<>();
  private final List<Action> first = new ArrayList<>();

  Moves(Situation situation) {
    this.situation = situation;
  }

  void terminate(InstanceView v, String reason) {
    if (terminated.add(v.id())) {
      terminate.computeIfAbsent(reason, r -> new LinkedHashSet<>()).add(v.id());
    }
  }

  boolean isTerminated(InstanceView v) {
    return terminated.contains(v.id());
  }

  int terminations() {
    return terminated.size();
  }

  void launch(Action.Launch launch) {
    launches.add(launch);
  }

  private LaunchTrouble trouble = LaunchTrouble.NONE;

  /** Applies the backoff, batch cap and zones of the rollout's late launch failures to launches. */
  void trouble(LaunchTrouble t) {
    this.trouble = t;
  }

  /**
   * How many of {@code wanted} launches may be made now: none while backing off (a wait until the
   * backoff ends is added), at most the cap after a capacity failure.
   */
  int allowedLaunches(int wanted) {
    if (wanted <= 0) {
      return 0;
    }
    if (trouble.holding(situation.now())) {
      then(new Action.WaitUntil(trouble.retryAt(), "backing off after a late launch failure"));
      return 0;
    }
    return trouble.cap() > 0 ? Math.min(wanted, trouble.cap()) : wanted;
  }

  /** The zones launches avoid. */
  Set<String> avoidZones() {
    return trouble.avoidZones();
  }

  int launchCount() {
    return launches.stream().mapToInt(a -> ((Action.Launch) a).count()).sum();
  }

  void register(InstanceView v) {
    if (situation.trafficTarget() != null && !situation.registered().contains(v.id())) {
      register.add(v.id());
    }
  }

  void deregister(InstanceView v) {
    if (situation.trafficTarget() != null && situation.registered().contains(v.id())) {
      deregister.add(v.id());
    }
  }

  void first(Action a) {
    first.add(a);
  }

  void then(Action a) {
    after.add(a);
  }

  /** A promotion, deregistrations, terminations, launches, registrations, then the rest. */
  List<Action> actions() {
    List<Action> out = new ArrayList<>(first);
    if (situation.trafficTarget() != null) {
      for (InstanceId id : terminated) {
        if (situation.registered().contains(id)) {
          deregister.add(id);
        }
      }
      if (!deregister.isEmpty()) {
        out.add(new Action.DeregisterTraffic(situation.trafficTarget(), deregister));
      }
    }
    terminate.forEach((reason, ids) -> out.add(new Action.Terminate(ids, reason)));
    out.addAll(launches);
    register.removeAll(terminated);
    if (!register.isEmpty()) {
      out.add(new Action.RegisterTraffic(situation.trafficTarget(), register));
    }
    out.addAll(after);
    return out;
  }
}
