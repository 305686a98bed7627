package io.immut.driver.gcp;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bulkInserts this driver sent whose outcome it has not yet read, and those that failed: GCE
 * answers a bulkInsert once it accepted it, and says minutes later, in the operation, whether the
 * instances were created. While some of a share's instances are not visible, {@code list} reads
 * its operation once per listing ({@code zoneOperations.get}, never a wait) and reports the
 * instances it names: PROVISIONING while it runs and they are not visible yet, FAILED with the operation's reason when they were not created. A failure is listed
 * for {@code failedRetention}, or until the engine terminates the instance.
 *
 * <p>This memory is the process's own: after a restart, instances that were created are found by
 * their labels, and those that were not created were never there, so nothing is lost or leaked.
 */
final class PendingLaunches {
  /** One zone's share of one launch. */
  static final class Pending {
    final String requestId;
    final Ownership ownership;
    final String zone;
    final String operation;
    final Set<String> names;
    final String machineType;
    final String imageId;
    final Map<String, String> labels;
    final Instant launchedAt;
    volatile boolean done;
    volatile LaunchFailure failure;

    Pending(String requestId, Ownership ownership, String zone, String operation, List<String> names, String machineType,
            String imageId, Map<String, String> labels, Instant launchedAt) {
      this.requestId = requestId;
      this.ownership = ownership;
      this.zone = zone;
      this.operation = operation;
      this.names = ConcurrentHashMap.newKeySet();
      this.names.addAll(names);
      this.machineType = machineType;
      this.imageId = imageId;
      this.labels = Map.copyOf(labels);
      this.launchedAt = launchedAt;
    }

    /** The view of one of its instances that the listing does not show. */
    InstanceView view(String name) {
      InstanceView.Builder b = InstanceView.builder()
          .id(GcpNames.id(zone, name))
          .ownership(ownership)
          .instanceType(machineType)
          .imageId(imageId)
          .tags(labels)
          .zone(zone)
          .launchedAt(launchedAt);
      if (failure != null) {
        return b.state(InstanceState.FAILED).failure(failure).build();
      }
      return b.state(InstanceState.PROVISIONING).build();
    }
  }

  private final Map<String, Pending> byRequestId = new ConcurrentHashMap<>();

  /** Records a share, unless its request id is recorded already (a retried launch). */
  void record(Pending p) {
    byRequestId.putIfAbsent(p.requestId, p);
  }

  /** The shares of a fleet, after dropping those older than the retention. */
  List<Pending> of(FleetSelector selector, Instant now, Duration retention) {
    List<Pending> out = new ArrayList<>();
    byRequestId.values().removeIf(p -> p.names.isEmpty() || p.launchedAt.plus(retention).isBefore(now));
    for (Pending p : byRequestId.values()) {
      if (p.ownership.belongsTo(selector)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Forgets a share whose instances all exist: their listing tells the rest. */
  void forget(Pending p) {
    byRequestId.remove(p.requestId, p);
  }

  /** Forgets terminated instances: a failed creation the engine terminated is no longer listed. */
  void forget(Set<InstanceId> ids) {
    Set<String> gone = new LinkedHashSet<>();
    ids.forEach(id -> gone.add(id.value()));
    for (Pending p : byRequestId.values()) {
      p.names.removeIf(n -> gone.contains(p.zone + "/" + n));
    }
  }
}
