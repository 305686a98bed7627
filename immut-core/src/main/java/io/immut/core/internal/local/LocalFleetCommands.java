package io.immut.core.internal.local;

import io.immut.api.ImmutException;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands of one host. For a process-local scope, a table in this JVM shared by every
 * instance; for a shared scope, one empty file per waiting command beside the lock files
 * ({@code immut-<owner>-<fleet>-<hash>.promote}, {@code .abort}, {@code .rollback}, {@code .pause}),
 * so that any process on the host can send them and the lease holder sees them at its next step.
 */
public final class LocalFleetCommands implements FleetCommands {
  private static final Map<String, Set<FleetCommand>> LOCAL = new ConcurrentHashMap<>();
  private static final Set<FleetCommand> KEPT = EnumSet.of(FleetCommand.PROMOTE, FleetCommand.ABORT,
      FleetCommand.ROLLBACK, FleetCommand.PAUSE);

  private final Path directory;

  /**
   * Creates the commands.
   *
   * @param directory where the files of shared scopes live, created when first needed
   */
  public LocalFleetCommands(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
  }

  @Override
  public void send(FleetKey key, FleetCommand command) {
    Objects.requireNonNull(command, "command");
    FleetCommand stored = command == FleetCommand.RESUME ? FleetCommand.PAUSE : command;
    boolean add = command != FleetCommand.RESUME;
    if (key.scope().processLocal()) {
      Set<FleetCommand> set = LOCAL.computeIfAbsent(LocalNames.jvmKey(key), k -> ConcurrentHashMap.newKeySet());
      if (add) {
        set.add(stored);
      } else {
        set.remove(stored);
      }
      return;
    }
    Path file = file(key, stored);
    try {
      if (add) {
        Files.createDirectories(directory);
        if (!Files.exists(file)) {
          Files.writeString(file, "");
        }
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new ImmutException("cannot send " + command + " to fleet '" + key.fleet() + "' at " + file + ": " + e.getMessage()
          + "; make the lock directory writable or choose another with Immut.builder().lockDirectory(...)", e);
    }
  }

  @Override
  public Set<FleetCommand> pending(FleetKey key) {
    if (key.scope().processLocal()) {
      Set<FleetCommand> set = LOCAL.get(LocalNames.jvmKey(key));
      return set == null || set.isEmpty() ? Set.of() : Set.copyOf(set);
    }
    Set<FleetCommand> found = EnumSet.noneOf(FleetCommand.class);
    for (FleetCommand c : KEPT) {
      if (Files.exists(file(key, c))) {
        found.add(c);
      }
    }
    return Set.copyOf(found);
  }

  @Override
  public void clear(FleetLease lease, FleetCommand command) {
    lease.check();
    FleetKey key = lease.key();
    FleetCommand stored = command == FleetCommand.RESUME ? FleetCommand.PAUSE : command;
    if (key.scope().processLocal()) {
      Set<FleetCommand> set = LOCAL.get(LocalNames.jvmKey(key));
      if (set != null) {
        set.remove(stored);
      }
      return;
    }
    try {
      Files.deleteIfExists(file(key, stored));
    } catch (IOException e) {
      throw new ImmutException("cannot clear " + command + " of fleet '" + key.fleet() + "': " + e.getMessage(), e);
    }
  }

  private Path file(FleetKey key, FleetCommand c) {
    return directory.resolve(LocalNames.stem(key) + "." + c.name().toLowerCase(Locale.ROOT));
  }
}
