package io.immut.core.memory;

import io.immut.spi.DriverException;
import java.time.Duration;

/** The kinds of failure {@link Faults} can inject, one per {@link DriverException} subtype. */
public enum FaultKind {
  /** {@link DriverException.Throttled}, with a retry-after of one second. */
  THROTTLED("RequestLimitExceeded"),
  /** {@link DriverException.Transient}: an internal error that passes by itself. */
  TRANSIENT("InternalError"),
  /** {@link DriverException.QuotaExceeded}: an account limit. */
  QUOTA("InstanceLimitExceeded"),
  /** {@link DriverException.CapacityUnavailable}: no capacity for the type. */
  CAPACITY("InsufficientInstanceCapacity"),
  /** {@link DriverException.NotFound}. */
  NOT_FOUND("NotFound"),
  /** {@link DriverException.InvalidRequest}. */
  INVALID_REQUEST("InvalidParameterValue"),
  /** {@link DriverException.AuthFailed}. */
  AUTH("UnauthorizedOperation");

  /** The retry-after an injected {@link #THROTTLED} failure carries. */
  public static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(1);

  private final String cloudCode;

  FaultKind(String cloudCode) {
    this.cloudCode = cloudCode;
  }

  /**
   * The EC2 error code of this kind, which injected failures carry under {@link CloudBehaviour#EC2}
   * (each behaviour has its own).
   *
   * @return the code
   */
  public String cloudCode() {
    return cloudCode;
  }

  /**
   * Builds the exception of this kind.
   *
   * @param operation the failing operation
   * @param message what happened
   * @return the exception, to be thrown by the caller
   */
  public DriverException exception(Operation operation, String message) {
    return exception(operation, cloudCode, message);
  }

  /** The exception of this kind with another cloud's code. */
  DriverException exception(Operation operation, String cloudCode, String message) {
    String op = operation.apiName();
    return switch (this) {
      case THROTTLED -> new DriverException.Throttled(op, cloudCode, message, THROTTLE_RETRY_AFTER, null);
      case TRANSIENT -> new DriverException.Transient(op, cloudCode, message, null);
      case QUOTA -> new DriverException.QuotaExceeded(op, cloudCode, message, null);
      case CAPACITY -> new DriverException.CapacityUnavailable(op, cloudCode, message, null);
      case NOT_FOUND -> new DriverException.NotFound(op, cloudCode, message, null);
      case INVALID_REQUEST -> new DriverException.InvalidRequest(op, cloudCode, message, null);
      case AUTH -> new DriverException.AuthFailed(op, cloudCode, message, null);
    };
  }
}
