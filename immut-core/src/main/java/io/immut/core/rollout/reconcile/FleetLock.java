package io.immut.core.rollout.reconcile;

import io.immut.core.rollout.FleetBusyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rollout per fleet at a time: a lock held in this JVM, and a file lock in a lock directory
 * for other processes on the same host ({@link FileChannel#tryLock()}; the operating system
 * releases it when a process dies). Several hosts need a shared lease, which this is not.
 *
 * <p>The in-JVM lock is keyed by a <em>scope</em> (which cloud account the fleet lives in) as well
 * as owner and fleet, so that two clouds in one JVM — two in-memory clouds in parallel tests — never
 * block each other. A process-local cloud takes no file lock at all (directory {@code null}): no
 * other process can see it.
 */
public final class FleetLock implements AutoCloseable {
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock lock;

  private FleetLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The default lock directory: {@code immut-locks} in the system's temporary directory.
   *
   * @return the directory
   */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "immut-locks");
  }

  /**
   * Takes the fleet's lock in the default scope, or fails at once.
   *
   * @param directory the lock directory (created when missing)
   * @param owner the owner
   * @param fleet the fleet
   * @return the held lock; close it to release
   * @throws FleetBusyException when another rollout of the fleet holds it
   */
  public static FleetLock acquire(Path directory, String owner, String fleet) {
    return acquire(directory, "", owner, fleet);
  }

  /**
   * Takes the fleet's lock, or fails at once.
   *
   * @param directory the lock directory (created when missing), or null for a cloud only this
   *     process can see: then only the in-JVM lock is taken
   * @param scope which cloud the fleet lives in; fleets of two scopes never share a lock in this JVM
   * @param owner the owner
   * @param fleet the fleet
   * @return the held lock; close it to release
   * @throws FleetBusyException when another rollout of the fleet holds it
   */
  public static FleetLock acquire(Path directory, String scope, String owner, String fleet) {
    String name = "immut-" + safe(owner) + "-" + safe(fleet) + ".lock";
    Path file = directory == null ? null : directory.toAbsolutePath().normalize().resolve(name);
    String key = scope + "|" + (file == null ? name : file.toString());
    String where = file == null ? "in this process" : file.toString();
    if (!HELD.add(key)) {
      throw busy(fleet, "this process", where);
    }
    if (file == null) {
      return new FleetLock(key, null, null);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(fleet, "another process on this host", where);
      }
      return new FleetLock(key, channel, lock);
    } catch (OverlappingFileLockException e) {
      close(channel);
      HELD.remove(key);
      throw busy(fleet, "this process", where);
    } catch (FleetBusyException e) {
      close(channel);
      HELD.remove(key);
      throw e;
    } catch (IOException e) {
      close(channel);
      HELD.remove(key);
      throw new io.immut.api.ImmutException("cannot take the rollout lock of fleet '" + fleet + "' at " + file + ": "
          + e.getMessage() + "; make the lock directory writable or choose another with Immut.builder().lockDirectory(...)", e);
    }
  }

  private static FleetBusyException busy(String fleet, String who, String file) {
    return new FleetBusyException("fleet '" + fleet + "' is busy: a rollout by " + who + " holds its lock (" + file
        + "); wait for it to finish, or abort it with Immut.abort(\"" + fleet + "\")");
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void close(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel releases it too
    } finally {
      close(channel);
      HELD.remove(key);
    }
  }
}
