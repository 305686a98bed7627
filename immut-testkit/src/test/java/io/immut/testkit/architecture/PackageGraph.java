package io.immut.testkit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the project's packages, read from the main sources of every module:
 * each {@code io.immut...} type a source file names (imported or written out), comments and string
 * literals left out.
 */
final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([a-z][a-z0-9_.]*);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.immut(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z]");
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  final Map<String, Set<String>> edges = new TreeMap<>();
  final Map<String, String> moduleOf = new HashMap<>();

  static PackageGraph ofProject(Path root) {
    PackageGraph g = new PackageGraph();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).sorted().toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            if (!file.getFileName().toString().equals("module-info.java")) {
              g.add(module.getFileName().toString(), Files.readString(file));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return g;
  }

  private void add(String module, String source) {
    Matcher p = PACKAGE.matcher(source);
    if (!p.find()) {
      return;
    }
    String pkg = p.group(1);
    moduleOf.put(pkg, module);
    Set<String> out = edges.computeIfAbsent(pkg, k -> new TreeSet<>());
    Matcher r = REFERENCE.matcher(COMMENTS_AND_STRINGS.matcher(source).replaceAll(" "));
    while (r.find()) {
      String target = r.group(1);
      if (!target.equals(pkg)) {
        out.add(target);
      }
    }
  }

  /** The strongly connected components of more than one package: each a cycle. */
  List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                             Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Set.of())) {
      if (!edges.containsKey(w)) {
        continue;
      }
      if (!index.containsKey(w)) {
        strongConnect(w, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }

  /** For a cycle, the edges inside it, to say in a failure which references close it. */
  String describe(Set<String> cycle) {
    StringBuilder b = new StringBuilder();
    for (String from : cycle) {
      for (String to : edges.getOrDefault(from, Set.of())) {
        if (cycle.contains(to)) {
          b.append("\n    ").append(from).append(" -> ").append(to);
        }
      }
    }
    return b.toString();
  }
}
