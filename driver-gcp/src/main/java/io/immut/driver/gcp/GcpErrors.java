package io.immut.driver.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.Error;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import io.immut.spi.DriverException;
import io.immut.spi.LaunchFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies Compute Engine's answers once, at the edge. The client keeps only the HTTP status of
 * an error (a rate limit arrives as 403 {@code PermissionDenied}), so the reasons are read from the
 * raw body ({@code error.errors[].reason}); a failed operation carries its codes in
 * {@code error.errors[].code}.
 */
final class GcpErrors {
  private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> THROTTLE = Set.of("ratelimitexceeded", "userratelimitexceeded", "rate_limit_exceeded");
  private static final Set<String> QUOTA = Set.of("quotaexceeded", "quota_exceeded");
  private static final Set<String> CAPACITY = Set.of("zone_resource_pool_exhausted",
      "zone_resource_pool_exhausted_with_details", "resource_exhausted", "insufficientcapacity",
      "resource_pool_exhausted", "region_resource_pool_exhausted");
  private static final Set<String> NOT_READY = Set.of("resourcenotready", "resource_not_ready");

  private GcpErrors() {}

  /** What an error answer said: its HTTP status, its reasons and its message. */
  record Answer(int status, List<String> reasons, String message) {
    boolean has(Set<String> set) {
      return reasons.stream().anyMatch(r -> set.contains(r.toLowerCase(Locale.ROOT)));
    }

    boolean notReady() {
      return has(NOT_READY);
    }

    String code() {
      return reasons.isEmpty() ? (status == 0 ? "io" : String.valueOf(status)) : reasons.get(0);
    }
  }

  static Answer answer(Throwable e) {
    int status = 0;
    String body = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException h) {
        status = h.getStatusCode();
        body = h.getContent();
      } else if (status == 0 && t instanceof ApiException a && a.getStatusCode().getTransportCode() instanceof Integer i) {
        status = i;
      }
    }
    List<String> reasons = new ArrayList<>();
    String message = e.getMessage();
    if (body != null) {
      Matcher m = REASON.matcher(body);
      while (m.find()) {
        reasons.add(m.group(1));
      }
      Matcher msg = MESSAGE.matcher(body);
      if (msg.find()) {
        message = msg.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
      }
    }
    return new Answer(status, List.copyOf(reasons), message == null ? e.getClass().getSimpleName() : message);
  }

  /**
   * Maps a failed call.
   *
   * @param operation what the driver was doing ({@code launch in us-central1-a})
   * @param e what the client threw
   * @return the typed exception
   */
  static DriverException map(String operation, Throwable e) {
    if (e instanceof DriverException d) {
      return d;
    }
    Answer a = answer(e);
    String text = "gcp " + operation + ": Compute Engine answered " + (a.status == 0 ? "no HTTP answer" : a.status)
        + (a.reasons.isEmpty() ? "" : " " + a.code()) + ": " + a.message;
    if (a.status == 429 || a.has(THROTTLE)) {
      return new DriverException.Throttled(operation, a.code(), text + " (the engine backs off and retries)", null, e);
    }
    if (a.has(QUOTA)) {
      return new DriverException.QuotaExceeded(operation, a.code(), text + " (raise the quota or shrink the fleet)", e);
    }
    if (a.has(CAPACITY)) {
      return new DriverException.CapacityUnavailable(operation, a.code(), text
          + " (another zone, machine type or a later time may have capacity)", e);
    }
    if (a.notReady()) {
      return new DriverException.Transient(operation, a.code(), text, e);
    }
    if (a.status == 401 || a.status == 403) {
      return new DriverException.AuthFailed(operation, a.code(), text + " (check the credentials and that the role of"
          + " docs/drivers/gcp.md is granted on the project)", e);
    }
    if (a.status == 404) {
      return new DriverException.NotFound(operation, a.code(), text, e);
    }
    if (a.status == 400 || a.status == 409 || a.status == 412 || a.status == 413) {
      return new DriverException.InvalidRequest(operation, a.code(), text, e);
    }
    if (a.status == 0 && !(hasIo(e) || e instanceof ApiException)) {
      return new DriverException.Transient(operation, "io", text, e);
    }
    return new DriverException.Transient(operation, a.code(), text, e);
  }

  private static boolean hasIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a finished operation failed, as a launch failure.
   *
   * @param op the operation
   * @return the failure, or null when it did not fail
   */
  static LaunchFailure failure(Operation op) {
    if (!op.hasError() || op.getError().getErrorsCount() == 0) {
      return null;
    }
    Error error = op.getError();
    String codes = String.join(", ", error.getErrorsList().stream().map(Errors::getCode).toList());
    String message = codes + ": " + String.join("; ", error.getErrorsList().stream().map(Errors::getMessage).toList());
    for (Errors e : error.getErrorsList()) {
      String code = e.getCode().toLowerCase(Locale.ROOT);
      if (CAPACITY.contains(code)) {
        return LaunchFailure.capacity(message);
      }
      if (QUOTA.contains(code)) {
        return LaunchFailure.quota(message);
      }
      if (e.getMessage().toLowerCase(Locale.ROOT).contains("/images/")) {
        return new LaunchFailure(LaunchFailure.Reason.IMAGE, message);
      }
    }
    return new LaunchFailure(LaunchFailure.Reason.OTHER, message);
  }

  /**
   * The exception for a launch whose operation came back already failed, with nothing created.
   *
   * @param operation what the driver was doing
   * @param op the failed operation
   * @return the typed exception
   */
  static DriverException launchRefused(String operation, Operation op) {
    LaunchFailure f = failure(op);
    String code = op.getError().getErrors(0).getCode();
    String text = "gcp " + operation + ": the operation " + op.getName() + " failed: " + f.message();
    return switch (f.reason()) {
      case CAPACITY -> new DriverException.CapacityUnavailable(operation, code, text, null);
      case QUOTA -> new DriverException.QuotaExceeded(operation, code, text, null);
      case IMAGE -> new DriverException.NotFound(operation, code, text, null);
      case OTHER -> op.getHttpErrorStatusCode() >= 500 || op.getHttpErrorStatusCode() == 0
          ? new DriverException.Transient(operation, code, text, null)
          : new DriverException.InvalidRequest(operation, code, text, null);
    };
  }
}
