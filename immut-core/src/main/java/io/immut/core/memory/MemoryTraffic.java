package io.immut.core.memory;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.DriverException;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-memory cloud's load balancer. Targets are free-form names, created on first use. A
 * registered instance is {@code INITIAL} until the cloud reports it healthy, then {@code HEALTHY};
 * {@code UNHEALTHY} when it fails its checks or is stopped; after a deregistration it is
 * {@code DRAINING} for the cloud's drain time, then no longer listed. An instance that is
 * terminated (or lost) is deregistered by the balancer itself at that moment, as cloud load
 * balancers do. Thread-safe.
 */
final class MemoryTraffic implements TrafficRouter {
  private final MemoryCloud cloud;
  private final Account account;
  private final Duration drainTime;
  private final Map<String, Map<InstanceId, Registration>> targets = new HashMap<>();

  MemoryTraffic(MemoryCloud cloud, Account account, Duration drainTime) {
    this.cloud = cloud;
    this.account = account;
    this.drainTime = drainTime;
  }

  @Override
  public void register(String target, Set<InstanceId> ids) {
    Objects.requireNonNull(target, "target");
    cloud.call(Operation.TRAFFIC_REGISTER, () -> {
      synchronized (this) {
        for (InstanceId id : new TreeSet<>(ids)) {
          InstanceState state = account.stateOf(id);
          if (state == null || !state.isLive()) {
            throw new DriverException.InvalidRequest(Operation.TRAFFIC_REGISTER.apiName(), "InvalidTarget", "instance " + id
                + " cannot be registered with target '" + target + "': it is " + (state == null ? "unknown" : state)
                + "; only pending or running instances can take traffic", null);
          }
        }
        Instant now = cloud.clock().now();
        Map<InstanceId, Registration> members = targets.computeIfAbsent(target, t -> new LinkedHashMap<>());
        for (InstanceId id : new TreeSet<>(ids)) {
          members.put(id, new Registration(now, null));
        }
      }
      return null;
    });
  }

  @Override
  public void deregister(String target, Set<InstanceId> ids) {
    Objects.requireNonNull(target, "target");
    cloud.call(Operation.TRAFFIC_DEREGISTER, () -> {
      synchronized (this) {
        Map<InstanceId, Registration> members = targets.get(target);
        if (members != null) {
          Instant now = cloud.clock().now();
          for (InstanceId id : ids) {
            Registration r = members.get(id);
            if (r != null && r.deregisteredAt == null) {
              members.put(id, new Registration(r.registeredAt, now));
            }
          }
        }
      }
      return null;
    });
  }

  @Override
  public Map<InstanceId, TargetHealth> health(String target) {
    Objects.requireNonNull(target, "target");
    return cloud.call(Operation.TRAFFIC_HEALTH, () -> {
      synchronized (this) {
        Map<InstanceId, TargetHealth> health = new LinkedHashMap<>();
        Map<InstanceId, Registration> members = targets.get(target);
        if (members == null) {
          return health;
        }
        Instant now = cloud.clock().now();
        for (Map.Entry<InstanceId, Registration> e : members.entrySet()) {
          Instant gone = account.terminatingAt(e.getKey());
          Registration r = e.getValue();
          if (gone != null && (r.deregisteredAt == null || gone.isBefore(r.deregisteredAt))) {
            e.setValue(new Registration(r.registeredAt, gone));
          }
        }
        members.values().removeIf(r -> r.deregisteredAt != null && !now.isBefore(r.deregisteredAt.plus(drainTime)));
        for (Map.Entry<InstanceId, Registration> e : members.entrySet()) {
          health.put(e.getKey(), e.getValue().deregisteredAt != null ? TargetHealth.DRAINING : healthOf(e.getKey()));
        }
        return health;
      }
    });
  }

  private TargetHealth healthOf(InstanceId id) {
    InstanceState state = account.stateOf(id);
    if (state != InstanceState.RUNNING && state != InstanceState.PROVISIONING) {
      return TargetHealth.UNHEALTHY;
    }
    HealthStatus health = account.healthOf(id);
    return switch (health) {
      case HEALTHY -> TargetHealth.HEALTHY;
      case UNHEALTHY -> TargetHealth.UNHEALTHY;
      case UNKNOWN -> TargetHealth.INITIAL;
    };
  }

  private record Registration(Instant registeredAt, Instant deregisteredAt) {}
}
