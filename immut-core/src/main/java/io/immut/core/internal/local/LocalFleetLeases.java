package io.immut.core.internal.local;

import io.immut.api.ImmutException;
import io.immut.core.clock.Clock;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.FleetLeases;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases of one host. Every instance in a JVM shares one table keyed by the fleet's
 * {@link FleetKey} (the scope's id, not the driver object), so that two engines on one cloud
 * exclude each other whatever drivers they hold. For a shared scope the holder also takes a file
 * lock ({@link FileChannel#tryLock()}) on {@code <directory>/immut-<owner>-<fleet>-<hash>.lock},
 * which the operating system frees when the process dies; the file keeps the last fencing token, so
 * tokens grow across the processes of the host. A process-local scope writes no file.
 *
 * <p>Expiry: a lease not renewed within its time to live is no longer held and may be taken over by
 * an acquirer in this JVM (with a larger token); within one live process the file lock stays with
 * the JVM. A lease that expired but was not taken over can be renewed.
 */
public final class LocalFleetLeases implements FleetLeases {
  private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

  private final Path directory;
  private final Clock clock;

  /** One fleet's state in this JVM. */
  private static final class Slot {
    long token;
    boolean held;
    Instant expiresAt = Instant.MIN;
    FileChannel channel;
    FileLock lock;
  }

  /**
   * Creates the leases.
   *
   * @param directory the directory of the lock files, created when first needed
   * @param clock the clock of expiry
   */
  public LocalFleetLeases(Path directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public FleetLease acquire(FleetKey key, Duration ttl) {
    Objects.requireNonNull(key, "key");
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease's time to live must be positive, got " + ttl);
    }
    Slot slot = SLOTS.computeIfAbsent(LocalNames.jvmKey(key), k -> new Slot());
    synchronized (slot) {
      Instant now = clock.now();
      Path file = key.scope().processLocal() ? null : directory.resolve(LocalNames.stem(key) + ".lock");
      String where = file == null ? "in this process" : file.toString();
      if (slot.held && now.isBefore(slot.expiresAt)) {
        throw busy(key, "this process", where);
      }
      long next;
      if (slot.held || file == null) {
        // taking over an expired lease of this JVM (its file lock, if any, stays with the JVM)
        next = slot.token + 1;
      } else {
        next = lockFile(key, slot, file, where);
      }
      slot.token = next;
      slot.held = true;
      slot.expiresAt = now.plus(ttl);
      return new Lease(key, slot, next, ttl);
    }
  }

  @Override
  public boolean isLeased(FleetKey key) {
    Slot slot = SLOTS.get(LocalNames.jvmKey(key));
    if (slot != null) {
      synchronized (slot) {
        if (slot.held && clock.now().isBefore(slot.expiresAt)) {
          return true;
        }
      }
    }
    if (key.scope().processLocal()) {
      return false;
    }
    Path file = directory.resolve(LocalNames.stem(key) + ".lock");
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock l = c.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private long lockFile(FleetKey key, Slot slot, Path file, String where) {
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(key, "another process on this host", where);
      }
      long next = Math.max(slot.token, readToken(channel)) + 1;
      byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text), 0);
      channel.force(false);
      slot.channel = channel;
      slot.lock = lock;
      return next;
    } catch (OverlappingFileLockException e) {
      close(channel);
      throw busy(key, "this process", where);
    } catch (FleetBusyException e) {
      close(channel);
      throw e;
    } catch (IOException e) {
      close(channel);
      throw new ImmutException("cannot take the lease of fleet '" + key.fleet() + "' at " + file + ": " + e.getMessage()
          + "; make the lock directory writable or choose another with Immut.builder().lockDirectory(...)", e);
    }
  }

  private static long readToken(FileChannel channel) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32);
    channel.read(b, 0);
    String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    try {
      return s.isEmpty() ? 0 : Math.max(0, Long.parseLong(s));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static FleetBusyException busy(FleetKey key, String who, String where) {
    return new FleetBusyException("fleet '" + key.fleet() + "' is busy: a rollout by " + who + " holds its lease (" + where
        + "); wait for it to finish, or abort it with Immut.abort(\"" + key.fleet() + "\")");
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

  /** One acquisition. */
  private final class Lease implements FleetLease {
    private final FleetKey key;
    private final Slot slot;
    private final long token;
    private final Duration ttl;

    Lease(FleetKey key, Slot slot, long token, Duration ttl) {
      this.key = key;
      this.slot = slot;
      this.token = token;
      this.ttl = ttl;
    }

    @Override
    public FleetKey key() {
      return key;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    @Override
    public Instant expiresAt() {
      synchronized (slot) {
        return slot.token == token ? slot.expiresAt : Instant.MIN;
      }
    }

    @Override
    public boolean isHeld() {
      synchronized (slot) {
        return slot.held && slot.token == token && clock.now().isBefore(slot.expiresAt);
      }
    }

    @Override
    public void renew() {
      synchronized (slot) {
        if (!slot.held || slot.token != token) {
          throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token
              + ") cannot be renewed: it was released or taken over");
        }
        slot.expiresAt = clock.now().plus(ttl);
      }
    }

    @Override
    public void release() {
      synchronized (slot) {
        if (!slot.held || slot.token != token) {
          return;
        }
        slot.held = false;
        try {
          if (slot.lock != null) {
            slot.lock.release();
          }
        } catch (IOException ignored) {
          // closing the channel releases it too
        } finally {
          LocalFleetLeases.close(slot.channel);
          slot.lock = null;
          slot.channel = null;
        }
      }
    }

    @Override
    public String toString() {
      return "FleetLease[" + key + ", token " + token + "]";
    }
  }
}
