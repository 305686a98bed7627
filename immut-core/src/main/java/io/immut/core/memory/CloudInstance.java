package io.immut.core.memory;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One instance of the in-memory cloud as a test sees it from the outside: owned or foreign, with
 * all its tags as the cloud stores them. (What a driver lists is an
 * {@link io.immut.spi.InstanceView}: owned instances only, with their ownership decoded.)
 *
 * @param id the instance's id
 * @param state its state now
 * @param health its health now
 * @param instanceType its type
 * @param imageId its image
 * @param tags every tag, the ownership tags in the cloud's encoding among them
 * @param zone its zone
 * @param launchedAt when it was launched
 * @param privateAddress its private address
 * @param publicAddress its public address, or null
 * @param generationId the value of its generation tag, or null
 * @param fleet the value of its fleet tag, or null
 */
public record CloudInstance(InstanceId id, InstanceState state, HealthStatus health, String instanceType, String imageId,
                            Map<String, String> tags, String zone, Instant launchedAt, String privateAddress,
                            String publicAddress, String generationId, String fleet) {
  /** Validates and copies the fields. */
  public CloudInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    tags = Map.copyOf(tags);
  }
}
