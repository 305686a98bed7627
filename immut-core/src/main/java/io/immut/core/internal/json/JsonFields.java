package io.immut.core.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Generation;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The fields the JSON renderings of plans, rollout results and reports share, written one way:
 * a generation as {@code {"name", "number", "id"}} or null, an amount as an exact decimal string
 * or null, the document pretty-printed.
 */
public final class JsonFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFields() {}

  /**
   * A new empty object.
   *
   * @return the node
   */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * Puts a generation, or null.
   *
   * @param root the object
   * @param field the field's name
   * @param g the generation, or null
   */
  public static void generation(ObjectNode root, String field, Generation g) {
    if (g == null) {
      root.putNull(field);
      return;
    }
    ObjectNode n = root.putObject(field);
    n.put("name", g.name());
    n.put("number", g.number());
    n.put("id", g.id());
  }

  /**
   * Puts an amount as its exact decimal string, or null.
   *
   * @param root the object
   * @param field the field's name
   * @param v the amount, or null
   */
  public static void amount(ObjectNode root, String field, BigDecimal v) {
    if (v == null) {
      root.putNull(field);
    } else {
      root.put(field, v.toPlainString());
    }
  }

  /**
   * Reads a JSON document another rendering made, to embed it.
   *
   * @param json the text
   * @return the tree
   */
  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document, pretty-printed.
   *
   * @param root the document
   * @return the text
   */
  public static String pretty(ObjectNode root) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
