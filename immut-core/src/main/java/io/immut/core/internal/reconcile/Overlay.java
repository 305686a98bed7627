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
 * launch, and terminating twice is not an error.
 */
final class Overlay {
  private static final Duration EXPIRY = Duration.ofMinutes(5);

  private record Launched(InstanceView view, Instant at) {}

  private final Map<InstanceId, Launched> launched = new HashMap<>();
  private final Map<InstanceId, Instant> terminated = new HashMap<>();

  void launched(List<InstanceView> views, Instant now) {
    for (InstanceView v : views) {
      launched.put(v.id(), new Launched(v, now));
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
