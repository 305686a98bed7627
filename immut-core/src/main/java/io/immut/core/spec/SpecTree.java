package io.immut.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.immut.api.SpecProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a document's tokens into a tree. Unlike a mapper's {@code readTree} it keeps decimals
 * exactly as written ({@code 12.50} stays {@code 12.50}), reports a key given twice as a problem
 * instead of silently keeping the last value, and bounds what it reads (see {@link SpecCodec}'s
 * limits): too deep, too long, YAML aliases, merge keys and tags, control characters and
 * unpaired surrogates are problems at their path, never a crash, a hang or a silent reading.
 */
final class SpecTree {
  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final String NO_ALIASES =
      "the value written out where it applies (spec files use no YAML aliases or merge keys)";

  private final JsonParser parser;
  private final SpecProblems problems;
  private final YAMLParser yaml;

  private SpecTree(JsonParser parser, SpecProblems problems) {
    this.parser = parser;
    this.problems = problems;
    this.yaml = parser instanceof YAMLParser y ? y : null;
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
      return tree.value("", 0);
    } catch (JsonProcessingException | YAMLException e) {
      problems.add(notWellFormed(e, ""));
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
    } catch (JsonProcessingException | YAMLException e) {
      problems.add(notWellFormed(e, "has text after the fleet spec that "));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spec document: " + e.getMessage(), e);
    }
  }

  /**
   * A syntax error as one problem: what the parser found, where (line and column), and the fix.
   * SnakeYAML's own message repeats the line with a caret under it; only its parts are kept.
   */
  private static SpecProblem notWellFormed(Exception e, String prefix) {
    String fix = "a well-formed YAML or JSON document: check the indentation (spaces, not tabs) and quote"
        + " values that contain ': ', '#', '{', '[', or start with '*', '&', '!', '%', '@' or '`'";
    if (e instanceof StreamConstraintsException limit) {
      String what = cut(limit.getOriginalMessage()).replaceAll(",? ?from `[^`]*`", "").replace("()", "");
      return new SpecProblem("", prefix + "is beyond the reader's limits: " + what,
          "a document of at most " + SpecCodec.MAX_DOCUMENT_CHARS + " characters, nested at most "
              + SpecCodec.MAX_DEPTH + " levels");
    }
    ReaderException unreadable = causeOf(e, ReaderException.class);
    if (unreadable != null) {
      return new SpecProblem("", prefix + "contains the character U+" + String.format("%04X", unreadable.getCodePoint())
          + " at character " + (unreadable.getPosition() + 1) + ", which YAML does not allow in a document",
          "printable text: remove the character, or write it as an escape (\\x07) inside double quotes");
    }
    MarkedYAMLException marked = causeOf(e, MarkedYAMLException.class);
    if (marked != null) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String context = marked.getContext() == null ? "" : " " + marked.getContext()
          + (marked.getContextMark() == null ? "" : " started at line " + (marked.getContextMark().getLine() + 1)
              + ", column " + (marked.getContextMark().getColumn() + 1)) + ",";
      String what = marked.getProblem() == null ? "is not well-formed" : marked.getProblem();
      return new SpecProblem("", prefix + "is not well-formed YAML:" + context + " " + cut(what)
          + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"), fix);
    }
    YAMLException plain = causeOf(e, YAMLException.class);
    if (plain != null) {
      return new SpecProblem("", prefix + "is not well-formed YAML: " + cut(plain.getMessage()), fix);
    }
    JsonProcessingException json = (JsonProcessingException) e;
    if (json.getOriginalMessage() != null && json.getOriginalMessage().startsWith("Malformed numeric value")) {
      // The YAML parser decodes numbers as it reads them: 1e99999999999 fails there, not in the tree.
      return new SpecProblem("", prefix + "has a number beyond any range: " + cut(json.getOriginalMessage()
          .substring("Malformed numeric value ".length())) + where(json.getLocation()),
          "numbers within their field's range, such as 3 or 12.50");
    }
    if (json.getOriginalMessage() != null && json.getOriginalMessage().startsWith("Expected a field name")) {
      // Jackson's YAML parser takes only plain keys; its message names SnakeYAML's event instead.
      if (json.getOriginalMessage().contains("AliasEvent")) {
        return new SpecProblem("", prefix + "has a key given by a YAML alias" + where(json.getLocation()), NO_ALIASES);
      }
      return new SpecProblem("", prefix + "has a key that is a list or a mapping" + where(json.getLocation()),
          "keys that are plain names, such as image: ami-1 (quote a key that contains '[', '{' or '?')");
    }
    return new SpecProblem("", prefix + "is not well-formed: " + cut(json.getOriginalMessage()) + where(json.getLocation()),
        fix);
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * The first line of a parser's message, at most 200 characters, control characters shown as
   * escapes: parsers quote the input they choke on.
   */
  private static String cut(String message) {
    if (message == null) {
      return "";
    }
    String first = message.strip().lines().findFirst().orElse("");
    // SnakeYAML's "mapping values are not allowed here" would read "allowed" twice beside the fix.
    String plain = first.replace("mapping values are not allowed here", "a ': ' cannot start a mapping here")
        .replace(" are not allowed", " cannot appear");
    String shown = plain.length() <= 200 ? plain : plain.substring(0, 200) + "\u2026";
    StringBuilder sb = new StringBuilder(shown.length());
    shown.chars().forEach(c -> {
      if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
        sb.append(String.format("\\u%04X", c));
      } else {
        sb.append((char) c);
      }
    });
    return sb.toString();
  }

  private static String where(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private String here() {
    return where(parser.currentTokenLocation());
  }

  private JsonNode value(String path, int depth) throws IOException {
    JsonToken t = parser.currentToken();
    if (yaml != null && !yamlPlain(path, t)) {
      skip(t);
      return NODES.nullNode();
    }
    switch (t) {
      case START_OBJECT:
      case START_ARRAY:
        if (depth >= SpecCodec.MAX_DEPTH) {
          problems.refuse(path, "nests deeper than " + SpecCodec.MAX_DEPTH + " levels" + here(),
              "a spec nested at most " + SpecCodec.MAX_DEPTH + " levels (a valid one nests at most 7)");
          skip(t);
          return NODES.nullNode();
        }
        return t == JsonToken.START_OBJECT ? object(path, depth) : array(path, depth);
      case VALUE_STRING:
        return text(path, parser.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(path, t);
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        problems.refuse(path, "holds a value that is not text, a number, true/false, a mapping or a list" + here(),
            "plain text, a number, true or false, a mapping or a list");
        return NODES.nullNode();
    }
  }

  /**
   * Whether a YAML token is plain: no alias ({@code *base}, which the parser reads as the text
   * "base"), no tag ({@code !!binary}, {@code !foo}). Each is a problem here.
   */
  private boolean yamlPlain(String path, JsonToken t) throws IOException {
    if (yaml.isCurrentAlias()) {
      problems.refuse(path, "is the YAML alias *" + cutName(parser.getText()) + here(), NO_ALIASES);
      return false;
    }
    // An anchor alone (&base) changes nothing and is read through; only its use, an alias, is refused.
    boolean plain = true;
    String tag = yaml.getTypeId() == null ? null : String.valueOf(yaml.getTypeId());
    if (tag != null) {
      problems.refuse(path, "has the YAML tag " + shortTag(tag) + here(),
          "a plain value without a tag (write binary data as text, such as base64, in quotes)");
      plain = false;
    }
    return plain;
  }

  private static String shortTag(String tag) {
    String t = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length())
        : tag.startsWith("!") || tag.startsWith("tag:") ? tag : "!" + tag;
    return cutName(t);
  }

  private static String cutName(String name) {
    return name.length() <= SpecProblem.EXCERPT_LIMIT ? name : name.substring(0, SpecProblem.EXCERPT_LIMIT) + "\u2026";
  }

  private void skip(JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
  }

  private JsonNode text(String path, String value) {
    if (value.length() > SpecCodec.MAX_TEXT_CHARS) {
      problems.refuse(path, "is " + value.length() + " characters long" + here(),
          "text of at most " + SpecCodec.MAX_TEXT_CHARS + " characters");
      return NODES.nullNode();
    }
    String bad = badCharacter(value);
    if (bad != null) {
      problems.refuse(path, SpecProblem.excerpt(value) + " contains " + bad + here(),
          "text without control characters (tab and line breaks aside) and without unpaired surrogates");
      return NODES.nullNode();
    }
    return NODES.textNode(value);
  }

  private JsonNode number(String path, JsonToken t) throws IOException {
    String written = parser.getText();
    if (written.length() > SpecCodec.MAX_NUMBER_CHARS) {
      problems.refuse(path, "is a number of " + written.length() + " characters" + here(),
          "a number of at most " + SpecCodec.MAX_NUMBER_CHARS + " characters, within the field's range");
      return NODES.nullNode();
    }
    try {
      return t == JsonToken.VALUE_NUMBER_INT ? NODES.numberNode(parser.getBigIntegerValue())
          : NODES.numberNode(parser.getDecimalValue());
    } catch (NumberFormatException | ArithmeticException e) {
      // An exponent beyond an int (1e-9999999991) has no BigDecimal; Jackson says so with a raw NumberFormatException.
      problems.refuse(path, SpecProblem.excerpt(written) + " is a number beyond any range" + here(),
          "a number within the field's range, such as 3 or 12.50");
      return NODES.nullNode();
    }
  }

  /** What is wrong with a text's characters, or null when nothing is. */
  static String badCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "an unpaired surrogate (U+" + String.format("%04X", (int) c) + ") at character " + (i + 1);
      } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return "the control character U+" + String.format("%04X", (int) c) + " at character " + (i + 1);
      }
    }
    return null;
  }

  private ObjectNode object(String path, int depth) throws IOException {
    ObjectNode node = NODES.objectNode();
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String shown = name.length() <= SpecCodec.MAX_NAME_CHARS && badCharacter(name) == null
          && name.chars().noneMatch(Character::isISOControl) ? name
          : name.substring(0, Math.min(name.length(), SpecProblem.EXCERPT_LIMIT)).replaceAll("\\p{Cntrl}", "?") + "\u2026";
      String childPath = SpecProblems.child(path, shown);
      parser.nextToken();
      if (!shown.equals(name)) {
        problems.refuse(childPath, "is a field name of " + name.length() + " characters or with control characters" + here(),
            "a field name of at most " + SpecCodec.MAX_NAME_CHARS + " printable characters");
        skip(parser.currentToken());
        continue;
      }
      if (name.equals("<<") && yaml != null) {
        problems.refuse(childPath, "is a YAML merge key" + here(), NO_ALIASES);
        skip(parser.currentToken());
        continue;
      }
      JsonNode child = value(childPath, depth + 1);
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

  private ArrayNode array(String path, int depth) throws IOException {
    ArrayNode node = NODES.arrayNode();
    int i = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      node.add(value(SpecProblems.index(path, i++), depth + 1));
    }
    return node;
  }
}
