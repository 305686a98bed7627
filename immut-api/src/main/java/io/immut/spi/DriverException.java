package io.immut.spi;

import io.immut.api.ImmutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A driver operation failed. Drivers classify every cloud error once, at the edge, into one of the
 * subtypes below; the engine decides from the type alone what to do:
 *
 * <table>
 *   <caption>What the engine does with each type</caption>
 *   <tr><th>type</th><th>engine</th></tr>
 *   <tr><td>{@link Throttled}</td><td>backs off (honouring {@link #retryAfter()}) and slows its rate</td></tr>
 *   <tr><td>{@link Transient}</td><td>retries with exponential backoff and jitter</td></tr>
 *   <tr><td>{@link CapacityUnavailable}</td><td>shrinks the batch and retries, then fails clearly</td></tr>
 *   <tr><td>{@link QuotaExceeded}</td><td>stops the rollout and rolls back what it launched</td></tr>
 *   <tr><td>{@link NotFound}</td><td>fails with the message (a missing image), or treats as gone</td></tr>
 *   <tr><td>{@link InvalidRequest}</td><td>fails: the request will never succeed as it is</td></tr>
 *   <tr><td>{@link AuthFailed}</td><td>fails: fix the credentials or permissions</td></tr>
 * </table>
 *
 * <p>Messages say what happened, on which resource, and what to do; they never contain secrets.
 */
public abstract sealed class DriverException extends ImmutException
    permits DriverException.Throttled, DriverException.Transient, DriverException.QuotaExceeded,
    DriverException.CapacityUnavailable, DriverException.NotFound, DriverException.InvalidRequest,
    DriverException.AuthFailed {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String cloudCode;

  private DriverException(String operation, String cloudCode, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.cloudCode = cloudCode;
  }

  /**
   * The driver operation that failed ({@code launch}, {@code terminate}, {@code list}, …).
   *
   * @return the operation
   */
  public String operation() {
    return operation;
  }

  /**
   * The cloud's own error code ({@code RequestLimitExceeded}, {@code InvalidAMIID.NotFound}).
   *
   * @return the code, or empty when the failure had none (I/O)
   */
  public Optional<String> cloudCode() {
    return Optional.ofNullable(cloudCode);
  }

  /**
   * Whether the same call may succeed later without any change.
   *
   * @return true for {@link Throttled} and {@link Transient}
   */
  public boolean isRetryable() {
    return false;
  }

  /**
   * How long the cloud asked to wait before retrying, when it said.
   *
   * @return the delay, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  /** The cloud throttled the caller: back off and slow down. */
  public static final class Throttled extends DriverException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what happened
     * @param retryAfter the delay the cloud asked for, or null
     * @param cause the underlying error, or null
     */
    public Throttled(String operation, String cloudCode, String message, Duration retryAfter, Throwable cause) {
      super(operation, cloudCode, message, cause);
      this.retryAfter = retryAfter;
    }

    @Override
    public boolean isRetryable() {
      return true;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** A failure that may pass by itself: a 5xx answer, a dropped connection, a timeout. */
  public static final class Transient extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what happened
     * @param cause the underlying error, or null
     */
    public Transient(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }

    @Override
    public boolean isRetryable() {
      return true;
    }
  }

  /** An account quota or limit was reached: nothing more can be launched until it is raised. */
  public static final class QuotaExceeded extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what happened and which quota to raise
     * @param cause the underlying error, or null
     */
    public QuotaExceeded(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }
  }

  /** The cloud has no capacity of the asked type in the asked place right now. */
  public static final class CapacityUnavailable extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what happened (type and zone)
     * @param cause the underlying error, or null
     */
    public CapacityUnavailable(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }
  }

  /** The named resource (an image, an instance) does not exist where it was looked for. */
  public static final class NotFound extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what was not found, and where it was looked for
     * @param cause the underlying error, or null
     */
    public NotFound(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }
  }

  /** The cloud rejected the request as malformed or impossible; retrying it will not help. */
  public static final class InvalidRequest extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what the cloud rejected
     * @param cause the underlying error, or null
     */
    public InvalidRequest(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }
  }

  /** The credentials were refused, or lack a permission the operation needs. */
  public static final class AuthFailed extends DriverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param operation the operation
     * @param cloudCode the cloud's code, or null
     * @param message what was refused and which permission is needed
     * @param cause the underlying error, or null
     */
    public AuthFailed(String operation, String cloudCode, String message, Throwable cause) {
      super(operation, cloudCode, message, cause);
    }
  }
}
