package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Runs a construction that must fail and returns the problems it reported. */
final class SpecAssertions {
  private SpecAssertions() {}

  /**
   * The problems, with paths relative to the value (its place in a fleet spec, {@code root()}, taken
   * off): the tests of one value state what it says about its own fields. Where the value sits in
   * a fleet spec is tested once, in {@code FullPathsTest}.
   */
  static List<SpecProblem> problemsOf(ThrowingCallable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction);
    assertThat(e).as("an InvalidSpecException").isNotNull();
    String root = e.root();
    return e.problems().stream().map(p -> {
      assertThat(p.path()).as("every path starts at the value's place").startsWith(root);
      String rest = p.path().substring(root.length());
      return new SpecProblem(rest.startsWith(".") ? rest.substring(1) : rest, p.problem(), p.allowed());
    }).toList();
  }

  static List<String> pathsOf(ThrowingCallable construction) {
    return problemsOf(construction).stream().map(SpecProblem::path).toList();
  }

  static SpecProblem onlyProblemOf(ThrowingCallable construction) {
    List<SpecProblem> problems = problemsOf(construction);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  /** The problems' paths as the exception reports them: full paths from the fleet spec's root. */
  static List<String> fullPathsOf(ThrowingCallable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction);
    assertThat(e).as("an InvalidSpecException").isNotNull();
    return e.problems().stream().map(SpecProblem::path).toList();
  }
}
