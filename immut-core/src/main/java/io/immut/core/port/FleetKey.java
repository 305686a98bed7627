package io.immut.core.port;

import io.immut.spi.CloudScope;
import java.util.Objects;

/**
 * Which fleet a lease or a command is about: the cloud scope the fleet lives in (from
 * {@link io.immut.spi.CloudDriver#scope()}, never from the driver's Java object), the owner and the
 * fleet's name. Two engines whose drivers have equal scopes address the same fleets.
 *
 * @param scope the cloud scope
 * @param owner the owner tag value
 * @param fleet the fleet's name
 * @since 0.2
 */
public record FleetKey(CloudScope scope, String owner, String fleet) {
  /** Validates the fields. */
  public FleetKey {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(fleet, "fleet");
  }

  /**
   * The key as one line, for messages and file names' readers: {@code scope/owner/fleet}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return scope.id() + "/" + owner + "/" + fleet;
  }
}
