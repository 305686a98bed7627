package io.immut.core.internal.health;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.rollout.HealthProbe;
import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which running instances the cloud reports no health for ({@link HealthStatus#UNKNOWN}: Compute
 * Engine, EC2 without a load balancer's checks) have been observed serving all the same: the load
 * balancer has them in service, or the health probe answered healthy for their generation's check.
 * Such an instance of a generation being replaced counts towards the capacity floor as one the cloud
 * calls healthy does; one never observed serving does not (it may be warming up). An instance the
 * cloud reports unhealthy, or that stops running, is forgotten. Each instance is probed at most once
 * per its check's interval until it answers healthy.
 *
 * <p>Not thread-safe: one watch belongs to one rollout loop.
 */
public final class ServingWatch {
  private final HealthProbe probe;
  private final Set<InstanceId> serving = new HashSet<>();
  private final Map<InstanceId, Instant> probedAt = new HashMap<>();

  /**
   * Creates a watch.
   *
   * @param probe the health probe, or null when there is none
   */
  public ServingWatch(HealthProbe probe) {
    this.probe = probe;
  }

  /**
   * Whether an instance can be observed serving at all: through the load balancer, or with a probe
   * and a check that has a path.
   *
   * @param traffic whether a load balancer's target is managed
   * @param check the health check
   * @return whether anything but the cloud's own status tells
   */
  public boolean canObserve(boolean traffic, HealthCheck check) {
    return traffic || (probe != null && check.path() != null);
  }

  /**
   * Observes the instances, probing those whose probe is due.
   *
   * @param instances the instances to watch (others are forgotten)
   * @param checkOf the health check of an instance's generation
   * @param inService the instances the load balancer has in service (empty without traffic)
   * @param now the time
   * @return the instances observed serving whose cloud health is unknown
   */
  public Set<InstanceId> observe(Collection<InstanceView> instances, Function<InstanceView, HealthCheck> checkOf,
                                 Set<InstanceId> inService, Instant now) {
    Set<InstanceId> seen = new HashSet<>();
    for (InstanceView v : instances) {
      if (v.state() != InstanceState.RUNNING || v.health() != HealthStatus.UNKNOWN) {
        serving.remove(v.id());
        continue;
      }
      seen.add(v.id());
      if (inService.contains(v.id())) {
        serving.add(v.id());
        continue;
      }
      HealthCheck check = checkOf.apply(v);
      if (serving.contains(v.id()) || probe == null || check == null || check.path() == null) {
        continue;
      }
      Instant last = probedAt.get(v.id());
      if (last != null && now.isBefore(last.plus(check.interval()))) {
        continue;
      }
      probedAt.put(v.id(), now);
      if (probe.probe(v, check) == HealthStatus.HEALTHY) {
        serving.add(v.id());
      }
    }
    serving.retainAll(seen);
    probedAt.keySet().retainAll(seen);
    return Set.copyOf(serving);
  }
}
