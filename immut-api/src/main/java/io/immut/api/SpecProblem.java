package io.immut.api;

import java.util.Objects;

/**
 * One problem of a spec: where it is (the field path, such as {@code strategy.rolling.maxSurge} or
 * {@code generation.volumes[1].sizeGb}), what is wrong, and what is allowed there. A value with one
 * place in a fleet spec (a strategy, the health check, the budget) reports paths from the spec's
 * root even when built on its own; a value that can sit at many places (a volume, a canary step, an
 * amount) reports paths relative to itself.
 *
 * @param path the field path from the root of the spec, dotted, with {@code [i]} for list items
 * @param problem what is wrong with the value found
 * @param allowed what would be accepted at that path
 */
public record SpecProblem(String path, String problem, String allowed) {

  /** Validates that every part is present. */
  public SpecProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(allowed, "allowed");
  }

  /**
   * Returns this problem with its path moved under a parent path.
   *
   * @param parent the parent path ({@code generation}, {@code volumes[2]}); empty leaves the path as is
   * @return the same problem at {@code parent.path}
   */
  public SpecProblem under(String parent) {
    if (parent == null || parent.isEmpty()) {
      return this;
    }
    if (path.isEmpty()) {
      return new SpecProblem(parent, problem, allowed);
    }
    String sep = path.startsWith("[") ? "" : ".";
    return new SpecProblem(parent + sep + path, problem, allowed);
  }

  /** The most characters of a value that a problem quotes; longer values are cut, with their length said. */
  public static final int EXCERPT_LIMIT = 40;

  /**
   * Quotes a value for a problem: at most {@value #EXCERPT_LIMIT} characters, with control
   * characters and unpaired surrogates shown as <code>&#92;uXXXX</code>, so that a huge or hostile value
   * never floods a message or a log line.
   *
   * <p>{@code excerpt("x".repeat(2_000_000))} is {@code 'xxxx…'} (40 {@code x}) followed by
   * {@code (2000000 characters)}.
   *
   * @param value the value, may be null
   * @return the quoted excerpt
   */
  public static String excerpt(String value) {
    if (value == null) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder(EXCERPT_LIMIT + 24).append('\'');
    int shown = 0;
    int i = 0;
    while (i < value.length() && shown < EXCERPT_LIMIT) {
      char c = value.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
      if (pair) {
        sb.append(c).append(value.charAt(i + 1));
        i += 2;
      } else {
        if (Character.isISOControl(c) && c != '\n' && c != '\t' || Character.isSurrogate(c)) {
          sb.append(String.format("\\u%04X", (int) c));
        } else if (c == '\n') {
          sb.append("\\n");
        } else if (c == '\t') {
          sb.append("\\t");
        } else {
          sb.append(c);
        }
        i++;
      }
      shown++;
    }
    sb.append('\'');
    if (i < value.length()) {
      sb.insert(sb.length() - 1, '\u2026').append(" (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  /** Renders the problem as one line: {@code path: problem (allowed: ...)}. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "<root>" : path) + ": " + problem + " (allowed: " + allowed + ")";
  }
}
