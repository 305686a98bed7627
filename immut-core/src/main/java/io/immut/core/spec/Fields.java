package io.immut.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.Amount;
import io.immut.api.Durations;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The fields of one mapping of a spec document, read with their types checked. Every problem
 * goes to the shared {@link SpecProblems} with its full path, and the reading carries on: a field
 * that cannot be read is remembered as <em>failed</em>, so that the follow-up complaints of the
 * api's own validation about that field (such as "is missing") are not reported a second time.
 */
final class Fields {
  private final JsonNode node;
  private final String path;
  private final SpecProblems problems;
  private final Set<String> failed = new HashSet<>();

  private Fields(JsonNode node, String path, SpecProblems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /**
   * Opens a mapping, reporting unknown fields.
   *
   * @return the fields, or null when the node is not a mapping (a problem is then recorded)
   */
  static Fields of(JsonNode node, String path, SpecProblems problems, String what, String... allowed) {
    if (node == null || !node.isObject()) {
      problems.add(path, "expected a mapping but found " + describe(node), what);
      return null;
    }
    Fields f = new Fields(node, path, problems);
    List<String> names = Arrays.asList(allowed);
    node.fieldNames().forEachRemaining(name -> {
      if (!names.contains(name)) {
        String meant = nearest(name, names);
        problems.add(SpecProblems.child(path, name),
            "is not a known field" + (meant == null ? "" : "; did you mean '" + meant + "'?"),
            "one of " + String.join(", ", names));
        if (meant != null) {
          f.failed.add(meant);   // its absence is the same mistake: no second "is missing"
        }
      }
    });
    return f;
  }

  String path() {
    return path;
  }

  SpecProblems problems() {
    return problems;
  }

  String pathOf(String field) {
    return SpecProblems.child(path, field);
  }

  /** Whether the field is present with a value other than null. */
  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** Whether the field is present, even with a null value. */
  boolean hasKey(String field) {
    return node.has(field);
  }

  /** The field's raw value, or null when absent or null. */
  JsonNode get(String field) {
    return has(field) ? node.get(field) : null;
  }

  /** The names of the fields present, in document order. */
  List<String> present() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(n -> {
      if (has(n)) {
        names.add(n);
      }
    });
    return names;
  }

  void fail(String field, String problem, String allowed) {
    failed.add(field);
    problems.add(pathOf(field), problem, allowed);
  }

  void markFailed(String field) {
    failed.add(field);
  }

