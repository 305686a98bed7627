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
import java.util.Set;
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
 * hard link, which fails if another writer claimed it first. A writer that loses a claim reads the
 * history again and claims the next number: it retries for as long as other writers make progress
 * (each lost claim is a number another writer took), so any number of concurrent writers all
 * succeed. Temporary files left by a killed writer are ignored by readers and removed by the next
 * write once they are older than {@link #STALE_TEMP_AGE}.
 */
final class DirectoryGenerationStore implements GenerationStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryGenerationStore.class);
  /** A temporary file older than this was left by a writer that died: the next write removes it. */
  static final java.time.Duration STALE_TEMP_AGE = java.time.Duration.ofMinutes(10);
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path dir;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
  private final Set<Path> warned = ConcurrentHashMap.newKeySet();

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
      removeStaleTemps(fleet);
      int lost = -1;
      while (true) {
        List<GenerationRecord> all = load(fleet);
        for (GenerationRecord r : all) {
          if (r.id().equals(spec.generationId())) {
            return r;
          }
        }
        int next = all.isEmpty() ? 1 : all.get(all.size() - 1).number() + 1;
        if (next == lost) {
          // The number was taken, yet no readable generation holds it: no writer made progress.
          throw new ImmutException("Cannot record a generation of fleet '" + fleet + "': " + fileOf(fleet, next)
              + " exists but is not a generation file immut can read (a directory, a link, a file of another"
              + " name form?). Move it out of " + fleetDir(fleet) + " and apply again.");
        }
        GenerationRecord created = new GenerationRecord(new Generation(fleet, next, spec.generationId()), spec,
            GenerationStatus.PENDING, now, now, null);
        if (claim(created)) {
          LOG.debug("Recorded generation {} of fleet {} in {}", created.generation(), fleet, fileOf(fleet, next));
          return created;
        }
        LOG.debug("Number {} of fleet {} was claimed by another writer; reading the history again", next, fleet);
        lost = next;
      }
    }
  }

  /**
   * Reads every generation file of the fleet and reports every problem at once: files that are
   * corrupt or unreadable, dangling links, names immut never writes, and two files holding one
   * generation id. Cheap when nothing changed: parsed files are cached by identity, size and time.
   *
   * @param fleet the fleet's name
   * @throws ImmutException listing every problem with its file and the fix
   */
  @Override
  public void verify(String fleet) {
    if (!Names.isValidFleetName(fleet)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    synchronized (lock(fleet)) {
      Map<String, Integer> numberById = new java.util.HashMap<>();
      for (Path file : files(fleet)) {
        Matcher m = namePattern(fleet).matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        Integer number = number(fleet, file, m.group(1));
        if (number != null && number == -1) {
          continue;
        }
        if (number == null) {
          problems.add(file + ": the number is out of range (at most " + Integer.MAX_VALUE
              + "); immut never writes such a file: move it out of the directory");
          continue;
        }
        try {
          GenerationRecord r = read(file, fleet, number);
          Integer other = numberById.putIfAbsent(r.id(), number);
          if (other != null) {
            problems.add(file + ": holds generation id " + r.id() + ", as " + fileOf(fleet, other).getFileName()
                + " does; one generation has one number: remove the copy");
          }
        } catch (ImmutException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ImmutException("The history of fleet '" + fleet + "' in " + fleetDir(fleet) + " has " + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + "; nothing was changed:"
          + problems.stream().map(p -> "\n  - " + p).collect(java.util.stream.Collectors.joining()));
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
    return updateStatus(fleet, number, status, reason, null, now);
  }

  @Override
  public GenerationRecord updateStatus(String fleet, int number, GenerationStatus status, String reason,
      Instant keptUntil, Instant now) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(now, "now");
    synchronized (lock(fleet)) {
      GenerationRecord current = byNumber(fleet, number)
          .orElseThrow(() -> NoSuchGeneration.of(fleet, number, history(fleet), "the generation store at " + dir));
      GenerationRecord updated = current.withStatus(status, reason, keptUntil, now);
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
    Pattern name = namePattern(fleet);
    List<GenerationRecord> records = new ArrayList<>();
    for (Path file : files(fleet)) {
      Matcher m = name.matcher(file.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      Integer number = number(fleet, file, m.group(1));
      if (number != null && number == -1) {
        continue;
      }
      if (number == null) {
        if (warned.add(file)) {
          LOG.warn("Ignoring {}: its number is out of range, and immut never writes such a file. Move it out of {}.",
              file, fleetDir(fleet));
        }
        continue;
      }
      records.add(read(file, fleet, number));
    }
    records.sort(Comparator.comparingInt(GenerationRecord::number));
    return records;
  }

  private static Pattern namePattern(String fleet) {
    return Pattern.compile(Pattern.quote(fleet) + "-v(\\d{3,})\\.json");
  }

  /**
   * The number a generation file's name carries: -1 when immut never writes that name
   * ({@code web-v0003.json}: ignored, as any other file), null when the number is out of range.
   */
  private Integer number(String fleet, Path file, String digits) {
    if (digits.length() > 3 && digits.charAt(0) == '0') {
      return -1;
    }
    if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
      return null;
    }
    int n = Integer.parseInt(digits);
    return n >= 1 && file.getFileName().toString().equals(fileOf(fleet, n).getFileName().toString()) ? n : -1;
  }

  /** The generation files of a fleet (names ending in .json), or none when it has no directory. */
  private List<Path> files(String fleet) {
    Path fleetDir = fleetDir(fleet);
    if (!Files.isDirectory(fleetDir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(fleetDir, "*.json")) {
      for (Path file : files) {
        out.add(file);
      }
    } catch (IOException e) {
      throw new ImmutException("Cannot list the generations of fleet '" + fleet + "' in " + fleetDir + ": " + e, e);
    }
    // By number (a shorter name is a smaller number), so that problems are reported in history order.
    out.sort(Comparator.comparingInt((Path p) -> p.getFileName().toString().length()).thenComparing(Path::getFileName));
    return out;
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
      if (Files.isSymbolicLink(file)) {
        throw new ImmutException("Generation file " + file + " is a symbolic link to " + linkTarget(file)
            + ", which does not exist. Restore the file it points to, or remove the link.", e);
      }
      throw new ImmutException("Generation file " + file + " disappeared while it was read (another process"
          + " removed or renamed it); read the history again.", e);
    } catch (IOException e) {
      throw new ImmutException("Cannot read generation file " + file + ": " + e, e);
    }
  }

  private static String linkTarget(Path link) {
    try {
      return String.valueOf(Files.readSymbolicLink(link));
    } catch (IOException | UnsupportedOperationException e) {
      return "a file";
    }
  }

  /** Removes temporary files a killed writer left; a live writer's files are young and kept. */
  private void removeStaleTemps(String fleet) {
    Path fleetDir = fleetDir(fleet);
    if (!Files.isDirectory(fleetDir)) {
      return;
    }
    long cutoff = System.currentTimeMillis() - STALE_TEMP_AGE.toMillis();
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(fleetDir, ".*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
            Files.deleteIfExists(temp);
            LOG.info("Removed {}, a temporary file left by an interrupted write", temp);
          }
        } catch (NoSuchFileException gone) {
          // another writer removed it first
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not remove old temporary files in {}: {}", fleetDir, e.toString());
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
      Path temp = Files.createTempFile(fleetDir, "." + record.generation().name() + ".", TEMP_SUFFIX);
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
