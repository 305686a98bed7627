package io.immut.cli.internal.sandbox;

import io.immut.api.ImmutException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A sandbox's directory: its cloud's journal and settings, its generation history, the lock files
 * of its fleets and the logs of background applies.
 *
 * <pre>
 * DIR/cloud.journal       the changes made to the cloud, one JSON line each
 * DIR/cloud.properties    the cloud's settings and the instant it was made
 * DIR/history/            the generation history (GenerationStore.directory)
 * DIR/locks/              fleet leases and fleet commands
 * DIR/logs/               output of apply --async
 * </pre>
 */
public final class SandboxDirectory {
  private static final String CREATED = "created";

  private final Path dir;

  private SandboxDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * The sandbox in a directory (made on first use).
   *
   * @param dir the directory
   * @return the sandbox
   */
  public static SandboxDirectory at(Path dir) {
    return new SandboxDirectory(dir);
  }

  /**
   * The default directory: {@code ~/.immut/sandbox}.
   *
   * @return the path
   */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".immut", "sandbox");
  }

  /** @return the directory */
  public Path path() {
    return dir;
  }

  /** @return where the sandbox keeps its generation history */
  public Path history() {
    return dir.resolve("history");
  }

  /** @return where the sandbox keeps fleet leases and commands */
  public Path locks() {
    return dir.resolve("locks");
  }

  /** @return where background applies write their output */
  public Path logs() {
    return dir.resolve("logs");
  }

  Path journal() {
    return dir.resolve("cloud.journal");
  }

  Path settings() {
    return dir.resolve("cloud.properties");
  }

  /**
   * Empties the sandbox: no instance, no history, no background log. Waits for a command that is
   * making a change; a command running on it then stops with a message that the sandbox was reset.
   *
   * @return whether there was anything to remove
   */
  public boolean reset() {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    boolean had = Files.exists(settings()) || Files.isDirectory(history());
    if (Files.exists(journal())) {
      try (Journal journal = new Journal(journal())) {
        had |= !journal.isEmpty();
        journal.reset();
      }
    }
    delete(history());
    delete(logs());
    try {
      Files.deleteIfExists(settings());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return had;
  }

  /** The settings the sandbox was made with and its creation instant, written on first use. */
  synchronized Map<String, String> settings(Map<String, String> given, boolean fresh) {
    try {
      Files.createDirectories(dir);
      Path file = settings();
      if (fresh || !Files.exists(file)) {
        Properties p = new Properties();
        p.putAll(given);
        p.setProperty(CREATED, Instant.now().toString());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          p.store(w, "the sandbox cloud's settings; remove them with: immut sandbox reset");
        }
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> stored = new TreeMap<>();
      p.stringPropertyNames().forEach(k -> stored.put(k, p.getProperty(k)));
      return stored;
    } catch (IOException e) {
      throw new ImmutException("cannot write the sandbox's settings in " + dir + ": " + e.getMessage()
          + "; choose a writable directory with --config dir=PATH", e);
    }
  }

  static Instant created(Map<String, String> stored) {
    return Instant.parse(stored.get(CREATED));
  }

  static Map<String, String> withoutCreated(Map<String, String> stored) {
    Map<String, String> m = new TreeMap<>(stored);
    m.remove(CREATED);
    return m;
  }

  private static void delete(Path tree) {
    if (!Files.exists(tree)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new ImmutException("cannot remove " + tree + ": " + e.getMessage() + "; remove it by hand", e);
    }
  }

  @Override
  public String toString() {
    return "SandboxDirectory[" + dir + "]";
  }
}
