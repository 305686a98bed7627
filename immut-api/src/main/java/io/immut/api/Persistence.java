package io.immut.api;

/**
 * What happens to a volume's data when its instance is replaced. Every non-root volume of a
 * generation should declare one: the state checks refuse to replace instances whose data would
 * otherwise be lost silently.
 */
public enum Persistence {
  /** Scratch data: it is deleted with the instance, and that is intended (caches, temp files). */
  EPHEMERAL,
  /**
   * The data lives outside the instance (a network file share, a managed database, a volume that
   * outlives the instance); the volume spec names where with its {@code location}.
   */
  EXTERNAL,
  /** The data lives only on this instance and dies with it: a replacement loses it. */
  LOCAL
}
