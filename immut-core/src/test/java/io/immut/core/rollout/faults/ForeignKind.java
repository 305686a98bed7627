package io.immut.core.rollout.faults;

import io.immut.spi.OwnershipKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/** Instances the engine must never touch: they lack this fleet's full ownership, in several ways. */
enum ForeignKind {
  /** This fleet and a generation, another owner. */
  OTHER_OWNER,
  /** Owned by immut, of another fleet. */
  OTHER_FLEET,
  /** Only the fleet tag. */
  FLEET_ONLY,
  /** Fleet and owner, no generation. */
  NO_GENERATION,
  /** Owner and generation, no fleet. */
  NO_FLEET,
  /** Full tags with empty values. */
  EMPTY_VALUES,
  /** Ownership keys in another case. */
  UPPER_CASE_KEYS,
  /** Only a Name tag that happens to be the fleet's name. */
  NAME_ONLY;

  /** The tags in the syntax of the cloud's ownership keys ({@code immut:fleet} or GCE's {@code immut-fleet}). */
  Map<String, String> tags(OwnershipKeys keys, String fleet, String generationId) {
    String f = keys.fleet();
    String g = keys.generation();
    String o = keys.owner();
    Map<String, String> t = new LinkedHashMap<>();
    switch (this) {
      case OTHER_OWNER -> {
        t.put(f, fleet);
        t.put(g, generationId);
        t.put(o, "other");
      }
      case OTHER_FLEET -> {
        t.put(f, fleet + "-api");
        t.put(g, generationId);
        t.put(o, "immut");
      }
      case FLEET_ONLY -> t.put(f, fleet);
      case NO_GENERATION -> {
        t.put(f, fleet);
        t.put(o, "immut");
      }
      case NO_FLEET -> {
        t.put(g, generationId);
        t.put(o, "immut");
      }
      case EMPTY_VALUES -> {
        t.put(f, "");
        t.put(g, "");
        t.put(o, "");
      }
      case UPPER_CASE_KEYS -> {
        t.put(capitalized(f), fleet);
        t.put(capitalized(g), generationId);
        t.put(capitalized(o), "immut");
      }
      case NAME_ONLY -> t.put("Name", fleet);
    }
    return t;
  }

  /** {@code immut:fleet} as {@code Immut:Fleet}, {@code immut-fleet} as {@code Immut-Fleet}. */
  private static String capitalized(String key) {
    StringBuilder b = new StringBuilder(key);
    b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
    for (int i = 1; i < b.length(); i++) {
      if (!Character.isLetterOrDigit(b.charAt(i - 1))) {
        b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
      }
    }
    return b.toString();
  }
}
