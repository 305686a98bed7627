package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to the local ARM endpoint, and the failure a handler answers it with.
 *
 * @param method the HTTP method
 * @param path the path
 * @param query the decoded query parameters
 * @param headers the request headers, names lower-cased
 * @param body the JSON body, an empty object when none
 * @param base the scheme, host and port the client called, for links ({@code https://127.0.0.1:1234})
 */
record ArmCall(String method, String path, Map<String, String> query, Map<String, String> headers, JsonNode body,
               String base) {

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** An error answer, thrown by a handler. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ArmError error;

    Failure(ArmError error) {
      super(error.code() + ": " + error.message(), null, false, false);
      this.error = error;
    }
  }

  /**
   * A handler's answer.
   *
   * @param status the HTTP status
   * @param body the JSON body, or null for none
   * @param headers the headers
   */
  record Answer(int status, JsonNode body, Map<String, String> headers) {
    static Answer ok(JsonNode body) {
      return new Answer(200, body, Map.of());
    }
  }
}
