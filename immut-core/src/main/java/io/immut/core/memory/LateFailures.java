package io.immut.core.memory;

import io.immut.spi.LaunchFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The creations that will fail late (AZURE, GCE): which instances of a launch fail, by the
 * late-failure faults (on AZURE each VM, on GCE each zone's operation), and when a failure comes
 * due. Guarded by the account's lock.
 */
final class LateFailures {
  private final CloudBehaviour behaviour;
  private final Faults faults;
  private final Duration retention;
  private final List<MemoryInstance> pending = new ArrayList<>();

  LateFailures(CloudBehaviour behaviour, Faults faults, Duration retention) {
    this.behaviour = behaviour;
    this.faults = faults;
    this.retention = retention;
  }

  /** Marks the instances of one launch whose creation will fail. */
  void decide(List<MemoryInstance> created, Instant now) {
    if (created.isEmpty() || !behaviour.lateLaunchFailures()) {
      return;
    }
    boolean all = faults.launchFailsLate();
    Map<String, Boolean> zoneFails = new HashMap<>();
    Instant at = now.plus(faults.lateFailureAfter());
    FaultKind kind = faults.lateFailureKind();
    for (MemoryInstance m : created) {
      boolean fails = all || (behaviour == CloudBehaviour.GCE
          ? zoneFails.computeIfAbsent(m.zone, z -> faults.unitFailsLate()) : faults.unitFailsLate());
      if (fails) {
        m.failAt = at;
        m.failure = failure(m, kind);
        m.vanishAfter = at.plus(retention); // listed FAILED for the retention, or until deleted
        pending.add(m);
      }
    }
  }

  /** The failure a late failure of this kind reports, in the words of the cloud. */
  private LaunchFailure failure(MemoryInstance m, FaultKind kind) {
    if (kind == FaultKind.QUOTA) {
      return LaunchFailure.quota(behaviour == CloudBehaviour.AZURE
          ? "OperationNotAllowed: Operation could not be completed as it results in exceeding approved Total Regional"
              + " Cores quota (memory cloud, a late failure)"
          : "QUOTA_EXCEEDED: Quota 'CPUS' exceeded in region of zone '" + m.zone + "' (memory cloud, a late failure)");
    }
    return LaunchFailure.capacity(behaviour == CloudBehaviour.AZURE
        ? "AllocationFailed: Allocation failed. We do not have sufficient capacity for the requested VM size "
            + m.instanceType + " in this region (memory cloud, a late failure)"
        : "ZONE_RESOURCE_POOL_EXHAUSTED: The zone '" + m.zone + "' does not have enough resources available to"
            + " fulfill the request (memory cloud, a late failure)");
  }

  /**
   * Lets the failures due by now happen: each failed instance is handed to {@code release} (it holds
   * no capacity any more); on GCE the operation created nothing, so the instance has no disk.
   */
  void settle(Instant now, Consumer<MemoryInstance> release) {
    pending.removeIf(m -> {
      if (m.failAt.isAfter(now)) {
        return false;
      }
      if (m.failedBy(now)) {
        release.accept(m);
        if (behaviour == CloudBehaviour.GCE) {
          m.volumes.clear();
        }
      }
      return true;
    });
  }
}
