package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import io.immut.api.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history as a directory of JSON files, {@code <dir>/<fleet>/<fleet>-v003.json}. The files are
 * the truth: every call reads them (parsed files are cached by identity, size and time), so that
 * edits made by git (a checkout, a revert) are seen at once. Writes go to a temporary file in the
 * same directory, forced to disk, then moved in place atomically; a new number is claimed with a
 * hard link, which fails if another writer claimed it first.
 */
final class DirectoryGenerationStore implements GenerationStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryGenerationStore.class);
  private static final int CLAIM_ATTEMPTS = 20;

  private final Path dir;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Object fileKey, long size, long modified, GenerationRecord record) {}

  DirectoryGenerationStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
  }

  @Override
  public GenerationRecord record(FleetSpec spec, Instant now) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(now, "now");
    String fleet = spec.name();
    synchronized (lock(fleet)) {
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        List<GenerationRecord> all = load(fleet);
        for (GenerationRecord r : all) {
          if (r.id().equals(spec.generationId())) {
            return r;
          }
        }
        int next = all.isEmpty() ? 1 : all.get(all.size() - 1).number() + 1;
        GenerationRecord created = new GenerationRecord(new Generation(fleet, next, spec.generationId()), spec,
            GenerationStatus.PENDING, now, now, null);
        if (claim(created)) {
          LOG.debug("Recorded generation {} of fleet {} in {}", created.generation(), fleet, fileOf(fleet, next));
          return created;
        }
        LOG.debug("Number {} of fleet {} was claimed by another writer; reading the history again", next, fleet);
      }
      throw new ImmutException("Could not record a generation of fleet '" + fleet + "' in " + dir + ": other writers"
          + " claimed " + CLAIM_ATTEMPTS + " numbers in a row. Let one process at a time apply a fleet.");
    }
  }

  @Override
  public Optional<GenerationRecord> find(String fleet, String generationId) {
    return history(fleet).stream().filter(r -> r.id().equals(generationId)).findFirst();
  }

  @Override
  public Optional<GenerationRecord> byNumber(String fleet, int number) {
    if (!Names.isValidFleetName(fleet) || number < 1) {
      return Optional.empty();
    }
    Path file = fileOf(fleet, number);
    synchronized (lock(fleet)) {
      return Files.isRegularFile(file) ? Optional.of(read(file, fleet, number)) : Optional.empty();
    }
  }

  @Override
  public List<GenerationRecord> history(String fleet) {
    if (!Names.isValidFleetName(fleet)) {
      return List.of();
    }
    synchronized (lock(fleet)) {
      return List.copyOf(load(fleet));
    }
  }

  @Override
  public GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason, Instant now) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(now, "now");
    synchronized (lock(fleet)) {
      GenerationRecord current = byNumber(fleet, number)
          .orElseThrow(() -> NoSuchGeneration.of(fleet, number, history(fleet), "the generation store at " + dir));
      GenerationRecord updated = current.withStatus(status, reason, now);
      replace(updated);
      LOG.debug("Generation {} of fleet {} is now {}{}", updated.generation(), fleet, status,
          reason == null ? "" : " (" + reason + ")");
      return updated;
    }
  }

  @Override
  public String toString() {
    return "generation store at " + dir;
  }

  private Object lock(String fleet) {
    return locks.computeIfAbsent(fleet, k -> new Object());
  }

  private Path fleetDir(String fleet) {
    return dir.resolve(fleet);
  }

  private Path fileOf(String fleet, int number) {
    return fleetDir(fleet).resolve(new Generation(fleet, number, "-").name() + ".json");
  }

  /** Every record of a fleet, by number. */
  private List<GenerationRecord> load(String fleet) {
    Path fleetDir = fleetDir(fleet);
    if (!Files.isDirectory(fleetDir)) {
      return List.of();
    }
    Pattern name = Pattern.compile(Pattern.quote(fleet) + "-v(\\d{3,})\\.json");
    List<GenerationRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(fleetDir, "*.json")) {
      for (Path file : files) {
        Matcher m = name.matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        int number = Integer.parseInt(m.group(1));
        if (!file.getFileName().toString().equals(fileOf(fleet, number).getFileName().toString())) {
          continue;   // web-v0003.json is not a name immut writes
        }
        records.add(read(file, fleet, number));
      }
    } catch (IOException e) {
      throw new ImmutException("Cannot list the generations of fleet '" + fleet + "' in " + fleetDir + ": " + e, e);
    }
    records.sort(Comparator.comparingInt(GenerationRecord::number));
    return records;
  }

  private GenerationRecord read(Path file, String fleet, int number) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      Cached cached = cache.get(file);
      if (cached != null && attrs.fileKey() != null && attrs.fileKey().equals(cached.fileKey())
          && attrs.size() == cached.size() && attrs.lastModifiedTime().toMillis() == cached.modified()) {
        return cached.record();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      GenerationRecord record;
      try {
        record = GenerationFile.read(text, fleet, number);
      } catch (IllegalArgumentException e) {
        throw new ImmutException("Generation file " + file + " is corrupt: " + e.getMessage()
            + ". Restore it from version control or remove it; immut does not guess a generation's history.", e);
      }
      cache.put(file, new Cached(attrs.fileKey(), attrs.size(), attrs.lastModifiedTime().toMillis(), record));
      return record;
    } catch (NoSuchFileException e) {
      throw new ImmutException("Generation file " + file + " disappeared while it was read; try again.", e);
    } catch (IOException e) {
      throw new ImmutException("Cannot read generation file " + file + ": " + e, e);
    }
  }

  /** Writes a new generation's file; false when its number was taken by another writer meanwhile. */
  private boolean claim(GenerationRecord record) {
    Path target = fileOf(record.fleet(), record.number());
    Path temp = writeTemp(record);
    try {
      try {
        Files.createLink(target, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException noLinks) {
        try {
          Files.move(temp, target);   // without REPLACE_EXISTING: fails if the number is taken
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new ImmutException("Cannot write generation file " + target + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Replaces an existing generation's file atomically. */
  private void replace(GenerationRecord record) {
    Path target = fileOf(record.fleet(), record.number());
    Path temp = writeTemp(record);
    try {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ImmutException("Cannot write generation file " + target + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private Path writeTemp(GenerationRecord record) {
    Path fleetDir = fleetDir(record.fleet());
    try {
      Files.createDirectories(fleetDir);
      Path temp = Files.createTempFile(fleetDir, "." + record.generation().name() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(GenerationFile.write(record).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      return temp;
    } catch (IOException e) {
      throw new ImmutException("Cannot write a generation file of fleet '" + record.fleet() + "' in " + fleetDir + ": "
          + e + ". Check that the directory is writable.", e);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("Could not remove the temporary file {}: {}", temp, e.toString());
    }
  }
}
