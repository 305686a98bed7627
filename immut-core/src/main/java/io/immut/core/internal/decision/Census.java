package io.immut.core.internal.decision;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The observed instances sorted into what the decision needs, in one pass: the target's fresh
 * instances (and which of them passed their gate), the old ones to replace, and orphans.
 * Instances without the fleet's ownership tags are left out altogether.
 */
final class Census {
  static final Comparator<InstanceView> ORDER = Comparator
      .comparing(InstanceView::launchedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
      .thenComparing(InstanceView::id);

  /** Target instances that have not drifted and are not gone: launched, booting or serving. */
  final List<InstanceView> fresh = new ArrayList<>();
  /** Fresh instances past their gate, running and not unhealthy. */
  final List<InstanceView> ready = new ArrayList<>();
  /** Fresh instances whose gate failed. */
  final List<InstanceView> failed = new ArrayList<>();
  /** Instances of other known generations, and drifted target instances. */
  final List<InstanceView> old = new ArrayList<>();
  /**
   * Old instances that count towards the healthy capacity: running, and reported healthy by the
   * cloud or, when the cloud reports no health, observed serving (in service with the load balancer,
   * or healthy to the probe: {@link Situation#observedServing()}). An old instance whose health is
   * not known and that was not observed serving (one still warming up after a rollback relaunched
   * it) does not count, or the floor {@code desired − maxUnavailable} could be broken by terminating
   * a healthy one in its place.
   */
  final List<InstanceView> oldAvailable = new ArrayList<>();
  /**
   * Instances of the generation a blue/green promotion keeps running out of service, its window
   * still open ({@link Situation#isKept}): neither old nor capacity, never terminated nor put in
   * service by a rollout, only kept out of the load balancer.
   */
  final List<InstanceView> kept = new ArrayList<>();
  /** Drifted target instances. */
  final Set<InstanceId> drifted = new HashSet<>();
  /**
   * Owned instances the cloud accepted and then reported {@code FAILED}, of any generation: never
   * counted as capacity, always terminated, and for the target's, the launch-failure path.
   */
  final List<InstanceView> launchFailed = new ArrayList<>();
  /** Instances of generations the fleet's history does not know. */
  final List<InstanceView> orphans = new ArrayList<>();
  final Set<InstanceId> readyIds = new HashSet<>();
  /** Every owned instance listed, in any state: the fingerprint launch tokens are derived from. */
  final List<InstanceId> allOwned = new ArrayList<>();

  static Census of(Situation s) {
    Census c = new Census();
    for (InstanceView v : s.instances()) {
      if (!v.ownership().belongsTo(s.selector())) {
        continue;
      }
      c.allOwned.add(v.id());
      if (v.state() == InstanceState.FAILED) {
        c.launchFailed.add(v);
        continue;
      }
      if (v.state().isGone()) {
        continue;
      }
      String gen = v.generationId();
      if (gen.equals(s.targetId())) {
        if (hasDrifted(v, s)) {
          c.drifted.add(v.id());
          c.old.add(v);
        } else {
          c.fresh.add(v);
          GateStatus g = s.gates().getOrDefault(v.id(), GateStatus.PENDING);
          if (g == GateStatus.FAILED && s.targetLive()) {
            // a live generation's instance that turned bad is replaced, not a failed rollout
            c.fresh.remove(c.fresh.size() - 1);
            c.drifted.add(v.id());
            c.old.add(v);
          } else if (g == GateStatus.FAILED) {
            c.failed.add(v);
          } else if (g == GateStatus.PASSED && serves(v)) {
            c.ready.add(v);
          }
        }
      } else if (s.knownGenerations().contains(gen) && s.isKept(gen)) {
        c.kept.add(v);
      } else if (s.knownGenerations().contains(gen)) {
        c.old.add(v);
      } else {
        c.orphans.add(v);
      }
    }
    // lists stay in the listing's order; the few decisions that pick instances sort what they pick from
    for (InstanceView v : c.old) {
      if (v.state() == InstanceState.RUNNING && (v.health() == HealthStatus.HEALTHY
          || (v.health() == HealthStatus.UNKNOWN && s.observedServing().contains(v.id())))) {
        c.oldAvailable.add(v);
      }
    }
    for (InstanceView v : c.ready) {
      c.readyIds.add(v.id());
    }
    return c;
  }

  /** Running and not reported unhealthy by the cloud. */
  static boolean serves(InstanceView v) {
    return v.state() == InstanceState.RUNNING && v.health() != HealthStatus.UNHEALTHY;
  }

  private static boolean hasDrifted(InstanceView v, Situation s) {
    if (v.state() == InstanceState.STOPPED || v.state() == InstanceState.STOPPING) {
      return true;
    }
    if (s.targetInstanceType() != null && v.instanceType() != null && !s.targetInstanceType().equals(v.instanceType())) {
      return true;
    }
    return s.targetImageId() != null && v.imageId() != null && !s.targetImageId().equals(v.imageId());
  }

  /** Old serving instances, the ones to replace first at the front: drifted, then oldest. */
  List<InstanceView> oldAvailableInOrder() {
    List<InstanceView> sorted = new ArrayList<>(oldAvailable);
    sorted.sort(Comparator.comparing((InstanceView v) -> !drifted.contains(v.id())).thenComparing(ORDER));
    return sorted;
  }

  static List<InstanceView> sorted(List<InstanceView> list) {
    List<InstanceView> sorted = new ArrayList<>(list);
    sorted.sort(ORDER);
    return sorted;
  }

  boolean isReady(InstanceView v) {
    return readyIds.contains(v.id());
  }

  long signature(int step) {
    long h = fresh.size();
    h = h * 1_000_003L + ready.size();
    h = h * 1_000_003L + old.size();
    h = h * 1_000_003L + kept.size();
    return h * 1_000_003L + step;
  }
}
