package io.immut.core.internal.execution;

import io.immut.api.ImmutException;

/**
 * The executor cannot go on: the rollout must stop, and what it launched must be rolled back
 * ({@link Kind#QUOTA}, {@link Kind#CAPACITY}) or the rollout fails as it is ({@link Kind#FATAL}:
 * credentials, an invalid request, a missing image).
 */
public final class RolloutStop extends ImmutException {
  private static final long serialVersionUID = 1L;

  /** Why the rollout stops. */
  public enum Kind {
    /** An account quota was reached. */
    QUOTA,
    /** The cloud had no capacity even for the smallest batch, after retries. */
    CAPACITY,
    /** A failure no retry or rollback can help with. */
    FATAL
  }

  /** Why the rollout stops. */
  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind the kind
   * @param message what happened and what to do
   * @param cause the driver's error, or null
   */
  public RolloutStop(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Why the rollout stops.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
