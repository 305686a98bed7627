package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON of the local ARM endpoint: Jackson trees, as ARM's bodies are free-form per resource type. */
final class ArmJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ArmJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? object() : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode error(ArmError e) {
    ObjectNode error = object().put("code", e.code()).put("message", e.message());
    if (!e.details().isEmpty()) {
      ArrayNode details = error.putArray("details");
      for (Map<String, String> d : e.details()) {
        ObjectNode n = details.addObject();
        d.forEach(n::put);
      }
    }
    ObjectNode body = object();
    body.set("error", error);
    return body;
  }

  static ObjectNode tags(Map<String, String> tags) {
    ObjectNode n = object();
    tags.forEach(n::put);
    return n;
  }

  static ObjectNode ref(String id) {
    return object().put("id", id);
  }

  /** Text at a path of field names, or null. */
  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n == null ? null : n.get(p);
    }
    return n == null || n.isNull() ? null : n.asText();
  }
}
