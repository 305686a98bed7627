package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code filter} parameter of Compute Engine's list methods, for the expressions this endpoint
 * serves: {@code field = value}, {@code field != value} and {@code field:*} on {@code name},
 * {@code status} and {@code labels.KEY}, optionally in parentheses, joined by {@code AND} or by
 * white space, or all joined by {@code OR}. Mixed joiners and other fields are refused as the API refuses a bad filter: 400
 * {@code invalid}.
 */
final class LabelFilter {
  private static final Pattern TERM = Pattern.compile(
      "\\s*\\(?\\s*([a-zA-Z][a-zA-Z0-9_.-]*)\\s*(=|!=|:)\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^\\s)]+)\\s*\\)?\\s*(?:(AND|OR)\\s+)?");

  private record Term(String field, String op, String value) {}

  private final List<Term> terms;
  private final boolean any;

  private LabelFilter(List<Term> terms, boolean any) {
    this.terms = terms;
    this.any = any;
  }

  static LabelFilter parse(String filter) {
    List<Term> terms = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return new LabelFilter(terms, false);
    }
    String joiner = null;
    Matcher m = TERM.matcher(filter);
    int at = 0;
    while (at < filter.length()) {
      if (!m.find(at) || m.start() != at || m.end() == at) {
        throw GceError.invalid("Invalid value for field 'filter': '" + filter + "'. Invalid list filter expression.");
      }
      String field = m.group(1);
      if (m.group(5) != null) {
        if (joiner != null && !joiner.equals(m.group(5))) {
          throw GceError.invalid("Invalid value for field 'filter': '" + filter + "'. Mixed AND and OR need nesting.");
        }
        joiner = m.group(5);
      }
      if (!field.equals("name") && !field.equals("status") && !field.startsWith("labels.")) {
        throw GceError.invalid("Invalid value for field 'filter': '" + filter + "'. Unsupported field " + field + ".");
      }
      String value = m.group(4) != null ? m.group(4).replace("\\\"", "\"") : m.group(3);
      terms.add(new Term(field, m.group(2), value));
      at = m.end();
    }
    return new LabelFilter(terms, "OR".equals(joiner));
  }

  boolean matches(JsonNode instance) {
    for (Term t : terms) {
      JsonNode node = t.field.startsWith("labels.")
          ? instance.path("labels").path(t.field.substring("labels.".length()))
          : instance.path(t.field);
      boolean present = !node.isMissingNode();
      boolean ok = switch (t.op) {
        case ":" -> t.value.equals("*") ? present : present && node.asText().contains(t.value);
        case "=" -> present && node.asText().equals(t.value);
        default -> !present || !node.asText().equals(t.value);
      };
      if (ok && any) {
        return true;
      }
      if (!ok && !any) {
        return false;
      }
    }
    return !any || terms.isEmpty();
  }
}
