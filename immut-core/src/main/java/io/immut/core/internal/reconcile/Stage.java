package io.immut.core.internal.reconcile;

/**
 * How one run of the reconcile loop ended.
 *
 * @param kind the kind of end
 * @param reason why, empty when complete
 */
record Stage(Kind kind, String reason) {
  /** The kinds of end. */
  enum Kind { COMPLETE, GATE_FAILED, QUOTA, CAPACITY, FATAL, ABORTED, ROLLBACK_REQUESTED }

  static Stage complete() {
    return new Stage(Kind.COMPLETE, "");
  }

  boolean isComplete() {
    return kind == Kind.COMPLETE;
  }
}