  String text(String field, String allowed) {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      fail(field, "expected text but found " + describe(v) + hintQuote(v), allowed);
      return null;
    }
    return v.textValue();
  }

  /** An integer field; {@code fallback} stands in when it is absent or wrong (then it is marked failed). */
  int integer(String field, int fallback, String allowed) {
    JsonNode v = get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      fail(field, v.isIntegralNumber() ? v.asText() + " is out of range" : "expected a whole number but found " + describe(v),
          allowed);
      return fallback;
    }
    return v.intValue();
  }

  boolean bool(String field, boolean fallback, String allowed) {
    JsonNode v = get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      fail(field, "expected true or false but found " + describe(v), allowed);
      return fallback;
    }
    return v.booleanValue();
  }

  Duration duration(String field, Duration fallback) {
    String allowed = "a duration from 0s to 365d, such as 30s, 5m, 1h30m or PT30S";
    JsonNode v = get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual()) {
      fail(field, "expected a duration but found " + describe(v)
          + (v.isNumber() ? " without a unit; write " + v.asText() + "s or " + v.asText() + "m" : ""), allowed);
      return null;
    }
    try {
      return Durations.parse(v.textValue());
    } catch (IllegalArgumentException e) {
      // The message is "what is wrong; how to write it": the second half is what `allowed` says.
      String message = e.getMessage();
      int cut = message.indexOf("; ");
      fail(field, cut > 0 ? message.substring(0, cut) : message, allowed);
      return null;
    }
  }

  Amount amount(String field, Amount fallback) {
    String allowed = "a whole number such as 2, or a percentage such as 25%";
    JsonNode v = get(field);
    if (v == null) {
      return fallback;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return build(field, () -> Amount.of(v.intValue()));
    }
    if (v.isTextual()) {
      return build(field, () -> Amount.parse(v.textValue()));
    }
    fail(field, "expected a number or a percentage but found " + describe(v), allowed);
    return null;
  }

  BigDecimal decimal(String field, String allowed) {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      String t = v.textValue().trim();
      try {
        // Bounded first: parsing a long run of digits costs time, and no valid amount is long.
        if (t.length() <= SpecCodec.MAX_NUMBER_CHARS) {
          return new BigDecimal(t);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      fail(field, SpecProblem.excerpt(v.textValue()) + " is not a number", allowed);
      return null;
    }
    fail(field, "expected a number but found " + describe(v), allowed);
    return null;
  }

  <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    E[] constants = type.getEnumConstants();
    String allowed = "one of " + Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      for (E c : constants) {
        if (c.name().equalsIgnoreCase(v.textValue().trim())) {
          return c;
        }
      }
      fail(field, SpecProblem.excerpt(v.textValue()) + " is not known", allowed);
    } else {
      fail(field, "expected text but found " + describe(v), allowed);
    }
    return null;
  }

  /** A mapping of text to text, in document order; entries with a wrong value are reported and left out. */
  Map<String, String> textMap(String field, String allowedValue) {
    JsonNode v = get(field);
    Map<String, String> map = new LinkedHashMap<>();
    if (v == null) {
      return map;
    }
    if (!v.isObject()) {
      fail(field, "expected a mapping but found " + describe(v), "a mapping of names to text");
      return map;
    }
    v.fields().forEachRemaining(e -> {
      JsonNode value = e.getValue();
      if (value.isTextual()) {
        map.put(e.getKey(), value.textValue());
      } else {
        failed.add(field + "." + e.getKey());
        problems.add(pathOf(field) + "." + e.getKey(),
            value.isNull() ? "has no value" : "expected text but found " + describe(value) + hintQuote(value), allowedValue);
      }
    });
    return map;
  }

  /** A list of text; wrong items are reported and left out. */
  List<String> textList(String field, String allowedItem) {
    JsonNode v = get(field);
    List<String> list = new ArrayList<>();
    if (v == null) {
      return list;
    }
    if (!v.isArray()) {
      fail(field, "expected a list but found " + describe(v), "a list of " + allowedItem);
      return list;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item.isTextual()) {
        list.add(item.textValue());
      } else {
        failed.add(field);
        problems.add(SpecProblems.index(pathOf(field), i), "expected text but found " + describe(item), allowedItem);
      }
    }
    return list;
  }

  /** The items of a list field, or an empty list (a problem is recorded when it is not a list). */
  List<JsonNode> items(String field, String allowed) {
    JsonNode v = get(field);
    List<JsonNode> list = new ArrayList<>();
    if (v == null) {
      return list;
    }
    if (!v.isArray()) {
      fail(field, "expected a list but found " + describe(v), allowed);
      return list;
    }
    v.forEach(list::add);
    return list;
  }

  /**
   * Builds a value of the api at a field, re-prefixing the problems its constructor reports.
   *
   * @return the value, or null when its constructor refused it (the field is then marked failed)
   */
  <T> T build(String field, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidSpecException e) {
      failed.add(field);
      for (SpecProblem p : e.problems()) {
        problems.add(relative(p, e.root()).under(pathOf(field)));
      }
      return null;
    }
  }

  /**
   * Builds the value this mapping describes, re-prefixing the problems its constructor reports
   * under this mapping's path. Problems about fields already reported as failed are dropped: they
   * are the constructor's view of the same mistake.
   *
   * @param remap rewrites a problem's relative path first (to map list indices or renamed fields)
   * @return the value, or null when its constructor refused it
   */
  <T> T construct(Supplier<T> constructor, UnaryOperator<String> remap) {
    try {
      return constructor.get();
    } catch (InvalidSpecException e) {
      for (SpecProblem p : e.problems()) {
        String relative = remap.apply(relative(p, e.root()).path());
        if (!isFailedPath(relative)) {
          problems.add(new SpecProblem(relative, p.problem(), p.allowed()).under(path));
        }
      }
      return null;
    }
  }

  <T> T construct(Supplier<T> constructor) {
    return construct(constructor, UnaryOperator.identity());
  }

  /**
   * A problem of an api value with its path taken back to the value itself: a value with one place
   * in a fleet spec reports paths from the spec's root ({@code generation.healthCheck.interval}),
   * while this mapping may be read elsewhere (a part read on its own).
   */
  static SpecProblem relative(SpecProblem p, String root) {
    String path = p.path();
    if (root.isEmpty() || !path.startsWith(root)) {
      return p;
    }
    if (path.length() == root.length()) {
      return new SpecProblem("", p.problem(), p.allowed());
    }
    char next = path.charAt(root.length());
    if (next == '.') {
      return new SpecProblem(path.substring(root.length() + 1), p.problem(), p.allowed());
    }
    return next == '[' ? new SpecProblem(path.substring(root.length()), p.problem(), p.allowed()) : p;
  }

  boolean isFailedPath(String relative) {
    for (String f : failed) {
      if (relative.equals(f) || relative.startsWith(f + ".") || relative.startsWith(f + "[")) {
        return true;
      }
    }
    return false;
  }

  static String describe(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isBoolean()) {
      return "true/false (" + v.asText() + ")";
    }
    if (v.isNumber()) {
      return "a number (" + v.asText() + ")";
    }
    return "text (" + SpecProblem.excerpt(v.asText()) + ")";
  }

  private static String hintQuote(JsonNode v) {
    return v.isNumber() && v.asText().length() <= SpecCodec.MAX_NUMBER_CHARS || v.isBoolean()
        ? "; put it in quotes: \"" + v.asText() + "\"" : "";
  }

  /** The allowed name a misspelt one most likely meant, or null when none is close. */
  private static String nearest(String name, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(1, best.length() / 4) ? best : null;
  }

  /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

}
