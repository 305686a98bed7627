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
 */
public final class FleetLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private FleetLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
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
   * Takes the fleet's lock, or fails at once.
   *
   * @param directory the lock directory (created when missing)
   * @param owner the owner
   * @param fleet the fleet
   * @return the held lock; close it to release
   * @throws FleetBusyException when another rollout of the fleet holds it
   */
  public static FleetLock acquire(Path directory, String owner, String fleet) {
    Path file = directory.toAbsolutePath().normalize().resolve("immut-" + safe(owner) + "-" + safe(fleet) + ".lock");
    if (!HELD.add(file)) {
      throw busy(fleet, "this process", file);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(fleet, "another process on this host", file);
      }
      return new FleetLock(file, channel, lock);
    } catch (OverlappingFileLockException e) {
      close(channel);
      HELD.remove(file);
      throw busy(fleet, "this process", file);
    } catch (FleetBusyException e) {
      close(channel);
      HELD.remove(file);
      throw e;
    } catch (IOException e) {
      close(channel);
      HELD.remove(file);
      throw new io.immut.api.ImmutException("cannot take the rollout lock of fleet '" + fleet + "' at " + file + ": "
          + e.getMessage() + "; make the lock directory writable or choose another with Immut.builder().lockDirectory(...)", e);
    }
  }

  private static FleetBusyException busy(String fleet, String who, Path file) {
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
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    } finally {
      close(channel);
      HELD.remove(file);
    }
  }
}
