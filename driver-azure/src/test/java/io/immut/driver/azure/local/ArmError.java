package io.immut.driver.azure.local;

import java.util.List;
import java.util.Map;

/**
 * An ARM error response: the HTTP status, the body {@code {"error":{"code","message","details"}}}
 * of the Azure REST API reference, and the headers that come with it.
 *
 * @param status the HTTP status
 * @param code the error code
 * @param message the message
 * @param details the codes and messages of {@code details}, or empty
 * @param headers extra headers ({@code Retry-After}, {@code x-ms-ratelimit-remaining-*})
 */
public record ArmError(int status, String code, String message, List<Map<String, String>> details,
                       Map<String, String> headers) {

  /** Copies the collections. */
  public ArmError {
    details = List.copyOf(details);
    headers = Map.copyOf(headers);
  }

  /** An error with no details and no extra headers. */
  public static ArmError of(int status, String code, String message) {
    return new ArmError(status, code, message, List.of(), Map.of());
  }

  static ArmError notFound(String type, String name, String group) {
    return of(404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '" + group
        + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  }

  /** Compute's throttling answer: 429, OperationNotAllowed with a TooManyRequests detail, and the headers. */
  public static ArmError throttled(String policy) {
    return new ArmError(429, "OperationNotAllowed", "The server rejected the request because too many requests have"
        + " been received for this subscription.", List.of(Map.of("code", "TooManyRequests", "target", policy,
        "message", "{\"operationGroup\":\"" + policy + "\",\"startTime\":\"2026-01-01T00:00:00+00:00\",\"endTime\":"
            + "\"2026-01-01T00:03:00+00:00\",\"allowedRequestCount\":240,\"measuredRequestCount\":251}")),
        Map.of("Retry-After", "17", "x-ms-ratelimit-remaining-resource", "Microsoft.Compute/" + policy + ";0"));
  }
}
