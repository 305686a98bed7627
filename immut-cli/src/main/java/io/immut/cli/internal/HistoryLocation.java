package io.immut.cli.internal;

import io.immut.api.Redaction;
import io.immut.core.Immut;
import io.immut.core.history.GenerationStore;
import io.immut.postgres.PostgresConfig;
import io.immut.postgres.PostgresFleetStore;
import io.immut.postgres.PostgresStoreException;
import java.nio.file.Path;

/**
 * Where the generation history is: a directory of JSON files, or a PostgreSQL database
 * ({@code jdbc:postgresql:} URL), which also holds the fleet leases and commands so that commands
 * run on several hosts, and a controller, coordinate.
 */
sealed interface HistoryLocation {

  /**
   * Hands the history (and, for a database, the leases and commands) to an engine's builder.
   *
   * @param builder the builder
   * @return what to close once the engine is closed
   */
  AutoCloseable configure(Immut.Builder builder);

  /** How the location is shown: never with credentials. */
  String shown();

  /**
   * Reads a location as given.
   *
   * @param given a directory, or a {@code jdbc:postgresql:} URL
   * @param user the database user, for a URL (may be null: then the URL's or the driver's default)
   * @param password the database password, for a URL (may be null)
   * @param io to resolve a relative directory
   * @return the location
   */
  static HistoryLocation parse(String given, String user, String password, Io io) {
    if (given.regionMatches(true, 0, "jdbc:", 0, 5)) {
      Jdbc jdbc = new Jdbc(given, user, password);
      if (!given.startsWith("jdbc:postgresql:")) {
        throw new CliException("the history " + jdbc.shown() + " is not a PostgreSQL database: the only database immut"
            + " keeps its history in is PostgreSQL; give --history jdbc:postgresql://HOST:5432/DATABASE, or a directory",
            Exit.ERROR);
      }
      return jdbc;
    }
    return new Directory(io.resolve(given));
  }

  /** A directory store ({@link GenerationStore#directory}). */
  record Directory(Path dir) implements HistoryLocation {
    @Override
    public AutoCloseable configure(Immut.Builder builder) {
      builder.generationStore(GenerationStore.directory(dir));
      return () -> { };
    }

    @Override
    public String shown() {
      return dir.toString();
    }
  }

  /** A PostgreSQL database, through {@link PostgresFleetStore}: history, leases and commands. */
  record Jdbc(String url, String user, String password) implements HistoryLocation {
    @Override
    public AutoCloseable configure(Immut.Builder builder) {
      PostgresFleetStore store;
      try {
        PostgresConfig.Builder config = PostgresConfig.builder().jdbcUrl(url).poolSize(2);
        if (user != null) {
          config.user(user);
        }
        if (password != null) {
          config.password(password);
        }
        store = PostgresFleetStore.builder().config(config.build()).build();
      } catch (PostgresStoreException | IllegalArgumentException e) {
        throw new CliException("cannot use the history " + shown() + ": " + e.getMessage(), Exit.ERROR);
      }
      store.configure(builder);
      return store;
    }

    @Override
    public String shown() {
      return Redaction.scrub(url.replaceAll("(?i)(password=)[^&;]*", "$1" + Redaction.MASK));
    }

    @Override
    public String toString() {
      return "Jdbc[" + shown() + (user == null ? "" : ", user " + user) + (password == null ? "" : ", password "
          + Redaction.MASK) + "]";
    }
  }
}
