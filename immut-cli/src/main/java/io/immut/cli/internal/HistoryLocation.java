package io.immut.cli.internal;

import io.immut.api.Redaction;
import io.immut.core.history.GenerationStore;
import java.nio.file.Path;

/**
 * Where the generation history is: a directory of JSON files now; a {@code jdbc:} URL is recognised
 * and refused until a JDBC history module is on the class path, so that the option keeps its shape
 * when it arrives.
 */
sealed interface HistoryLocation {

  /** Opens the store. */
  GenerationStore open();

  /** How the location is shown: never with credentials. */
  String shown();

  /**
   * Reads a location as given.
   *
   * @param given a directory, or a {@code jdbc:} URL
   * @param io to resolve a relative directory
   * @return the location
   */
  static HistoryLocation parse(String given, Io io) {
    if (given.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return new Jdbc(given);
    }
    return new Directory(io.resolve(given));
  }

  /** A directory store ({@link GenerationStore#directory}). */
  record Directory(Path dir) implements HistoryLocation {
    @Override
    public GenerationStore open() {
      return GenerationStore.directory(dir);
    }

    @Override
    public String shown() {
      return dir.toString();
    }
  }

  /** A database: not available in this build. */
  record Jdbc(String url) implements HistoryLocation {
    @Override
    public GenerationStore open() {
      throw new CliException("a JDBC history (" + shown() + ") needs the immut-postgres module, which this immut does not"
          + " have yet: keep the history in a directory instead, e.g. --history deploy/history", Exit.ERROR);
    }

    @Override
    public String shown() {
      return Redaction.scrub(url.replaceAll("(?i)(password=)[^&;]*", "$1" + Redaction.MASK));
    }

    @Override
    public String toString() {
      return "Jdbc[" + shown() + "]";
    }
  }
}
