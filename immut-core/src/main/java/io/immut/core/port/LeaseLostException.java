package io.immut.core.port;

import io.immut.api.ImmutException;

/**
 * A rollout's fleet lease is no longer held (released, expired or taken over by another process):
 * the rollout makes no further change.
 *
 * @since 0.2
 */
public final class LeaseLostException extends ImmutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which fleet and what happened
   */
  public LeaseLostException(String message) {
    super(message);
  }
}
