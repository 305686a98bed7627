package io.immut.driver.aws;

import io.immut.api.Redaction;
import io.immut.spi.DriverException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Classifies every AWS error once, at the edge, into the {@link DriverException} the engine acts
 * on. The codes are EC2's and ELBv2's own (the EC2 API reference's error code list); anything
 * unknown is classified by its HTTP status: 5xx is transient, 401/403 is an authorization failure,
 * any other 4xx an invalid request. An answer that never came (I/O, a timeout) is transient.
 */
public final class AwsErrors {

  /** Codes that mean "slow down". */
  static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
      "ThrottledException", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
      "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete", "BandwidthLimitExceeded",
      "EC2ThrottledException");
  /** Codes that mean "no capacity of that type in that place right now". */
  static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
      "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity", "InsufficientVolumeCapacity",
      "InsufficientCapacityOnHost");
  /** Codes that mean "an account limit is reached". */
  static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded", "VolumeLimitExceeded",
      "MaxIOPSLimitExceeded", "MaxSpotInstanceCountExceeded", "AddressLimitExceeded", "ResourceLimitExceeded",
      "TooManyTargets", "TooManyRegistrationsForTargetId");
  /** Codes that mean "the credentials are refused or lack a permission". */
  static final Set<String> AUTH = Set.of("AuthFailure", "UnauthorizedOperation", "InvalidClientTokenId",
      "SignatureDoesNotMatch", "AccessDenied", "AccessDeniedException", "ExpiredToken", "ExpiredTokenException",
      "OptInRequired", "Blocked", "MissingAuthenticationToken", "UnrecognizedClientException", "PendingVerification");
  /** Codes of a failure on AWS's side that may pass. */
  static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
      "ServerInternal", "ServiceUnavailableException", "InternalServiceError");
  /** Codes of a missing resource besides {@code *.NotFound} and {@code InvalidAMIID.*}. */
  static final Set<String> NOT_FOUND = Set.of("TargetGroupNotFound", "LoadBalancerNotFound", "InvalidTarget");

  /**
   * Codes of an EC2 implementation that does not offer an action or does not know an instance
   * type: the optional reads (status checks, instance-store disks) then report nothing.
   */
  static final Set<String> UNSUPPORTED = Set.of("InvalidAction", "UnsupportedOperation", "NotImplemented",
      "InvalidInstanceType");

  /** The code of an instance EC2 does not know (yet). */
  static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";

  private final String region;

  /**
   * An error mapper for one region, named in messages.
   *
   * @param region the region, or null when unknown
   */
  public AwsErrors(String region) {
    this.region = region == null ? "the configured region" : region;
  }

  /**
   * Classifies an SDK error.
   *
   * @param operation the driver operation ({@code launch}, {@code list}, …)
   * @param action the AWS action that failed ({@code RunInstances})
   * @param subject what the call was about, for the message ({@code image ami-1}, {@code fleet web})
   * @param e the SDK's error
   * @return the driver exception to throw
   */
  public DriverException map(String operation, String action, String subject, SdkException e) {
    return map(operation, action, subject, e, false);
  }

  /**
   * Classifies an SDK error, knowing whether the instances concerned were launched so recently
   * that EC2's eventual consistency may not show them yet: then {@code InvalidInstanceID.NotFound}
   * is transient, not a failure.
   *
   * @param operation the driver operation
   * @param action the AWS action that failed
   * @param subject what the call was about
   * @param e the SDK's error
   * @param recentlyLaunched whether the instances were launched within the consistency window
   * @return the driver exception to throw
   */
  public DriverException map(String operation, String action, String subject, SdkException e, boolean recentlyLaunched) {
    if (e instanceof SdkServiceException se) {
      return mapService(operation, action, subject, se, recentlyLaunched);
    }
    String what = e instanceof SdkClientException ? "no answer" : "a failure";
    return new DriverException.Transient(operation, null, action + " on " + subject + " in " + region + " got " + what
        + " (" + Redaction.scrub(e.getMessage()) + "); it may pass: the call can be retried", e);
  }

  private DriverException mapService(String operation, String action, String subject, SdkServiceException e,
                                     boolean recent) {
    String code = code(e);
    int status = e.statusCode();
    String cloudMessage = Redaction.scrub(cloudMessage(e));
    String head = action + " on " + subject + " in " + region + " failed: " + (code == null ? "HTTP " + status : code)
        + (cloudMessage.isEmpty() ? "" : " (" + cloudMessage + ")") + requestId(e);
    if (code != null && THROTTLING.contains(code) || status == 429 || e.isThrottlingException()) {
      return new DriverException.Throttled(operation, code, head + "; AWS throttles this account's API calls: slow down and retry",
          null, e);
    }
    if (code != null && CAPACITY.contains(code)) {
      return new DriverException.CapacityUnavailable(operation, code, head
          + "; EC2 has no capacity of this type in this zone now: retry smaller, later, or with another type or zone", e);
    }
    if (code != null && QUOTA.contains(code)) {
      return new DriverException.QuotaExceeded(operation, code, head
          + "; an account limit is reached: raise it in Service Quotas for " + region + " or lower the fleet's size", e);
    }
    if (code != null && AUTH.contains(code) || status == 401 || status == 403) {
      return new DriverException.AuthFailed(operation, code, head
          + "; check the credentials and that they carry the IAM policy of docs/drivers/aws.md", e);
    }
    if (INSTANCE_NOT_FOUND.equals(code) && recent) {
      return new DriverException.Transient(operation, code, head
          + "; the instance was launched moments ago and EC2 is eventually consistent: retry shortly", e);
    }
    if (code != null && (code.endsWith(".NotFound") || code.startsWith("InvalidAMIID.") || NOT_FOUND.contains(code))) {
      return new DriverException.NotFound(operation, code, head, e);
    }
    if (code != null && TRANSIENT.contains(code) || status >= 500) {
      return new DriverException.Transient(operation, code, head + "; a failure on AWS's side: the call can be retried", e);
    }
    return new DriverException.InvalidRequest(operation, code, head + "; AWS will not accept this request as it is", e);
  }

  /**
   * The AWS error code of an error, when it has one.
   *
   * @param e the error
   * @return the code, or null
   */
  static String code(SdkException e) {
    if (e instanceof AwsServiceException ae && ae.awsErrorDetails() != null) {
      String c = ae.awsErrorDetails().errorCode();
      return c == null || c.isBlank() ? null : c;
    }
    return null;
  }

  private static String cloudMessage(SdkServiceException e) {
    if (e instanceof AwsServiceException ae && ae.awsErrorDetails() != null && ae.awsErrorDetails().errorMessage() != null) {
      return ae.awsErrorDetails().errorMessage();
    }
    return "";
  }

  private static String requestId(SdkServiceException e) {
    return e.requestId() == null || e.requestId().isBlank() ? "" : " [request id " + e.requestId() + "]";
  }
}
