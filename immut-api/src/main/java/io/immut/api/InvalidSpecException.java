package io.immut.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec (or part of one) is invalid. Carries <em>all</em> the problems found, not just the first,
 * each with its field path, what is wrong and what is allowed, so that one round of fixes is enough.
 * No cloud call is ever made for a spec that raised this exception.
 */
public class InvalidSpecException extends ImmutException {
  private static final long serialVersionUID = 1L;

  private final transient List<SpecProblem> problems;
  private final String root;

  /**
   * Creates the exception for a non-empty list of problems.
   *
   * @param subject what was being validated ("fleet spec 'web'", "volume spec")
   * @param problems every problem found; must not be empty
   */
  public InvalidSpecException(String subject, List<SpecProblem> problems) {
    this(subject, "", problems);
  }

  /**
   * Creates the exception for the problems of a value that has one place in a fleet spec, such as
   * a health check ({@code generation.healthCheck}): each problem's path is moved under that
   * place, so that a spec built in Java names the same path as its spec file would
   * ({@code generation.healthCheck.interval}, not {@code interval}).
   *
   * @param subject what was being validated ("health check")
   * @param root the value's path in a fleet spec, or empty for a whole spec or a value that has no
   *     single place
   * @param problems every problem found, with paths relative to the value; must not be empty
   * @since 0.1.0
   */
  public InvalidSpecException(String subject, String root, List<SpecProblem> problems) {
    super(render(subject, rooted(root, problems)));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidSpecException needs at least one problem");
    }
    this.problems = rooted(root, problems);
    this.root = root == null ? "" : root;
  }

  /**
   * Where the value that was refused sits in a fleet spec; every problem's path begins with it.
   * A reader that places the value elsewhere (a spec file read in parts) takes it off.
   *
   * @return the path, such as {@code generation.healthCheck}, or empty
   * @since 0.1.0
   */
  public String root() {
    return root;
  }

  /**
   * Returns every problem found, in the order they were found.
   *
   * @return an immutable, non-empty list
   */
  public List<SpecProblem> problems() {
    return problems;
  }

  private static List<SpecProblem> rooted(String root, List<SpecProblem> problems) {
    return root == null || root.isEmpty() ? List.copyOf(problems) : problems.stream().map(p -> p.under(root)).toList();
  }

  private static String render(String subject, List<SpecProblem> problems) {
    return "Invalid " + subject + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining())
        + "\nFix every listed field; nothing was sent to the cloud.";
  }
}
