package io.immut.driver.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.immut.api.Redaction;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies every Azure Resource Manager error once, at the edge, into the
 * {@link DriverException} the engine acts on. The codes are ARM's and Compute's own (the error
 * body {@code {"error":{"code","message","details"}}}); anything unknown is classified by its HTTP
 * status: 429 is throttling, 5xx transient, 401/403 an authorization failure, 404 not found, any
 * other 4xx an invalid request. An answer that never came (I/O, a timeout) is transient.
 */
public final class AzureErrors {

  /** Codes that mean "no capacity of that size in that place right now". */
  static final Set<String> CAPACITY = Set.of("AllocationFailed", "ZonalAllocationFailed", "SkuNotAvailable",
      "OverconstrainedAllocationRequest", "OverconstrainedZonalAllocationRequest");
  /** Codes that mean "a subscription limit is reached" ({@code OperationNotAllowed} only when about a quota). */
  static final Set<String> QUOTA = Set.of("QuotaExceeded", "OperationNotAllowed");
  /** Codes that mean "the credentials are refused or lack a permission". */
  static final Set<String> AUTH = Set.of("AuthorizationFailed", "AuthenticationFailed", "InvalidAuthenticationToken",
      "InvalidAuthenticationTokenTenant", "ExpiredAuthenticationToken", "LinkedAuthorizationFailed");
  /** Codes of a missing resource. */
  static final Set<String> NOT_FOUND = Set.of("ResourceNotFound", "NotFound", "ImageNotFound", "PlatformImageNotFound",
      "ResourceGroupNotFound", "GalleryImageNotFound", "ParentResourceNotFound", "SubscriptionNotFound");
  /** Codes that mean "slow down". */
  static final Set<String> THROTTLING = Set.of("TooManyRequests", "RetryableError", "SubscriptionRequestsThrottled",
      "OperationPreempted");
  /** Codes of a failure on Azure's side that may pass. */
  static final Set<String> TRANSIENT = Set.of("InternalServerError", "InternalExecutionError", "ServiceUnavailable",
      "GatewayTimeout", "Conflict", "AnotherOperationInProgress");

  private final String where;
  private final DriverClock clock;

  /**
   * An error mapper for one resource group and location, named in messages.
   *
   * @param where the resource group and location, for messages
   * @param clock the engine's clock, to turn an HTTP-date {@code Retry-After} into a duration
   */
  public AzureErrors(String where, DriverClock clock) {
    this.where = where;
    this.clock = clock;
  }

