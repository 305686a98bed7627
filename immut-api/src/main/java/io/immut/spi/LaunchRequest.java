package io.immut.spi;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to launch instances of one generation.
 *
 * @param token the idempotency token: the same token must never launch twice (EC2
 *     {@code ClientToken}, GCE {@code requestId}, deterministic Azure names). The engine derives it
 *     from fleet, generation and wave, at most 64 ASCII characters
 * @param selector the fleet and owner the instances belong to
 * @param generationId the content id of the generation
 * @param spec the generation spec (instance type, user data, volumes, placement, labels)
 * @param image the resolved image to boot from
 * @param count how many instances, at least 1
 */
public record LaunchRequest(String token, FleetSelector selector, String generationId, GenerationSpec spec, Image image,
                            int count) {
  /** Validates the request. */
  public LaunchRequest {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(image, "image");
    if (token.isEmpty() || token.length() > 64 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("a launch token is 1-64 printable ASCII characters, got '" + token + "'");
    }
    if (count < 1) {
      throw new IllegalArgumentException("a launch asks for at least one instance, got " + count);
    }
  }

  /**
   * The tags every launched instance (and, where possible, volume) carries: the spec's labels,
   * then the ownership tags, which win over any label of the same key.
   *
   * @return the tags
   */
  public Map<String, String> tags() {
    Map<String, String> tags = new HashMap<>(spec.labels());
    tags.putAll(OwnershipTags.of(selector.fleet(), generationId, selector.owner()));
    return Map.copyOf(tags);
  }
}
