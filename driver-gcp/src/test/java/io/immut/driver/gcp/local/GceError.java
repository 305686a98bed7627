package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer of the Compute Engine API, in its JSON shape:
 * {@code {"error": {"code": 404, "message": "...", "errors": [{"message", "domain", "reason"}]}}}.
 * Thrown by the resource handlers and written by {@link LocalGce}.
 */
public final class GceError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String reason;
  private final String domain;

  /**
   * An error.
   *
   * @param status the HTTP status
   * @param reason the reason of {@code error.errors[0]} ({@code notFound}, {@code rateLimitExceeded})
   * @param domain the domain of {@code error.errors[0]} ({@code global}, {@code usageLimits})
   * @param message the message
   */
  public GceError(int status, String reason, String domain, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.domain = domain;
  }

  static GceError notFound(String what) {
    return new GceError(404, "notFound", "global", "The resource '" + what + "' was not found");
  }

  static GceError invalid(String message) {
    return new GceError(400, "invalid", "global", message);
  }

  int status() {
    return status;
  }

  /**
   * The JSON body.
   *
   * @return the error document
   */
  ObjectNode body() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", status);
    error.put("message", getMessage());
    ArrayNode errors = error.putArray("errors");
    ObjectNode e = errors.addObject();
    e.put("message", getMessage());
    e.put("domain", domain);
    e.put("reason", reason);
    return root;
  }
}
