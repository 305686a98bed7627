package io.immut.core.internal.health;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.rollout.HealthProbe;
import io.immut.core.internal.decision.GateStatus;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The health gate of a new generation's instances, checked at each step of the reconcile loop.
 * An instance is checked at most once per {@link HealthCheck#interval()} once it is running. A
 * check is healthy when the cloud does not report it unhealthy and, when a {@link HealthProbe}
 * is set and the health check has a path, the probe answers healthy; when there is no probe the
 * cloud's own status decides, and an unknown status counts neither way. An instance passes after
 * {@link HealthCheck#healthyThreshold()} consecutive healthy checks, and fails after
 * {@link HealthCheck#unhealthyThreshold()} consecutive unhealthy ones past the grace period (a
 * passed instance can still fail later). Instances that never get there are caught by the
 * progress deadline of the decision function.
 *
 * <p>When the gate knows how long an instance takes to boot ({@link #HealthGate(HealthProbe,
 * Duration)}), it also checks each pending instance once at the first instant it can be healthy,
 * {@code launchedAt + boot time + grace period}, whatever the interval's phase: the loop is woken
 * then ({@link #nextCheckDue}) instead of up to one interval later. That early check only counts a
 * healthy answer (it starts the consecutive successes, which then follow at the interval); an
 * unhealthy or unknown answer is ignored, so failures are still counted only at the interval and
 * past the grace period.
 *
 * <p>Not thread-safe: one gate belongs to one rollout loop.
 */
public final class HealthGate {
  private final HealthProbe probe;
  private final Duration bootTime;
  private final Map<InstanceId, Track> tracks = new HashMap<>();

  /**
   * Creates a gate that checks at the interval only.
   *
   * @param probe the probe beside the cloud's status, or null for the cloud's status alone
   */
  public HealthGate(HealthProbe probe) {
    this(probe, null);
  }

  /**
   * Creates a gate that also checks each pending instance at the first instant it can be healthy.
   *
   * @param probe the probe beside the cloud's status, or null for the cloud's status alone
   * @param bootTime how long an instance typically takes from launch to running (the driver's hint),
   *     or null to check at the interval only
   */
  public HealthGate(HealthProbe probe, Duration bootTime) {
    this.probe = probe;
    this.bootTime = bootTime == null || bootTime.isNegative() ? null : bootTime;
  }

  /**
   * A change of an instance's gate status.
   *
   * @param id the instance
   * @param status its new status
   * @param reason why, for failures
   */
  public record Change(InstanceId id, GateStatus status, String reason) {}

  private static final class Track {
    Instant runningSince;
    Instant lastCheck;
    Instant readyAt;
    boolean earlyChecked;
    int successes;
    int failures;
    GateStatus status = GateStatus.PENDING;
  }

  /**
   * Marks instances as passed without checking them: the serving instances of a generation that
   * is already live.
   *
   * @param ids the instances
   */
  public void admit(Collection<InstanceId> ids) {
    for (InstanceId id : ids) {
      tracks.computeIfAbsent(id, k -> new Track()).status = GateStatus.PASSED;
    }
  }

  /**
   * Checks the instances whose check is due, and forgets instances no longer among the candidates.
   *
   * @param candidates the target generation's instances
   * @param check the health check
   * @param now the time
   * @return the instances whose status changed
   */
  public List<Change> observe(Collection<InstanceView> candidates, HealthCheck check, Instant now) {
    List<Change> changes = new ArrayList<>();
    Set<InstanceId> seen = new HashSet<>(candidates.size() * 2);
    for (InstanceView v : candidates) {
      seen.add(v.id());
      Track t = tracks.computeIfAbsent(v.id(), k -> new Track());
      if (t.readyAt == null && bootTime != null && v.launchedAt() != null) {
        t.readyAt = v.launchedAt().plus(bootTime).plus(check.gracePeriod());
      }
      if (t.status == GateStatus.FAILED || v.state() != InstanceState.RUNNING) {
        continue;
      }
      if (t.runningSince == null) {
        t.runningSince = now;
      }
      if (t.lastCheck != null && now.isBefore(t.lastCheck.plus(check.interval()))) {
        if (earlyCheckDue(t, now)) {
          t.earlyChecked = true;
          if (healthOf(v, check) == HealthStatus.HEALTHY) {
            t.lastCheck = now;
            t.successes++;
            t.failures = 0;
            if (t.successes >= check.healthyThreshold()) {
              t.status = GateStatus.PASSED;
              changes.add(new Change(v.id(), GateStatus.PASSED, ""));
            }
          }
        }
        continue;
      }
      t.lastCheck = now;
      HealthStatus h = healthOf(v, check);
      if (h == HealthStatus.HEALTHY) {
        t.successes++;
        t.failures = 0;
        if (t.status == GateStatus.PENDING && t.successes >= check.healthyThreshold()) {
          t.status = GateStatus.PASSED;
          changes.add(new Change(v.id(), GateStatus.PASSED, ""));
        }
      } else if (h == HealthStatus.UNHEALTHY) {
        t.successes = 0;
        if (!now.isBefore(t.runningSince.plus(check.gracePeriod()))) {
          t.failures++;
          if (t.failures >= check.unhealthyThreshold()) {
            t.status = GateStatus.FAILED;
            changes.add(new Change(v.id(), GateStatus.FAILED, "unhealthy on " + t.failures
                + " consecutive check(s) after its grace period of " + io.immut.api.Durations.format(check.gracePeriod())));
          }
        }
      }
    }
    if (seen.size() != tracks.size()) {
      tracks.keySet().retainAll(seen);
    }
    return changes;
  }

  /** Whether a pending instance's one check at its first possible healthy instant is due. */
  private static boolean earlyCheckDue(Track t, Instant now) {
    return t.status == GateStatus.PENDING && t.successes == 0 && !t.earlyChecked && t.readyAt != null
        && t.lastCheck != null && t.lastCheck.isBefore(t.readyAt) && !now.isBefore(t.readyAt);
  }

  /**
   * When the next check of a pending instance is due after {@code now}: its next check at the
   * interval, or its one check at the first instant it can be healthy. The loop wakes then rather
   * than a whole interval after its last step.
   *
   * @param check the health check
   * @param now the time
   * @return the instant, or empty when no pending instance has a check due
   */
  public Optional<Instant> nextCheckDue(HealthCheck check, Instant now) {
    Instant next = null;
    for (Track t : tracks.values()) {
      if (t.status != GateStatus.PENDING) {
        continue;
      }
      if (t.readyAt != null && !t.earlyChecked && t.successes == 0 && t.readyAt.isAfter(now)) {
        next = next == null || t.readyAt.isBefore(next) ? t.readyAt : next;
      }
      if (t.lastCheck != null) {
        Instant due = t.lastCheck.plus(check.interval());
        if (due.isAfter(now)) {
          next = next == null || due.isBefore(next) ? due : next;
        }
      }
    }
    return Optional.ofNullable(next);
  }

  private HealthStatus healthOf(InstanceView v, HealthCheck check) {
    if (v.health() == HealthStatus.UNHEALTHY) {
      return HealthStatus.UNHEALTHY;
    }
    if (probe != null && check.path() != null) {
      HealthStatus p = probe.probe(v, check);
      return p == null ? HealthStatus.UNKNOWN : p;
    }
    return v.health();
  }

  /**
   * The status of every tracked instance.
   *
   * @return an unmodifiable copy
   */
  public Map<InstanceId, GateStatus> statuses() {
    Map<InstanceId, GateStatus> out = new HashMap<>(tracks.size() * 2);
    tracks.forEach((id, t) -> out.put(id, t.status));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Forgets everything: a new target generation starts its gate from the beginning. */
  public void reset() {
    tracks.clear();
  }
}
