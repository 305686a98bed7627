package io.immut.spi;

import io.immut.api.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whose an instance is: the fleet, the generation and the owner (the immut installation that manages
 * the fleet). Every instance immut launches carries it, encoded by the driver in its cloud's tag or
 * label syntax ({@link OwnershipKeys}), and the engine never touches an instance without it.
 *
 * <p>All three parts are validated against the strictest syntax of the three clouds, a GCE label
 * value: lower-case letters, digits, {@code _} and {@code -}, at most 63 characters. So an ownership
 * that can be built can be written to any cloud and read back unchanged.
 *
 * @since 0.2
 */
public final class Ownership {
  /** Owner names: a lower-case letter or digit, then lower-case letters, digits, '_' or '-'; 1-63 characters. */
  public static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** What {@link #OWNER} allows, in words. */
  public static final String OWNER_ALLOWED =
      "1-63 characters: a lower-case letter or digit, then lower-case letters, digits, '_' or '-' (it becomes a label value on every cloud)";
  /** Generation ids: lower-case letters and digits, 1-63 characters (immut's are 10 hex characters). */
  public static final Pattern GENERATION = Pattern.compile("[a-z0-9]{1,63}");

  private final String fleet;
  private final String generationId;
  private final String owner;

  private Ownership(String fleet, String generationId, String owner) {
    List<String> problems = new ArrayList<>();
    problemOfFleet(fleet).ifPresent(problems::add);
    if (generationId == null || !GENERATION.matcher(generationId).matches()) {
      problems.add("generation id " + quote(generationId) + " is not 1-63 lower-case letters or digits");
    }
    problemOfOwner(owner).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid ownership: " + String.join("; ", problems));
    }
    this.fleet = fleet;
    this.generationId = generationId;
    this.owner = owner;
  }

  /**
   * The ownership of one generation of one fleet.
   *
   * @param fleet the fleet's name ({@link Names#FLEET})
   * @param generationId the generation's content id
   * @param owner the owner ({@link #OWNER})
   * @return the ownership
   * @throws IllegalArgumentException naming every part that is invalid
   */
  public static Ownership of(String fleet, String generationId, String owner) {
    return new Ownership(fleet, generationId, owner);
  }

  /**
   * The ownership of one generation of the selector's fleet.
   *
   * @param selector the fleet and owner
   * @param generationId the generation's content id
   * @return the ownership
   */
  public static Ownership of(FleetSelector selector, String generationId) {
    return new Ownership(selector.fleet(), generationId, selector.owner());
  }

  /**
   * Tells why an owner name is invalid.
   *
   * @param owner the candidate, may be null
   * @return the problem, or empty when the name is valid
   */
  public static java.util.Optional<String> problemOfOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      return java.util.Optional.of("owner " + quote(owner) + " is not valid: " + OWNER_ALLOWED);
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> problemOfFleet(String fleet) {
    if (!Names.isValidFleetName(fleet)) {
      return java.util.Optional.of("fleet " + quote(fleet) + " is not a fleet name: " + Names.FLEET_ALLOWED);
    }
    return java.util.Optional.empty();
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "'" + (s.length() > 70 ? s.substring(0, 70) + "…" : s) + "'";
  }

  /**
   * The fleet's name.
   *
   * @return the fleet
   */
  public String fleet() {
    return fleet;
  }

  /**
   * The generation's content id.
   *
   * @return the generation id
   */
  public String generationId() {
    return generationId;
  }

  /**
   * The owner.
   *
   * @return the owner
   */
  public String owner() {
    return owner;
  }

  /**
   * The fleet and owner part.
   *
   * @return the selector of this ownership's fleet
   */
  public FleetSelector selector() {
    return new FleetSelector(fleet, owner);
  }

  /**
   * Whether this ownership belongs to the selector's fleet and owner.
   *
   * @param selector the fleet and owner
   * @return true when both match
   */
  public boolean belongsTo(FleetSelector selector) {
    return fleet.equals(selector.fleet()) && owner.equals(selector.owner());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ownership other && fleet.equals(other.fleet) && generationId.equals(other.generationId)
        && owner.equals(other.owner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fleet, generationId, owner);
  }

  @Override
  public String toString() {
    return "Ownership[fleet=" + fleet + ", generation=" + generationId + ", owner=" + owner + "]";
  }
}
