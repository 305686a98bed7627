package io.immut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Runs a construction that must fail and returns the problems it reported. */
final class SpecAssertions {
  private SpecAssertions() {}

  static List<SpecProblem> problemsOf(ThrowingCallable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction);
    assertThat(e).as("an InvalidSpecException").isNotNull();
    return e.problems();
  }

  static List<String> pathsOf(ThrowingCallable construction) {
    return problemsOf(construction).stream().map(SpecProblem::path).toList();
  }

  static SpecProblem onlyProblemOf(ThrowingCallable construction) {
    List<SpecProblem> problems = problemsOf(construction);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }
}
