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

  /**
   * Creates the exception for a non-empty list of problems.
   *
   * @param subject what was being validated ("fleet spec 'web'", "volume spec")
   * @param problems every problem found; must not be empty
   */
  public InvalidSpecException(String subject, List<SpecProblem> problems) {
    super(render(subject, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidSpecException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem found, in the order they were found.
   *
   * @return an immutable, non-empty list
   */
  public List<SpecProblem> problems() {
    return problems;
  }

  private static String render(String subject, List<SpecProblem> problems) {
    return "Invalid " + subject + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining())
        + "\nFix every listed field; nothing was sent to the cloud.";
  }
}
