package io.immut.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One VM of one generation of one fleet, as the engine sees it.
 *
 * @param id the cloud's instance id
 * @param fleet the fleet it belongs to (its {@code immut:fleet} tag)
 * @param generationId the content id of its generation (its {@code immut:generation} tag)
 * @param state its life-cycle state
 * @param health its health
 * @param instanceType its instance type
 * @param imageId the id of the image it runs
 * @param zone its zone, or null when unknown
 * @param launchedAt when it was launched
 * @param address its private address, or null while it has none
 */
public record Instance(InstanceId id, String fleet, String generationId, InstanceState state, HealthStatus health,
                       String instanceType, String imageId, String zone, Instant launchedAt, String address) {

  /** Validates the required fields. */
  public Instance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(state, "state");
    health = health == null ? HealthStatus.UNKNOWN : health;
  }

  /**
   * Whether it is running and healthy: it counts towards the fleet's healthy capacity.
   *
   * @return true when running and healthy
   */
  public boolean isHealthy() {
    return state == InstanceState.RUNNING && health == HealthStatus.HEALTHY;
  }
}
