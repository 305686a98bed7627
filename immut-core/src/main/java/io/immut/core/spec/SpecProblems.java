package io.immut.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problems found while reading one document, in document order; thrown all at once at the end.
 * A value the tree reader refused (an alias, a control character, a text too long) is reported
 * once: later complaints at its path or under it ("is missing", "expected text") are the same
 * mistake and are dropped.
 */
final class SpecProblems {
  private final List<SpecProblem> list = new ArrayList<>();
  private final Set<String> refused = new HashSet<>();

  void add(String path, String problem, String allowed) {
    add(new SpecProblem(path, problem, allowed));
  }

  void add(SpecProblem problem) {
    if (!refused.isEmpty() && isRefused(problem.path())) {
      return;
    }
    list.add(problem);
  }

  /** Records a problem of the tree reader, whose value at {@code path} is left out of the tree. */
  void refuse(String path, String problem, String allowed) {
    add(path, problem, allowed);
    refused.add(path);
  }

  private boolean isRefused(String path) {
    for (String r : refused) {
      if (path.equals(r) || path.startsWith(r + ".") || path.startsWith(r + "[")) {
        return true;
      }
    }
    return false;
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

  /**
   * Orders the problems as their fields appear in the document, so that a reader can fix them
   * from top to bottom. A problem of a field that is absent goes with the mapping that lacks it.
   */
  void sortInDocumentOrder(JsonNode tree) {
    Map<String, Integer> positions = new HashMap<>();
    number(tree, "", positions);
    List<SpecProblem> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingInt(p -> position(p.path(), positions)));
    list.clear();
    list.addAll(sorted);
  }

  private static void number(JsonNode node, String path, Map<String, Integer> positions) {
    positions.put(path, positions.size());
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> number(e.getValue(), child(path, e.getKey()), positions));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        number(node.get(i), index(path, i), positions);
      }
    }
  }

  private static int position(String path, Map<String, Integer> positions) {
    String p = path;
    while (true) {
      Integer at = positions.get(p);
      if (at != null) {
        return at;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return positions.getOrDefault("", 0);
      }
      p = p.substring(0, cut);
    }
  }

  /** Throws the problems, at most {@link SpecCodec#MAX_PROBLEMS} of them and a last line saying how many more there were. */
  void throwIfAny(String subject) {
    if (list.isEmpty()) {
      return;
    }
    if (list.size() <= SpecCodec.MAX_PROBLEMS) {
      throw new InvalidSpecException(subject, list);
    }
    List<SpecProblem> shown = new ArrayList<>(list.subList(0, SpecCodec.MAX_PROBLEMS));
    int more = list.size() - SpecCodec.MAX_PROBLEMS;
    shown.add(new SpecProblem("", more + " more problems are not listed", "fix the listed ones first, then read again"));
    throw new InvalidSpecException(subject, shown);
  }

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
