package io.immut.examples.driver;

/**
 * An error answer of the {@link MapCloud}, with the cloud's own error code, as a cloud SDK would
 * throw it. {@link MapDriver} classifies these codes into {@link io.immut.spi.DriverException}
 * types at its edge.
 */
public class MapCloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The caller sent too many requests. */
  public static final String THROTTLING = "Throttling";
  /** The cloud failed inside; the same call may work later. */
  public static final String INTERNAL_ERROR = "InternalError";
  /** The account's instance limit is reached. */
  public static final String INSTANCE_LIMIT = "InstanceLimitExceeded";
  /** No capacity of the asked type is left. */
  public static final String INSUFFICIENT_CAPACITY = "InsufficientCapacity";
  /** The request is malformed or impossible. */
  public static final String INVALID_PARAMETER = "InvalidParameter";
  /** The credentials are refused. */
  public static final String ACCESS_DENIED = "AccessDenied";
  /** The named image does not exist. */
  public static final String IMAGE_NOT_FOUND = "ImageNotFound";
  /** The named instance does not exist. */
  public static final String INSTANCE_NOT_FOUND = "InstanceNotFound";

  /** The cloud's error code. */
  private final String code;

  /**
   * Creates the error.
   *
   * @param code the cloud's error code, one of the constants of this class
   * @param message what happened
   */
  public MapCloudException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /**
   * The cloud's error code.
   *
   * @return the code
   */
  public String code() {
    return code;
  }
}
