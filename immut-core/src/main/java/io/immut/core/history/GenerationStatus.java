package io.immut.core.history;

/** Where a generation stands in its fleet's history. */
public enum GenerationStatus {
  /** Recorded, being rolled out. */
  PENDING,
  /** The generation the fleet runs. */
  LIVE,
  /** Was live, replaced by a newer generation. */
  RETIRED,
  /** Failed its rollout (health gate, validation, analysis, quota, capacity) and was rolled back. */
  FAILED,
  /** Was live, and was rolled back to the previous generation on request. */
  ROLLED_BACK
}
