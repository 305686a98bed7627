package io.immut.core;

import io.immut.api.ImmutException;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds cloud drivers on the class path with {@link ServiceLoader}, by name.
 *
 * <pre>{@code
 * try (CloudDriver driver = Drivers.open("memory", DriverConfig.empty("memory"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Never picks silently: an unknown name is an error that lists the names found and the artifact
 * to add; two providers with one name are an error naming both classes; a provider that cannot
 * be loaded is logged and skipped, so that one broken jar does not hide the others, and named in
 * the error if its driver is asked for.
 */
public final class Drivers {
  private static final Logger LOG = LoggerFactory.getLogger(Drivers.class);
  /** The artifact that brings each of immut's own drivers. */
  private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
      "memory", "io.immut:immut-core",
      "aws", "io.immut:driver-aws",
      "azure", "io.immut:driver-azure",
      "gcp", "io.immut:driver-gcp");

  private final ClassLoader loader;

  private Drivers(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Discovery through a given class loader (plugins, tests).
   *
   * @param loader the class loader whose {@code META-INF/services} entries are read
   * @return the discovery
   */
  public static Drivers using(ClassLoader loader) {
    return new Drivers(Objects.requireNonNull(loader, "loader"));
  }

  private static Drivers defaults() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return new Drivers(cl != null ? cl : Drivers.class.getClassLoader());
  }

  /**
   * The names of the drivers on the class path.
   *
   * @return the names, sorted
   */
  public static List<String> names() {
    return defaults().availableNames();
  }

  /**
   * Finds the provider of a driver.
   *
   * @param name the driver's name ({@code memory}, {@code aws}, …)
   * @return its provider
   * @throws DriverDiscoveryException when no provider or several have that name, or it speaks
   *     another SPI version
   */
  public static CloudDriverProvider provider(String name) {
    return defaults().find(name);
  }

  /**
   * Opens a driver.
   *
   * @param name the driver's name
   * @param config its configuration
   * @return the open driver on the system clock; close it when done
   * @throws DriverDiscoveryException when the driver cannot be found
   * @throws io.immut.spi.InvalidConfigException when the configuration is invalid
   */
  public static CloudDriver open(String name, DriverConfig config) {
    return open(name, config, io.immut.spi.DriverContext.system());
  }

  /**
   * Opens a driver with a context (the engine's clock).
   *
   * @param name the driver's name
   * @param config its configuration
   * @param context what the engine hands the driver
   * @return the open driver; close it when done
   * @throws DriverDiscoveryException when the driver cannot be found
   * @throws io.immut.spi.InvalidConfigException when the configuration is invalid
   */
  public static CloudDriver open(String name, DriverConfig config, io.immut.spi.DriverContext context) {
    return defaults().openDriver(name, config, context);
  }

  /**
   * Opens a driver with its default configuration.
   *
   * @param name the driver's name
   * @return the open driver; close it when done
   */
  public static CloudDriver open(String name) {
    return open(name, DriverConfig.empty(name));
  }

  /**
   * The names of the drivers this discovery sees.
   *
   * @return the names, sorted
   */
  public List<String> availableNames() {
    return List.copyOf(new TreeSet<>(scan().providers.keySet()));
  }

  /**
   * Finds the provider of a driver through this discovery's class loader.
   *
   * @param name the driver's name
   * @return its provider
   * @throws DriverDiscoveryException when no provider or several have that name, or it speaks
   *     another SPI version
   */
  public CloudDriverProvider find(String name) {
    Objects.requireNonNull(name, "name");
    Scan scan = scan();
    List<CloudDriverProvider> found = scan.providers.getOrDefault(name, List.of());
    if (found.isEmpty()) {
      String artifact = KNOWN_ARTIFACTS.get(name);
      StringBuilder msg = new StringBuilder("No immut driver named '").append(name).append("' on the class path. ");
      msg.append(scan.providers.isEmpty() ? "No driver was found at all. "
          : "Drivers found: " + String.join(", ", new TreeSet<>(scan.providers.keySet())) + ". ");
      if (artifact != null) {
        msg.append("Add the dependency ").append(artifact).append(" to use it.");
      } else {
        msg.append("Add the jar that provides it: it must list its CloudDriverProvider in "
            + "META-INF/services/io.immut.spi.CloudDriverProvider.");
      }
      if (!scan.failures.isEmpty()) {
        msg.append(" Providers that failed to load: ").append(String.join("; ", scan.failures)).append('.');
      }
      throw new DriverDiscoveryException(msg.toString());
    }
    if (found.size() > 1) {
      throw new DriverDiscoveryException("Several providers are named '" + name + "': "
          + found.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(" and "))
          + ". immut never picks one silently: remove all but one of the jars that bring them from the class path.");
    }
    CloudDriverProvider provider = found.get(0);
    if (provider.spiVersion() != CloudDriverProvider.SPI_VERSION) {
      throw new DriverDiscoveryException("Driver '" + name + "' (" + provider.getClass().getName() + ") speaks SPI version "
          + provider.spiVersion() + ", this immut speaks version " + CloudDriverProvider.SPI_VERSION
          + ". Use a version of the driver built for this immut.");
    }
    return provider;
  }

  /**
   * Opens a driver through this discovery's class loader.
   *
   * @param name the driver's name
   * @param config its configuration
   * @param context what the driver gets from the engine: its clock
   * @return the open driver
   */
  public CloudDriver openDriver(String name, DriverConfig config, io.immut.spi.DriverContext context) {
    return find(name).create(Objects.requireNonNull(config, "config"), Objects.requireNonNull(context, "context"));
  }

  private Scan scan() {
    Map<String, List<CloudDriverProvider>> providers = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    Iterator<CloudDriverProvider> it = ServiceLoader.load(CloudDriverProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        CloudDriverProvider p = it.next();
        providers.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        // One broken jar must not hide the others: note it and go on.
        LOG.warn("A cloud driver provider could not be loaded and is skipped: {}", e.toString());
        failures.add(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    return new Scan(providers, failures);
  }

  private record Scan(Map<String, List<CloudDriverProvider>> providers, List<String> failures) {}

  /** A driver could not be found, or not told apart from another. */
  public static final class DriverDiscoveryException extends ImmutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what to do
     */
    public DriverDiscoveryException(String message) {
      super(message);
    }
  }
}
