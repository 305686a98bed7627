package io.immut.spi;

import io.immut.api.Names;
import java.util.Objects;

/**
 * Selects a fleet's owned instances: those tagged with this fleet and this owner.
 *
 * @param fleet the fleet's name
 * @param owner the owner (the immut installation managing the fleet)
 */
public record FleetSelector(String fleet, String owner) {
  /** Validates the fields. */
  public FleetSelector {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(owner, "owner");
    if (!Names.isValidFleetName(fleet)) {
      throw new IllegalArgumentException("'" + fleet + "' is not a fleet name: " + Names.FLEET_ALLOWED);
    }
    Ownership.problemOfOwner(owner).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }
}
