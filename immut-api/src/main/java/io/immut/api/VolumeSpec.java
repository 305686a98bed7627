package io.immut.api;

import java.util.Optional;

/**
 * One volume of a generation's instances.
 *
 * @param name the volume's name in the spec ({@code data}, {@code scratch})
 * @param sizeGb its size in GiB, 1 to 65536
 * @param persistence what happens to its data on replacement; {@code null} when not declared
 *     (the state checks report undeclared non-root volumes)
 * @param location where an {@link Persistence#EXTERNAL} volume's data lives (a URI such as
 *     {@code nfs://files.internal/web} or a volume id that outlives the instance); null otherwise
 * @param root whether this is the boot volume (at most one per generation)
 * @param device the device name the cloud should attach it as ({@code /dev/sdf}), or null for the
 *     driver's choice
 */
public record VolumeSpec(String name, int sizeGb, Persistence persistence, String location, boolean root, String device) {

  /** Validates the volume; every problem is reported at once. */
  public VolumeSpec {
    Problems p = new Problems();
    if (p.required("name", name, Names.IDENTIFIER_ALLOWED)) {
      p.matches("name", name, Names.IDENTIFIER, Names.IDENTIFIER_ALLOWED);
    }
    p.range("sizeGb", sizeGb, 1, 65_536);
    if (location != null && persistence != Persistence.EXTERNAL) {
      p.add("location", "a location is given but the persistence is " + persistence,
          "a location only with persistence EXTERNAL");
    }
    if (location != null && location.isBlank()) {
      p.add("location", "is blank", "a URI or resource id naming where the data lives");
    }
    if (root && persistence != null && persistence != Persistence.EPHEMERAL) {
      p.add("persistence", "the root volume is declared " + persistence,
          "EPHEMERAL or nothing for the root volume: it is rebuilt from the image on every replacement");
    }
    p.throwIfAny("volume spec");
  }

  /**
   * A non-root data volume.
   *
   * @param name the volume's name
   * @param sizeGb its size in GiB
   * @param persistence what happens to its data on replacement
   * @return the volume spec
   */
  public static VolumeSpec data(String name, int sizeGb, Persistence persistence) {
    return new VolumeSpec(name, sizeGb, persistence, null, false, null);
  }

  /**
   * A data volume whose data lives elsewhere.
   *
   * @param name the volume's name
   * @param sizeGb its size in GiB
   * @param location where the data lives
   * @return the volume spec
   */
  public static VolumeSpec external(String name, int sizeGb, String location) {
    return new VolumeSpec(name, sizeGb, Persistence.EXTERNAL, location, false, null);
  }

  /**
   * The root (boot) volume.
   *
   * @param sizeGb its size in GiB
   * @return the root volume spec, ephemeral by nature
   */
  public static VolumeSpec root(int sizeGb) {
    return new VolumeSpec("root", sizeGb, Persistence.EPHEMERAL, null, true, null);
  }

  /**
   * Returns the declared persistence.
   *
   * @return the persistence, or empty when the spec did not declare one
   */
  public Optional<Persistence> declaredPersistence() {
    return Optional.ofNullable(persistence);
  }

  /**
   * Whether the volume's data dies with its instance: true unless it is declared
   * {@link Persistence#EXTERNAL}. A driver creates volumes only for the others, always deleted with
   * the instance; for an {@code EXTERNAL} volume it attaches the resource its {@link #location()}
   * names where the cloud can share it, or creates nothing and leaves the mount to the instance
   * (a network share). It never creates a new volume that outlives the instance: each replacement
   * would leave one behind.
   *
   * @return false only for {@code EXTERNAL} volumes
   */
  public boolean deleteOnTermination() {
    return persistence != Persistence.EXTERNAL;
  }

}
