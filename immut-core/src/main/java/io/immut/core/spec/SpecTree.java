package io.immut.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a document's tokens into a tree. Unlike a mapper's {@code readTree} it keeps decimals
 * exactly as written ({@code 12.50} stays {@code 12.50}) and reports a key given twice as a
 * problem instead of silently keeping the last value.
 */
final class SpecTree {
  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final JsonParser parser;
  private final SpecProblems problems;

  private SpecTree(JsonParser parser, SpecProblems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /**
   * Reads the value at the parser's current token (or the next one when there is none yet).
   *
   * @return the tree, or null for an empty document (a problem is then recorded) or a syntax
   *     error (likewise)
   */
  static JsonNode read(JsonParser parser, SpecProblems problems) {
    SpecTree tree = new SpecTree(parser, problems);
    try {
      JsonToken t = parser.currentToken();
      if (t == null) {
        t = parser.nextToken();
      }
      if (t == null) {
        problems.add("", "the document is empty", "a fleet spec with at least name, capacity and generation");
        return null;
      }
      return tree.value("");
    } catch (JsonProcessingException e) {
      problems.add("", "is not well-formed: " + e.getOriginalMessage() + where(e.getLocation()),
          "a well-formed JSON or YAML document");
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spec document: " + e.getMessage(), e);
    }
  }

  /** Records a problem when anything follows the value just read: a second YAML document, trailing JSON. */
  static void expectEnd(JsonParser parser, SpecProblems problems) {
    try {
      if (parser.nextToken() != null) {
        problems.add("", "has more after the fleet spec" + where(parser.currentLocation()),
            "one fleet spec per document; put each fleet in its own file");
      }
    } catch (JsonProcessingException e) {
      problems.add("", "has text after the fleet spec that is not well-formed: " + e.getOriginalMessage()
          + where(e.getLocation()), "one fleet spec per document");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spec document: " + e.getMessage(), e);
    }
  }

  private static String where(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private JsonNode value(String path) throws IOException {
    JsonToken t = parser.currentToken();
    switch (t) {
      case START_OBJECT:
        return object(path);
      case START_ARRAY:
        return array(path);
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        Object o = parser.getEmbeddedObject();
        return o == null ? NODES.nullNode() : NODES.textNode(o.toString());
      default:
        throw new IllegalStateException("unexpected token " + t + " at " + path);
    }
  }

  private ObjectNode object(String path) throws IOException {
    ObjectNode node = NODES.objectNode();
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String childPath = SpecProblems.child(path, name);
      parser.nextToken();
      JsonNode child = value(childPath);
      if (node.has(name)) {
        problems.add(childPath, "is given twice" + where(parser.currentLocation()), "each field once");
      } else {
        node.set(name, child);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IllegalStateException("unexpected token " + t + " in the mapping at " + path);
    }
    return node;
  }

  private ArrayNode array(String path) throws IOException {
    ArrayNode node = NODES.arrayNode();
    int i = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      node.add(value(SpecProblems.index(path, i++)));
    }
    return node;
  }
}
