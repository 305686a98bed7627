package io.immut.core.rollout.faults;

/**
 * One broken invariant.
 *
 * @param kind its class
 * @param detail what was seen, and when
 */
record Violation(FailureClass kind, String detail) {
  @Override
  public String toString() {
    return kind + ": " + detail;
  }
}
