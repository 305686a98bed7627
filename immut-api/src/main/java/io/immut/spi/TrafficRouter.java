package io.immut.spi;

import io.immut.api.InstanceId;
import java.util.Map;
import java.util.Set;

/**
 * A driver's load-balancer integration: which instances of a target take traffic. A target is
 * the cloud's name for a group of backends (an ELBv2 target group ARN, an Azure backend pool id,
 * a GCP backend service). Every method is idempotent.
 */
public interface TrafficRouter {

  /**
   * Adds instances to a target; already registered instances are left as they are.
   *
   * @param target the target
   * @param ids the instances
   */
  void register(String target, Set<InstanceId> ids);

  /**
   * Removes instances from a target; instances not registered are ignored.
   *
   * @param target the target
   * @param ids the instances
   */
  void deregister(String target, Set<InstanceId> ids);

  /**
   * Reads the target's registered instances and their health as the load balancer sees it.
   *
   * @param target the target
   * @return every registered instance with its health
   */
  Map<InstanceId, TargetHealth> health(String target);

  /** Health of one backend as the load balancer reports it. */
  enum TargetHealth {
    /** Registering, or within the balancer's initial checks. */
    INITIAL,
    /** Passing the balancer's checks: takes traffic. */
    HEALTHY,
    /** Failing the balancer's checks. */
    UNHEALTHY,
    /** Being removed; finishing its connections. */
    DRAINING
  }
}
