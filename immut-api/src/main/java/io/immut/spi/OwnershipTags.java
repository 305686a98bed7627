package io.immut.spi;

import java.util.Map;

/**
 * The ownership tags every instance immut launches carries. They are the cloud-side source of
 * truth: the engine finds a fleet's instances by them and never touches an instance without them.
 * A driver whose cloud does not allow ':' in tag keys (GCP labels) maps them to
 * {@code immut-fleet}, {@code immut-generation}, {@code immut-owner} and documents it.
 */
public final class OwnershipTags {
  /** The fleet's name. */
  public static final String FLEET = "immut:fleet";
  /** The generation's content id. */
  public static final String GENERATION = "immut:generation";
  /** The owner: which immut installation manages the fleet (so two accounts' fleets never mix). */
  public static final String OWNER = "immut:owner";
  /** The generation's number, for humans reading the console ({@code 3}). */
  public static final String GENERATION_NUMBER = "immut:generation-number";

  private OwnershipTags() {}

  /**
   * The ownership tags for one generation of one fleet.
   *
   * @param fleet the fleet's name
   * @param generationId the generation's content id
   * @param owner the owner
   * @return the three tags
   */
  public static Map<String, String> of(String fleet, String generationId, String owner) {
    return Map.of(FLEET, fleet, GENERATION, generationId, OWNER, owner);
  }

  /**
   * Whether a set of tags marks a resource as owned by this owner's fleet.
   *
   * @param tags the resource's tags
   * @param selector the fleet and owner
   * @return true only when both the fleet and the owner tag match
   */
  public static boolean isOwned(Map<String, String> tags, FleetSelector selector) {
    return selector.fleet().equals(tags.get(FLEET)) && selector.owner().equals(tags.get(OWNER))
        && tags.containsKey(GENERATION);
  }
}
