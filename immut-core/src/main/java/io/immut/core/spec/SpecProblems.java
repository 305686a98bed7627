package io.immut.core.spec;

import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.util.ArrayList;
import java.util.List;

/** The problems found while reading one document, in document order; thrown all at once at the end. */
final class SpecProblems {
  private final List<SpecProblem> list = new ArrayList<>();

  void add(String path, String problem, String allowed) {
    list.add(new SpecProblem(path, problem, allowed));
  }

  void add(SpecProblem problem) {
    list.add(problem);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  List<SpecProblem> list() {
    return List.copyOf(list);
  }

  void throwIfAny(String subject) {
    if (!list.isEmpty()) {
      throw new InvalidSpecException(subject, list);
    }
  }

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
