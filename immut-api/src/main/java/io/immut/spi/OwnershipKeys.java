package io.immut.spi;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a driver writes an {@link Ownership} as tags or labels of its cloud, and reads it back. The
 * values need no mapping: {@link Ownership} only admits values valid on every cloud. The keys do:
 * EC2 and Azure accept {@code immut:fleet}, GCE label keys allow only lower-case letters, digits,
 * {@code _} and {@code -}, so a GCE driver uses {@link #DASHED}.
 *
 * <p>A driver encodes with {@link #encode} at launch and decodes every listed resource with
 * {@link #decode}; a resource whose tags do not decode is not owned and is never returned by
 * {@code list}.
 *
 * @param fleet the key of the fleet tag
 * @param generation the key of the generation tag
 * @param owner the key of the owner tag
 * @since 0.2
 */
public record OwnershipKeys(String fleet, String generation, String owner) {
  /** {@code immut:fleet}, {@code immut:generation}, {@code immut:owner}: for EC2 and Azure tags. */
  public static final OwnershipKeys COLON = new OwnershipKeys("immut:fleet", "immut:generation", "immut:owner");
  /** {@code immut-fleet}, {@code immut-generation}, {@code immut-owner}: for GCE labels. */
  public static final OwnershipKeys DASHED = new OwnershipKeys("immut-fleet", "immut-generation", "immut-owner");

  /** Validates the keys. */
  public OwnershipKeys {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(owner, "owner");
    if (fleet.isBlank() || generation.isBlank() || owner.isBlank()) {
      throw new IllegalArgumentException("ownership keys must not be blank");
    }
    if (fleet.equals(generation) || fleet.equals(owner) || generation.equals(owner)) {
      throw new IllegalArgumentException("ownership keys must be three different keys");
    }
  }

  /**
   * The three tags of an ownership.
   *
   * @param ownership the ownership
   * @return the tags, in the order fleet, generation, owner
   */
  public Map<String, String> encode(Ownership ownership) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(fleet, ownership.fleet());
    tags.put(generation, ownership.generationId());
    tags.put(owner, ownership.owner());
    return tags;
  }

  /**
   * Tags for a launched resource: the spec's labels, then the ownership's tags, which win over a
   * label of the same key.
   *
   * @param labels the spec's labels
   * @param ownership the ownership
   * @return the tags
   */
  public Map<String, String> tags(Map<String, String> labels, Ownership ownership) {
    Map<String, String> tags = new HashMap<>(labels);
    tags.putAll(encode(ownership));
    return Map.copyOf(tags);
  }

  /**
   * Reads an ownership back from a resource's tags.
   *
   * @param tags the resource's tags
   * @return the ownership, or empty when a tag is missing or not valid
   */
  public Optional<Ownership> decode(Map<String, String> tags) {
    String f = tags.get(fleet);
    String g = tags.get(generation);
    String o = tags.get(owner);
    if (f == null || g == null || o == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Ownership.of(f, g, o));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /**
   * Whether a resource's tags mark it as owned by the selector's fleet and owner.
   *
   * @param tags the resource's tags
   * @param selector the fleet and owner
   * @return true only when all three tags are present and the fleet and owner match
   */
  public boolean owns(Map<String, String> tags, FleetSelector selector) {
    return decode(tags).map(o -> o.belongsTo(selector)).orElse(false);
  }

  /**
   * Whether a tag key is one of the three.
   *
   * @param key a tag key
   * @return true for an ownership key
   */
  public boolean isOwnershipKey(String key) {
    return fleet.equals(key) || generation.equals(key) || owner.equals(key);
  }

  /**
   * The resource's tags without the ownership tags: the labels a user gave.
   *
   * @param tags the resource's tags
   * @return the other tags
   */
  public Map<String, String> labels(Map<String, String> tags) {
    Map<String, String> out = new HashMap<>();
    tags.forEach((k, v) -> {
      if (!isOwnershipKey(k)) {
        out.put(k, v);
      }
    });
    return Map.copyOf(out);
  }
}
