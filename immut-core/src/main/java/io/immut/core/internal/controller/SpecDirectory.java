package io.immut.core.internal.controller;

import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import io.immut.core.controller.SpecFileProblem;
import io.immut.core.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A directory of spec files ({@code *.yaml}, {@code *.yml}, {@code *.json}, not recursive), read
 * with {@link SpecCodec}. A file is read again only when its size or modification time changed. A
 * file that does not read is reported with every problem, and the fleet it defined before (if any)
 * keeps its last good spec; the other files are not held up.
 */
final class SpecDirectory {
  /** One scan: the specs by fleet (each with its file), and the files that could not be taken. */
  record Scan(Map<String, Entry> specs, List<SpecFileProblem> problems) {}

  /** A spec and the file it came from. */
  record Entry(FleetSpec spec, Path file) {}

  private record Seen(FileTime modified, long size, FleetSpec spec, SpecFileProblem problem) {}

  private final Path directory;
  private final Map<Path, Seen> seen = new HashMap<>();
  /** The fleet each file defined when it last read well. */
  private final Map<Path, FleetSpec> lastGood = new HashMap<>();

  SpecDirectory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
  }

  Path directory() {
    return directory;
  }

  /** Reads what changed since the last scan. */
  synchronized Scan scan() {
    List<SpecFileProblem> problems = new ArrayList<>();
    TreeSet<Path> files = new TreeSet<>();
    if (!Files.isDirectory(directory)) {
      problems.add(new SpecFileProblem(directory, "the spec directory does not exist or is not a directory; create it or "
          + "give another to FleetController.builder().specDirectory(...)"));
      return new Scan(Map.of(), problems);
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(directory)) {
      for (Path p : s) {
        String n = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        if ((n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")) && !n.startsWith(".") && Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      problems.add(new SpecFileProblem(directory, "cannot list the spec directory: " + e.getMessage()));
      return new Scan(Map.of(), problems);
    }
    seen.keySet().retainAll(files);
    lastGood.keySet().retainAll(files);
    Map<String, Entry> specs = new LinkedHashMap<>();
    for (Path file : files) {
      Seen s = read(file);
      FleetSpec spec = s.spec();
      if (s.problem() != null) {
        problems.add(s.problem());
        spec = lastGood.get(file);
      }
      if (spec == null) {
        continue;
      }
      Entry other = specs.get(spec.name());
      if (other != null) {
        problems.add(new SpecFileProblem(file, "fleet '" + spec.name() + "' is also defined by " + other.file()
            + "; one file per fleet: remove or rename one of them (this file is ignored)"));
        continue;
      }
      specs.put(spec.name(), new Entry(spec, file));
    }
    return new Scan(specs, problems);
  }

  private Seen read(Path file) {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      return new Seen(null, -1, null, new SpecFileProblem(file, "cannot read the file: " + e.getMessage()));
    }
    Seen before = seen.get(file);
    if (before != null && before.modified().equals(modified) && before.size() == size) {
      return before;
    }
    Seen now;
    try {
      FleetSpec spec = SpecCodec.read(file);
      lastGood.put(file, spec);
      now = new Seen(modified, size, spec, null);
    } catch (InvalidSpecException e) {
      now = new Seen(modified, size, null, new SpecFileProblem(file, describe(e, text(file))));
    } catch (ImmutException | IllegalArgumentException e) {
      now = new Seen(modified, size, null, new SpecFileProblem(file, e.getMessage()));
    }
    seen.put(file, now);
    return now;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The reader's message, with the line of each problem's field where the file shows it (the
   * reader gives field paths; a syntax error has its line and column already).
   */
  static String describe(InvalidSpecException e, String text) {
    String message = e.getMessage() == null ? "the spec is not valid" : e.getMessage();
    List<String> lines = text.lines().toList();
    for (SpecProblem p : e.problems()) {
      int line = lineOf(p.path(), lines);
      if (line > 0) {
        String at = "- " + p.path() + ":";
        message = message.replace(at, "- " + p.path() + " (line " + line + "):");
      }
    }
    return message;
  }

  /** The 1-based line where the last key of a field path is written, following the path down; 0 when not found. */
  static int lineOf(String path, List<String> lines) {
    if (path == null || path.isEmpty()) {
      return 0;
    }
    int from = 0;
    int found = 0;
    for (String segment : path.split("\\.")) {
      String key = segment.replaceAll("\\[\\d+]$", "");
      if (key.isEmpty()) {
        continue;
      }
      int at = -1;
      for (int i = from; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.matches("^[\\s{,\\-\\[]*\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:.*")
            || l.matches(".*[{,]\\s*\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:.*")) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return found;
      }
      found = at + 1;
      from = at;
    }
    return found;
  }
}
