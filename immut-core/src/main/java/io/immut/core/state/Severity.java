package io.immut.core.state;

/** How serious a state finding is. */
public enum Severity {
  /**
   * Data or service would be lost by the replacement: a rollout refuses to start until the finding
   * is fixed or acknowledged in the spec's state policy.
   */
  BLOCKER,
  /** Something bound to the instance would be lost or left behind; the rollout goes on. */
  WARNING,
  /** Worth knowing; nothing is lost. */
  INFO
}
