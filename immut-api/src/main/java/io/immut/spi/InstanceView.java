package io.immut.spi;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One instance as the driver sees it: the raw facts the engine compares with the desired state.
 *
 * @param id the cloud's instance id
 * @param state the life-cycle state, mapped from the cloud's
 * @param health the cloud's own status checks, {@link HealthStatus#UNKNOWN} when it has none
 * @param instanceType the instance type it runs as now
 * @param imageId the id of the image it runs
 * @param tags all its tags (the ownership tags among them)
 * @param zone its zone, or null
 * @param launchedAt when it was launched
 * @param privateAddress its private address, or null
 * @param publicAddress its public address, or null
 */
public record InstanceView(InstanceId id, InstanceState state, HealthStatus health, String instanceType, String imageId,
                           Map<String, String> tags, String zone, Instant launchedAt, String privateAddress,
                           String publicAddress) {
  /** Validates and copies the fields. */
  public InstanceView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    health = health == null ? HealthStatus.UNKNOWN : health;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /**
   * The value of its {@link OwnershipTags#GENERATION} tag.
   *
   * @return the generation id, or null when untagged
   */
  public String generationId() {
    return tags.get(OwnershipTags.GENERATION);
  }

  /**
   * The value of its {@link OwnershipTags#FLEET} tag.
   *
   * @return the fleet, or null when untagged
   */
  public String fleet() {
    return tags.get(OwnershipTags.FLEET);
  }
}
