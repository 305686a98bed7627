package io.immut.cli.internal.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.ImmutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The sandbox's journal: one JSON line per change made to its cloud (launch, terminate, register,
 * deregister), in the order they were made, by whichever process made them. Each process replays
 * the lines it has not seen before every call, under a shared file lock, and makes a change under
 * an exclusive one (catching up first), so that every process applies the same changes in the same
 * order and concurrent commands never corrupt the journal. Not thread-safe: the driver serialises
 * the calls of its process.
 */
final class Journal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** File locks are held by the JVM: two journals of one file in one JVM take turns on this monitor first. */
  private static final ConcurrentHashMap<Path, Object> IN_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final Object monitor;
  private long offset;

  Journal(Path file) {
    this.file = file;
    this.monitor = IN_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object());
    try {
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ImmutException("cannot open the sandbox journal " + file + ": " + e.getMessage()
          + "; check that the sandbox directory is writable, or choose another with --config dir=PATH", e);
    }
  }

  /** Applies the entries written since the last call, by this or another process. */
  void catchUp(Consumer<JsonNode> apply) {
    try {
      if (channel.size() == offset) {
        return;
      }
      synchronized (monitor) {
        try (FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
          readNew(apply);
        }
      }
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  /**
   * Makes one change under the journal's exclusive lock: catches up, makes the change, and appends
   * its entry even when the change failed (its replay fails the same way), then rethrows the failure.
   *
   * @param apply how an earlier entry is replayed
   * @param entry the change's entry
   * @param change makes the change
   */
  void append(Consumer<JsonNode> apply, ObjectNode entry, Runnable change) {
    synchronized (monitor) {
      appendLocked(apply, entry, change);
    }
  }

  private void appendLocked(Consumer<JsonNode> apply, ObjectNode entry, Runnable change) {
    try (FileLock lock = channel.lock()) {
      readNew(apply);
      if (channel.size() > offset) {
        channel.truncate(offset); // a line cut short by a crash: never completed, never applied
      }
      RuntimeException failure = null;
      try {
        change.run();
      } catch (RuntimeException e) {
        failure = e;
      }
      byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(line);
      long at = offset;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      channel.force(false);
      offset = at;
      if (failure != null) {
        throw failure;
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  /** Empties the journal: the cloud starts again with no instance. */
  void reset() {
    synchronized (monitor) {
      try (FileLock lock = channel.lock()) {
        channel.truncate(0);
        channel.force(true);
        offset = 0;
      } catch (IOException e) {
        throw failure("reset", e);
      }
    }
  }

  /** Whether no change was ever made (as far as this process has read). */
  boolean isEmpty() {
    try {
      return channel.size() == 0;
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  private void readNew(Consumer<JsonNode> apply) throws IOException {
    long size = channel.size();
    if (size < offset) {
      throw new ImmutException("the sandbox in " + file.getParent() + " was reset while this command ran ("
          + "immut sandbox reset); run the command again");
    }
    if (size == offset) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
    long at = offset;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    byte[] bytes = new byte[buffer.position()];
    buffer.flip();
    buffer.get(bytes);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        offset += i - start + 1;
        start = i + 1;
        if (!line.isBlank()) {
          apply.accept(parse(line));
        }
      }
    }
  }

  private JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new ImmutException("the sandbox journal " + file + " has a line that is not JSON near byte " + offset
          + "; start a new sandbox with: immut sandbox reset", e);
    }
  }

  private ImmutException failure(String verb, IOException e) {
    return new ImmutException("cannot " + verb + " the sandbox journal " + file + ": " + e.getMessage()
        + "; check that the sandbox directory is writable and on a local disk", new UncheckedIOException(e));
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing is lost: every entry was forced when it was written
    }
  }
}
