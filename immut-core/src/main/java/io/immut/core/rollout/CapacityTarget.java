package io.immut.core.rollout;

import io.immut.api.FleetSpec;
import java.time.Instant;

/**
 * How many instances a fleet should run right now. The engine asks at every step of its reconcile
 * loop; the default is the spec's {@code capacity().desired()}. An autoscaler plugs in here.
 */
@FunctionalInterface
public interface CapacityTarget {

  /** The spec's own desired capacity. */
  CapacityTarget SPEC = (spec, now) -> spec.capacity().desired();

  /**
   * The desired number of instances.
   *
   * @param spec the fleet's spec
   * @param now the engine's clock
   * @return 0 or more
   */
  int desired(FleetSpec spec, Instant now);

  /**
   * Why the latest answer for a fleet is what it is, for the engine's
   * {@link RolloutEvent.CapacityChanged} event. An autoscaler names the deciding policy and the
   * metric value it read.
   *
   * @param fleet the fleet
   * @return the reason, or empty when there is none to tell
   */
  default java.util.Optional<String> reason(String fleet) {
    return java.util.Optional.empty();
  }

  /**
   * The target generation's instances to remove first when the fleet has more than it needs (idle
   * ones, under the fleet's idle-reaping rule), in order. The engine still never goes below the
   * desired capacity, and removes unready instances before any of these.
   *
   * @param spec the fleet's spec
   * @param instances the fleet's instances as observed
   * @param now the engine's clock
   * @return the ids, first to go first; empty for the engine's default order (newest first)
   */
  default java.util.List<io.immut.api.InstanceId> removeFirst(FleetSpec spec, java.util.List<io.immut.spi.InstanceView> instances,
                                                             Instant now) {
    return java.util.List.of();
  }
}
