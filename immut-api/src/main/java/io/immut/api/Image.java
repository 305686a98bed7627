package io.immut.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved machine image: immutable metadata as the cloud reports it. An image never changes;
 * a change to a server is a new image.
 *
 * @param id the cloud's id for the image ({@code ami-0abc…})
 * @param name the image's name
 * @param version a version label when the image carries one, else empty
 * @param createdAt when the image was created, when known
 * @param labels provenance labels (the git commit it was baked from, the build number, …)
 */
public record Image(String id, String name, String version, Instant createdAt, Map<String, String> labels) {

  /** Validates and copies the fields. */
  public Image {
    Objects.requireNonNull(id, "id");
    name = name == null ? id : name;
    version = version == null ? "" : version;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * Returns when the image was created, if the cloud said.
   *
   * @return the creation time, or empty
   */
  public Optional<Instant> created() {
    return Optional.ofNullable(createdAt);
  }
}
