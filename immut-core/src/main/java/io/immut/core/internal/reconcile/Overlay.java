package io.immut.core.internal.reconcile;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-your-writes over an eventually consistent {@code list}: instances this process launched
 * are shown until the cloud lists them, and instances it terminated are shown as shutting down
 * until the cloud stops listing them as live. Entries expire after a while so that nothing the
 * cloud never confirms lingers. Lost in a crash, and that is safe: launch tokens stop a second
 * launch, and terminating twice is not an error. An id is not forever one instance: where names
 * come from launch tokens, a launch may answer with the id of an instance this process deleted.
 */
final class Overlay {
  private static final Duration EXPIRY = Duration.ofMinutes(5);

  private record Launched(InstanceView view, Instant at) {}

  private final Map<InstanceId, Launched> launched = new HashMap<>();
  private final Map<InstanceId, Instant> terminated = new HashMap<>();

  /**
   * Instances a launch answered with. An id this process terminated before is a new instance now:
   * the clouds that name instances from the launch token (Azure, GCE once a token is forgotten)
   * create a VM again under the name of one that was deleted, and that VM must not be shown as
   * shutting down.
   */
  void launched(List<InstanceView> views, Instant now) {
    for (InstanceView v : views) {
      launched.put(v.id(), new Launched(v, now));
      terminated.remove(v.id());
    }
  }

  void terminated(Set<InstanceId> ids, Instant now) {
    for (InstanceId id : ids) {
      terminated.put(id, now);
      launched.remove(id);
    }
  }

  List<InstanceView> merge(List<InstanceView> listed, Instant now) {
    if (launched.isEmpty() && terminated.isEmpty()) {
      return listed;
    }
    List<InstanceView> out = new ArrayList<>(listed.size() + launched.size());
    Set<InstanceId> seen = new HashSet<>(listed.size() * 2);
    for (InstanceView v : listed) {
      seen.add(v.id());
      launched.remove(v.id());
      Instant t = terminated.get(v.id());
      if (t != null && (!v.state().isGone() || v.state() == InstanceState.FAILED)) {
        // a failed instance this process deleted shows as shutting down, so that it is not deleted again
        out.add(v.withState(InstanceState.TERMINATING));
        if (now.isAfter(t.plus(EXPIRY))) {
          terminated.remove(v.id());
        }
      } else {
        if (t != null) {
          terminated.remove(v.id());
        }
        out.add(v);
      }
    }
    launched.values().removeIf(l -> now.isAfter(l.at().plus(EXPIRY)));
    for (Launched l : launched.values()) {
      out.add(l.view());
    }
    terminated.entrySet().removeIf(e -> !seen.contains(e.getKey()) && now.isAfter(e.getValue().plus(EXPIRY)));
    return out;
  }
}
