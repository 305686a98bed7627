package io.immut.api;

import java.util.Objects;

/**
 * One problem of a spec: where it is (the field path, such as {@code strategy.maxSurge} or
 * {@code generation.volumes[1].sizeGb}), what is wrong, and what is allowed there.
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

  /** Renders the problem as one line: {@code path: problem (allowed: ...)}. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "<root>" : path) + ": " + problem + " (allowed: " + allowed + ")";
  }
}
