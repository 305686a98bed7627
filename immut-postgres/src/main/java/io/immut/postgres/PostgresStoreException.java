package io.immut.postgres;

import io.immut.api.ImmutException;

/**
 * The fleet store's database cannot be used: it cannot be reached, refuses the credentials, holds a
 * schema newer than this version of immut, or failed a statement. The message says which database
 * (its URL without credentials), what happened and what to do; the driver's exception is the cause.
 *
 * @since 0.2
 */
public final class PostgresStoreException extends ImmutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, where, and the fix
   * @param cause the underlying failure, or null
   */
  public PostgresStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
