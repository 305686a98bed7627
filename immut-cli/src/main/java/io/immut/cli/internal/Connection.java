package io.immut.cli.internal;

import io.immut.api.Redaction;
import io.immut.cli.internal.sandbox.SandboxDirectory;
import io.immut.cli.internal.sandbox.SandboxDriverProvider;
import io.immut.core.Immut;
import io.immut.spi.DriverConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The driver, its configuration, the history and the owner a command works with, resolved from
 * (lowest first) the defaults, the config file, the environment and the command line.
 */
final class Connection {
  static final String DEFAULT_DRIVER = "sandbox";
  private static final String ENV_CONFIG = "IMMUT_CONFIG_";
  private static final String ENV_CONFIG_FILE = "IMMUT_CONFIG_FILE";

  private final String driver;
  private final DriverConfig config;
  private final HistoryLocation history;
  private final String owner;
  private final SandboxDirectory sandbox;

  private Connection(String driver, DriverConfig config, HistoryLocation history, String owner, SandboxDirectory sandbox) {
    this.driver = driver;
    this.config = config;
    this.history = history;
    this.owner = owner;
    this.sandbox = sandbox;
  }

  static Connection resolve(ConnectionOptions o, Io io) {
    Map<String, String> env = io.env();
    String fileName = first(o.configFile, env.get(ENV_CONFIG_FILE));
    Map<String, String> file = fileName == null ? Map.of() : readFile(io.resolve(fileName), fileName);
    String driver = first(o.driver, env.get("IMMUT_DRIVER"), file.get("driver"), DEFAULT_DRIVER).trim();
    Map<String, String> properties = new TreeMap<>();
    String prefix = driver + ".";
    file.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        properties.put(k.substring(prefix.length()), v);
      }
    });
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_CONFIG) && !k.equals(ENV_CONFIG_FILE) && k.length() > ENV_CONFIG.length()) {
        properties.put(propertyOf(k.substring(ENV_CONFIG.length())), v);
      }
    });
    properties.putAll(o.config);
    DriverConfig config = DriverConfig.of(driver, properties);
    SandboxDirectory sandbox = null;
    if (driver.equals(DEFAULT_DRIVER)) {
      // IMMUT_SANDBOX_DIR beside IMMUT_CONFIG_DIR: it is read by the sandbox alone, so a shell may keep it set for any driver
      String dir = config.get("dir").orElse(env.get("IMMUT_SANDBOX_DIR"));
      if (dir != null) {
        properties.put("dir", io.resolve(dir).toString());
        config = DriverConfig.of(driver, properties);
      }
      sandbox = SandboxDirectory.at(SandboxDriverProvider.directory(config));
    }
    String historyGiven = first(o.history, env.get("IMMUT_HISTORY"), file.get("history"));
    // the database's user and password: never a flag (a command line shows in ps and in CI logs)
    String historyUser = first(env.get("IMMUT_HISTORY_USER"), file.get("history.user"));
    String historyPassword = first(env.get("IMMUT_HISTORY_PASSWORD"), file.get("history.password"));
    HistoryLocation history = historyGiven != null ? HistoryLocation.parse(historyGiven, historyUser, historyPassword, io)
        : new HistoryLocation.Directory(sandbox != null ? sandbox.history() : io.resolve(".immut/history"));
    String owner = first(o.owner, env.get("IMMUT_OWNER"), file.get("owner"), "immut");
    return new Connection(driver, config, history, owner, sandbox);
  }

  /** {@code BOOT_TIME} is {@code bootTime}; a double underscore is a dot: {@code PRICE__T3__MICRO} is {@code price.t3.micro}. */
  static String propertyOf(String envKey) {
    List<String> parts = new ArrayList<>();
    for (String segment : envKey.split("__", -1)) {
      StringBuilder sb = new StringBuilder();
      for (String word : segment.toLowerCase(Locale.ROOT).split("_")) {
        if (word.isEmpty()) {
          continue;
        }
        sb.append(sb.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
      }
      parts.add(sb.toString());
    }
    return String.join(".", parts);
  }

  private static Map<String, String> readFile(Path file, String given) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("cannot read the config file " + given + ": " + e.getMessage()
          + "; give a readable properties file (driver=aws, aws.region=eu-west-1) with --config-file FILE", Exit.ERROR);
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
    return m;
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * Opens the engine: the driver, the history (and with a database its leases and commands), the owner.
   *
   * @return the engine and what it was opened on, to close together
   */
  Session open() {
    Immut.Builder b = Immut.builder();
    try {
      b.owner(owner);
    } catch (IllegalArgumentException e) {
      throw new CliException("owner '" + owner + "' is not valid: " + e.getMessage() + "; give another with --owner", Exit.ERROR);
    }
    if (sandbox != null) {
      b.lockDirectory(sandbox.locks());
    }
    AutoCloseable store = history.configure(b);
    try {
      return new Session(b.driver(driver, config).build(), store);
    } catch (RuntimeException e) {
      Session.closeQuietly(store, e);
      throw e;
    }
  }

  /** An engine and the history store it was opened on; closing closes both, the engine first. */
  record Session(Immut immut, AutoCloseable store) implements AutoCloseable {
    @Override
    public void close() {
      RuntimeException failure = null;
      try {
        immut.close();
      } catch (RuntimeException e) {
        failure = e;
      }
      closeQuietly(store, failure);
      if (failure != null) {
        throw failure;
      }
    }

    static void closeQuietly(AutoCloseable store, RuntimeException failure) {
      try {
        store.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  String driver() {
    return driver;
  }

  DriverConfig config() {
    return config;
  }

  HistoryLocation history() {
    return history;
  }

  SandboxDirectory sandbox() {
    return sandbox;
  }

  /** The secret values of the configuration, to mask wherever they might show. */
  List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (history instanceof HistoryLocation.Jdbc jdbc && jdbc.password() != null && jdbc.password().length() >= 4) {
      secrets.add(jdbc.password());
    }
    config.properties().forEach((k, v) -> {
      if (config.isSecret(k) && v != null && v.length() >= 4) {
        secrets.add(v);
      }
    });
    return secrets;
  }

  /** One line for people: the driver, its configuration with secrets masked, the history. */
  String describe() {
    return "driver " + driver + (config.properties().isEmpty() ? "" : " " + Redaction.shownMap(config.properties()))
        + ", history " + history.shown();
  }
}
