package io.immut.core.rollout.faults;

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

  Map<String, String> tags(String fleet, String generationId) {
    Map<String, String> t = new LinkedHashMap<>();
    switch (this) {
      case OTHER_OWNER -> {
        t.put("immut:fleet", fleet);
        t.put("immut:generation", generationId);
        t.put("immut:owner", "other");
      }
      case OTHER_FLEET -> {
        t.put("immut:fleet", fleet + "-api");
        t.put("immut:generation", generationId);
        t.put("immut:owner", "immut");
      }
      case FLEET_ONLY -> t.put("immut:fleet", fleet);
      case NO_GENERATION -> {
        t.put("immut:fleet", fleet);
        t.put("immut:owner", "immut");
      }
      case NO_FLEET -> {
        t.put("immut:generation", generationId);
        t.put("immut:owner", "immut");
      }
      case EMPTY_VALUES -> {
        t.put("immut:fleet", "");
        t.put("immut:generation", "");
        t.put("immut:owner", "");
      }
      case UPPER_CASE_KEYS -> {
        t.put("Immut:Fleet", fleet);
        t.put("Immut:Generation", generationId);
        t.put("Immut:Owner", "immut");
      }
      case NAME_ONLY -> t.put("Name", fleet);
    }
    return t;
  }
}
