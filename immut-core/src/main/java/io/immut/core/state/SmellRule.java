package io.immut.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user data rule: a pattern that, found on a line of a generation's user data (a cloud-init file,
 * a startup script), means the instance keeps state of its own. Rules are data: the built-in ones
 * are the resource {@code io/immut/core/state/user-data-rules.json}, and more can be added with
 * {@link StateCheck.Builder#userDataRule(SmellRule)} or loaded from a file of the same form:
 *
 * <pre>{@code
 * [ { "id": "userdata.local-search",
 *     "pattern": "systemctl\\s+start\\s+elasticsearch",
 *     "severity": "WARNING",
 *     "message": "starts a search server on the instance: its index dies with the instance",
 *     "remediation": "use a managed search service and give its URI as a state binding" } ]
 * }</pre>
 *
 * @param id the rule id, reported as the finding's rule ({@code userdata.local-database})
 * @param pattern the pattern searched for on each line (not anchored; case as written, use
 *     {@code (?i)} for case-insensitive)
 * @param severity the findings' severity; {@link Severity#WARNING} unless stated
 * @param message what would be lost, shown after the line number and the matched text
 * @param remediation what to do instead
 */
public record SmellRule(String id, Pattern pattern, Severity severity, String message, String remediation) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
  private static final String BUILT_IN = "user-data-rules.json";

  /** Validates the rule. */
  public SmellRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(remediation, "remediation");
    severity = severity == null ? Severity.WARNING : severity;
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("user data rule id '" + id + "' is not valid: lower-case words joined by '.'"
          + " such as userdata.local-database");
    }
  }

  /**
   * A warning rule from a regular expression.
   *
   * @param id the rule id
   * @param regex the pattern
   * @param message what would be lost
   * @param remediation what to do
   * @return the rule
   */
  public static SmellRule warning(String id, String regex, String message, String remediation) {
    return new SmellRule(id, Pattern.compile(regex), Severity.WARNING, message, remediation);
  }

  /**
   * The built-in rules.
   *
   * @return the rules of {@code io/immut/core/state/user-data-rules.json}
   */
  public static List<SmellRule> builtIn() {
    try (InputStream in = SmellRule.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the resource io/immut/core/state/" + BUILT_IN + " is missing from the class path");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads rules from a JSON file: an array of objects with {@code id}, {@code pattern},
   * {@code message}, {@code remediation} and an optional {@code severity}.
   *
   * @param file the file
   * @return the rules
   * @throws InvalidSpecException listing every problem of the file
   */
  public static List<SmellRule> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read user data rules from " + file, e);
    }
  }

  /**
   * Reads rules from JSON (see {@link #load(Path)}).
   *
   * @param json the JSON text's stream
   * @return the rules
   * @throws InvalidSpecException listing every problem
   */
  public static List<SmellRule> load(InputStream json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidSpecException("user data rules", List.of(new SpecProblem("", "is not valid JSON: "
          + e.getMessage(), "a JSON array of rules")));
    }
    List<SpecProblem> problems = new ArrayList<>();
    List<SmellRule> rules = new ArrayList<>();
    if (root == null || !root.isArray()) {
      throw new InvalidSpecException("user data rules", List.of(new SpecProblem("", "is not a JSON array",
          "a JSON array of rules")));
    }
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      String at = "[" + i + "]";
      String id = text(n, "id", at, problems, "a rule id such as userdata.local-database");
      String regex = text(n, "pattern", at, problems, "a Java regular expression");
      String message = text(n, "message", at, problems, "what would be lost");
      String remediation = text(n, "remediation", at, problems, "what to do instead");
      Severity severity = Severity.WARNING;
      if (n.hasNonNull("severity")) {
        try {
          severity = Severity.valueOf(n.get("severity").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add(new SpecProblem(at + ".severity", "'" + n.get("severity").asText() + "' is not a severity",
              "BLOCKER, WARNING or INFO"));
        }
      }
      Pattern pattern = null;
      if (regex != null) {
        try {
          pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          problems.add(new SpecProblem(at + ".pattern", "is not a valid regular expression: " + e.getDescription(),
              "a Java regular expression"));
        }
      }
      if (id != null && !ID.matcher(id).matches()) {
        problems.add(new SpecProblem(at + ".id", "'" + id + "' is not valid", "lower-case words joined by '.'"));
        id = null;
      }
      if (id != null && pattern != null && message != null && remediation != null) {
        rules.add(new SmellRule(id, pattern, severity, message, remediation));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("user data rules", problems);
    }
    return List.copyOf(rules);
  }

  private static String text(JsonNode n, String field, String at, List<SpecProblem> problems, String allowed) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      problems.add(new SpecProblem(at + "." + field, "is missing", allowed));
      return null;
    }
    return v.asText();
  }
}
