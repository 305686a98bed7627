package io.immut.spi;

import java.util.Objects;

/**
 * Which resources a driver acts on: the cloud account (and region, subscription, project) as one
 * id. Two drivers with equal scopes see the same instances, so the engine gives them the same fleet
 * leases whatever Java objects they are (a driver, and the same driver behind a
 * {@link ForwardingCloudDriver}). A process-local scope (the in-memory cloud) lives in this JVM
 * only: its leases need no host-wide lock.
 *
 * @param id the scope's id, such as {@code aws:123456789012:eu-west-1}; never a secret
 * @param processLocal whether the resources exist in this process only
 * @since 0.2
 */
public record CloudScope(String id, boolean processLocal) {
  /** Validates the fields. */
  public CloudScope {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a cloud scope's id must not be blank");
    }
  }

  /**
   * A scope shared across processes (a real cloud account).
   *
   * @param id the scope's id
   * @return the scope
   */
  public static CloudScope shared(String id) {
    return new CloudScope(id, false);
  }
}