  /**
   * Classifies an SDK error.
   *
   * @param operation the driver operation ({@code launch}, {@code list}, …)
   * @param action the ARM request that failed ({@code PUT virtualMachines})
   * @param subject what the call was about, for the message ({@code VM web-abc}, {@code fleet web})
   * @param e the SDK's error
   * @return the driver exception to throw
   */
  public DriverException map(String operation, String action, String subject, RuntimeException e) {
    if (e instanceof DriverException de) {
      return de;
    }
    if (!(e instanceof HttpResponseException he) || he.getResponse() == null) {
      return new DriverException.Transient(operation, null, action + " on " + subject + " in " + where
          + " got no answer (" + Redaction.scrub(String.valueOf(e.getMessage())) + "); it may pass: the call can be retried", e);
    }
    HttpResponse response = he.getResponse();
    int status = response.getStatusCode();
    ManagementError error = e instanceof ManagementException me ? me.getValue() : null;
    String code = error == null || error.getCode() == null || error.getCode().isBlank() ? null : error.getCode();
    String cloudMessage = error == null || error.getMessage() == null ? "" : Redaction.scrub(error.getMessage());
    String detail = detailCode(error);
    String requestId = response.getHeaderValue("x-ms-request-id");
    String head = action + " on " + subject + " in " + where + " failed: " + (code == null ? "HTTP " + status : code)
        + (detail == null ? "" : "/" + detail) + (cloudMessage.isEmpty() ? "" : " (" + cloudMessage + ")")
        + (requestId == null ? "" : " [request id " + requestId + "]");
    String effective = detail != null && (CAPACITY.contains(detail) || QUOTA.contains(detail)) ? detail : code;
    if (status == 429 || effective != null && THROTTLING.contains(effective)) {
      return new DriverException.Throttled(operation, code, head + "; Azure Resource Manager throttles this subscription's"
          + " requests" + remaining(response) + ": slow down and retry", retryAfter(response), e);
    }
    if (effective != null && CAPACITY.contains(effective)) {
      return new DriverException.CapacityUnavailable(operation, effective, head
          + "; Azure has no capacity of this size here now: retry later, smaller, or with another size or zone", e);
    }
    if (effective != null && QUOTA.contains(effective) && isQuota(effective, cloudMessage)) {
      return new DriverException.QuotaExceeded(operation, effective, head
          + "; a subscription quota is reached: request more in the portal (Quotas) or lower the fleet's size", e);
    }
    if (code != null && AUTH.contains(code) || status == 401 || status == 403) {
      return new DriverException.AuthFailed(operation, code, head
          + "; check the credentials and that they hold the custom role of docs/drivers/azure.md on the resource group", e);
    }
    if (code != null && NOT_FOUND.contains(code) || status == 404) {
      return new DriverException.NotFound(operation, code, head, e);
    }
    if (code != null && TRANSIENT.contains(code) || status >= 500) {
      return new DriverException.Transient(operation, code, head + "; a failure on Azure's side: the call can be retried", e);
    }
    return new DriverException.InvalidRequest(operation, code, head + "; Azure will not accept this request as it is", e);
  }

  /**
   * The launch failure a provisioning error code means, for instances that failed after Azure
   * accepted them.
   *
   * @param code the error code ({@code AllocationFailed}), or null when unknown
   * @param message Azure's message, or null
   * @return the launch failure
   */
  static LaunchFailure launchFailure(String code, String message) {
    String text = (code == null ? "provisioning failed" : code) + (message == null || message.isBlank() ? ""
        : ": " + Redaction.scrub(message));
    if (code != null && CAPACITY.contains(code)) {
      return LaunchFailure.capacity(text);
    }
    if (code != null && QUOTA.contains(code) && isQuota(code, message)) {
      return LaunchFailure.quota(text);
    }
    if (code != null && (code.contains("Image") || code.contains("image"))) {
      return new LaunchFailure(LaunchFailure.Reason.IMAGE, text);
    }
    return new LaunchFailure(LaunchFailure.Reason.OTHER, text);
  }

  private static boolean isQuota(String code, String message) {
    return !"OperationNotAllowed".equals(code) || message != null && message.toLowerCase(Locale.ROOT).contains("quota");
  }

  private static String detailCode(ManagementError error) {
    if (error == null || error.getDetails() == null) {
      return null;
    }
    for (ManagementError d : error.getDetails()) {
      if (d.getCode() != null && (CAPACITY.contains(d.getCode()) || QUOTA.contains(d.getCode()))) {
        return d.getCode();
      }
    }
    return null;
  }

  private static String remaining(HttpResponse response) {
    StringBuilder b = new StringBuilder();
    for (var h : response.getHeaders()) {
      if (h.getName().toLowerCase(Locale.ROOT).startsWith("x-ms-ratelimit-remaining-")) {
        b.append(b.length() == 0 ? " (" : ", ").append(h.getName()).append(": ").append(h.getValue());
      }
    }
    return b.length() == 0 ? "" : b.append(')').toString();
  }

  /**
   * The wait {@code Retry-After} asks for: seconds, or an HTTP date measured on the engine's clock.
   *
   * @param response the throttled response
   * @return the wait, or null when the header is absent or unreadable
   */
  Duration retryAfter(HttpResponse response) {
    String v = response.getHeaderValue("Retry-After");
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(v.trim());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }
}
