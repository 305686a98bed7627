package io.immut.api;

/**
 * The root of every exception immut throws. Unchecked: callers decide by subtype what they can do
 * about a failure (fix a spec, fix a configuration, wait and retry, give up).
 */
public class ImmutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what happened and what to do.
   *
   * @param message the full, human-readable message
   */
  public ImmutException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message the full, human-readable message
   * @param cause the failure that led to this one
   */
  public ImmutException(String message, Throwable cause) {
    super(message, cause);
  }
}
