package io.immut.core.internal.decision;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decision's answer to instances the cloud accepted and then reported {@code FAILED} (an Azure
 * {@code AllocationFailed}, a GCE {@code ZONE_RESOURCE_POOL_EXHAUSTED}, a quota met after the call):
 * the same answer as to a launch that came back short, never the answer to a lost instance.
 * <ul>
 *   <li>every failed instance is terminated: it is owned, and what is left of it (a NIC, a disk, a
 *       reservation) must go (one of a generation the history does not know after the orphan grace,
 *       as any orphan);</li>
 *   <li>capacity (or an unclassified failure): launches are held back (15 s doubling to 5 min),
 *       then made in batches half the size of the failed one (the failed instances and the target's
 *       others still in flight with them: launched, not yet past their gate), growing back as launched instances
 *       come up, and away from the zones that failed when the spec lists others; after
 *       {@value #MAX_FAILURES} such failures in a row (no instance of the generation came up between
 *       them) the rollout stops for capacity and is rolled back;</li>
 *   <li>quota: the rollout stops and is rolled back, with the cloud's reason;</li>
 *   <li>image: the rollout stops with the cloud's reason.</li>
 * </ul>
 * A rollback (mode {@link Mode#ROLLBACK}) never stops here: it backs off and goes on.
 */
final class LaunchFailures {
  static final int MAX_FAILURES = 6;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private LaunchFailures() {}

  /** What the failures lead to at this step. */
  record Assessment(Progress progress, LaunchFailure.Reason stop, String reason) {}

  static Assessment assess(Situation s, Census c, Moves m, Progress p) {
    LaunchTrouble t = p.launches();
    for (InstanceView v : c.launchFailed) {
      if (v.generationId().equals(s.targetId()) || s.knownGenerations().contains(v.generationId())) {
        m.terminate(v, "failed launch");
      } else if (v.launchedAt() == null || !s.now().isBefore(v.launchedAt().plus(s.orphanGrace()))) {
        // a generation this history does not know may be another engine's, rolled in now: its grace first
        m.terminate(v, "orphan");
      }
    }
    List<InstanceView> fresh = new ArrayList<>();
    for (InstanceView v : c.launchFailed) {
      if (!t.seen().contains(v.id()) && v.generationId().equals(s.targetId())) {
        fresh.add(v);
      }
    }
    Set<InstanceId> seen = new HashSet<>(t.seen());
    c.launchFailed.forEach(v -> seen.add(v.id()));
    int running = (int) c.fresh.stream().filter(v -> v.state() == InstanceState.RUNNING).count();
    if (fresh.isEmpty()) {
      LaunchTrouble next = t;
      if (t.cap() > 0 && running >= t.capSince() + t.cap()) {
        // the capped batch came up: double the cap, and lift it once it is no cap at all
        int cap = t.cap() * 2 >= Math.max(1, s.desired()) ? 0 : t.cap() * 2;
        next = new LaunchTrouble(seen, 0, t.retryAt(), cap, running, t.avoidZones());
      } else if (!seen.equals(t.seen())) {
        next = new LaunchTrouble(seen, t.failures(), t.retryAt(), t.cap(), t.capSince(), t.avoidZones());
      }
      return new Assessment(next == t ? p : p.withLaunches(next), null, "");
    }
    LaunchFailure worst = worst(fresh);
    String which = fresh.size() + " instance(s) of generation " + s.targetId() + " failed after the cloud accepted them ("
        + fresh.stream().limit(3).map(v -> v.id().value()).reduce((a, b) -> a + ", " + b).orElse("") + ")";
    if (s.mode() == Mode.ROLLOUT && worst.reason() == LaunchFailure.Reason.QUOTA) {
      return new Assessment(p.withLaunches(t), LaunchFailure.Reason.QUOTA, which + " on an account quota: "
          + worst.message() + "; raise the quota or lower the fleet's capacity or surge");
    }
    if (s.mode() == Mode.ROLLOUT && worst.reason() == LaunchFailure.Reason.IMAGE) {
      return new Assessment(p.withLaunches(t), LaunchFailure.Reason.IMAGE, which + " on their image: "
          + worst.message() + "; fix generation.image or the image itself");
    }
    // "in a row": no instance of the target came up since the last failure. Where some did, the
    // cloud has capacity and fails a share of the VMs (Azure rolls each VM on its own): the count
    // starts again, and the smaller batches and the backoff go on until the fleet is complete.
    // While others launched with the failed ones are still in flight, they may yet come up: the
    // failures of one batch arriving over several steps count once, when none of it is left.
    int inFlight = Math.max(0, c.fresh.size() - c.ready.size() - c.failed.size());
    int failures = t.failures() > 0 && running > t.capSince() ? 1
        : inFlight > 0 ? Math.max(1, t.failures()) : t.failures() + 1;
    if (s.mode() == Mode.ROLLOUT && failures >= MAX_FAILURES) {
      return new Assessment(p.withLaunches(t), LaunchFailure.Reason.CAPACITY, which + ": " + worst.message() + "; "
          + failures + " late launch failures in a row, in batches down to one instance and in every zone tried;"
          + " choose another instance type or zones, or retry later");
    }
    // the batch that failed is what was in flight with the failures (launched, not yet past the gate),
    // not the failures alone: one VM of 25 failing (Azure rolls each VM on its own) means about 24 fit,
    // and a cap of half the failures would be the smallest when the least failed
    int failedBatch = fresh.size() + inFlight;
    if (t.cap() > 0) {
      failedBatch = Math.min(t.cap(), failedBatch);
    }
    int cap = Math.max(1, failedBatch / 2);
    Set<String> zones = new TreeSet<>(t.avoidZones());
    for (InstanceView v : fresh) {
      if (v.zone() != null) {
        zones.add(v.zone());
      }
    }
    Instant retryAt = s.now().plus(backoff(failures));
    return new Assessment(p.withLaunches(new LaunchTrouble(seen, failures, retryAt, cap, running, zones)), null, "");
  }

  static Duration backoff(int failures) {
    Duration d = FIRST_BACKOFF;
    for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** Quota first, then image, then capacity, then the rest: the failure that decides. */
  private static LaunchFailure worst(List<InstanceView> failed) {
    LaunchFailure worst = null;
    for (InstanceView v : failed) {
      LaunchFailure f = v.failure().orElseGet(() -> new LaunchFailure(LaunchFailure.Reason.OTHER, "the cloud gave no reason"));
      if (worst == null || rank(f.reason()) < rank(worst.reason())) {
        worst = f;
      }
    }
    return worst;
  }

  private static int rank(LaunchFailure.Reason r) {
    return switch (r) {
      case QUOTA -> 0;
      case IMAGE -> 1;
      case CAPACITY -> 2;
      case OTHER -> 3;
    };
  }
}
