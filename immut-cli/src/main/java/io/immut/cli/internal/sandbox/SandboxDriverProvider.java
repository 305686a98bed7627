package io.immut.cli.internal.sandbox;

import io.immut.api.Durations;
import io.immut.api.ImmutException;
import io.immut.core.memory.MemoryDriverProvider;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import io.immut.spi.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provider of the {@code sandbox} driver: the in-memory cloud kept in a directory, so that
 * successive commands see the same fleets, in real time. Properties (all optional): {@code dir}
 * (default {@code ~/.immut/sandbox}), {@code timeScale} (default 0.1: the memory cloud's default
 * boot, health, shutdown and drain times scaled down, a 30 s boot taking 3 s), and every property
 * of the {@code memory} driver ({@code bootTime}, {@code healthyAfter}, {@code prices}, ...), taken
 * as given. A sandbox keeps the settings it was made with; other settings need a new one
 * ({@code immut sandbox reset}).
 */
public final class SandboxDriverProvider implements CloudDriverProvider {
  static final String DIR = "dir";
  static final String TIME_SCALE = "timeScale";
  private static final Map<String, Duration> SCALED = Map.of("bootTime", Duration.ofSeconds(30),
      "healthyAfter", Duration.ofSeconds(10), "shutdownTime", Duration.ofSeconds(5), "drainTime", Duration.ofSeconds(10));

  /** Used by {@link java.util.ServiceLoader}; does nothing. */
  public SandboxDriverProvider() {}

  @Override
  public String name() {
    return SandboxDriver.NAME;
  }

  /**
   * Opens the sandbox in its directory, replaying what earlier commands did to it.
   *
   * @param config the properties above
   * @param context ignored: the sandbox runs in real time
   * @return the driver
   */
  @Override
  public CloudDriver create(DriverConfig config, DriverContext context) {
    SandboxDirectory sandbox = SandboxDirectory.at(directory(config));
    DriverConfig.Reader r = config.reader();
    r.string(DIR, null);
    double scale = r.decimal(TIME_SCALE, 0.1);
    if (!(scale > 0) || scale > 10) {
      r.problem(TIME_SCALE + ": " + scale + " is out of range; allowed: a factor over 0 and at most 10 (0.1 makes a 30s boot take 3s)");
    }
    Map<String, String> given = new TreeMap<>(config.properties());
    given.remove(DIR);
    given.remove(TIME_SCALE);
    r.accept(given.keySet().toArray(String[]::new));
    r.validate();
    for (Map.Entry<String, Duration> d : SCALED.entrySet()) {
      given.putIfAbsent(d.getKey(), Durations.format(Duration.ofMillis(Math.round(d.getValue().toMillis() * scale))));
    }
    try {
      Files.createDirectories(sandbox.path());
    } catch (java.io.IOException e) {
      throw new ImmutException("cannot make the sandbox directory " + sandbox.path() + ": " + e.getMessage()
          + "; choose a writable one with --config dir=PATH", e);
    }
    Journal journal = new Journal(sandbox.journal());
    try {
      Map<String, String> stored = sandbox.settings(given, journal.isEmpty());
      Map<String, String> settings = SandboxDirectory.withoutCreated(stored);
      if (!settings.equals(given)) {
        throw new InvalidConfigException(SandboxDriver.NAME, List.of("the sandbox in " + sandbox.path() + " was made with "
            + settings + ", not " + given + ": start a new one with these settings by running `immut sandbox reset` first,"
            + " or use another directory with --config dir=PATH"));
      }
      SandboxClock clock = new SandboxClock();
      clock.pin(SandboxDirectory.created(stored)); // the cloud's own creation time, the same in every process
      CloudDriver cloud;
      try {
        cloud = MemoryDriverProvider.builder(DriverConfig.of("memory", settings), clock).build().driver();
      } catch (InvalidConfigException e) {
        throw new InvalidConfigException(SandboxDriver.NAME, e.problems().stream()
            .map(p -> p.replace("of driver 'memory'", "of driver 'sandbox' (or of 'memory', which it passes them to)")).toList());
      } finally {
        clock.unpin();
      }
      return new SandboxDriver("sandbox:" + sandbox.path(), clock, cloud, journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * The sandbox directory a configuration names.
   *
   * @param config a sandbox configuration
   * @return its {@code dir}, or the default
   */
  public static Path directory(DriverConfig config) {
    return config.get(DIR).map(Path::of).orElseGet(SandboxDirectory::defaultPath).toAbsolutePath().normalize();
  }
}
