package io.immut.core.history;

/** Where a generation stands in its fleet's history. */
public enum GenerationStatus {
  /** Recorded, and being rolled out (or about to be); not yet serving as the fleet's generation. */
  PENDING,
  /** The fleet's serving generation: the last rollout to it completed. */
  LIVE,
  /** Was live, and has been replaced by a newer generation. */
  RETIRED,
  /** Its rollout failed (a failed health gate, validation or analysis, a quota error) and it never went live. */
  FAILED,
  /** Went live (or partly so) and was rolled back to an earlier generation. */
  ROLLED_BACK
}
