package io.immut.spi;

/**
 * The entry point of a driver, found by {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/io.immut.spi.CloudDriverProvider}.
 *
 * <p>A provider is small on purpose: a name, a version handshake and a factory. Its public no-arg
 * constructor must do no I/O and open no client; the SDK client is built in {@link #create}.
 */
public interface CloudDriverProvider {

  /** The SPI version this build of immut speaks. */
  int SPI_VERSION = 2;

  /**
   * The driver's name, as users select it: {@code memory}, {@code aws}, {@code azure}, {@code gcp},
   * or a name of your own. Lower-case letters, digits and '-'; unique among the providers on the
   * class path.
   *
   * @return the name
   */
  String name();

  /**
   * The SPI version the driver was written against. immut refuses a provider whose version it does
   * not speak, with a message that names the provider and both versions.
   *
   * @return normally {@link #SPI_VERSION} at the time the driver was compiled
   */
  default int spiVersion() {
    return SPI_VERSION;
  }

  /**
   * Opens a driver. Validates the whole configuration first and reports every problem at once.
   *
   * @param config the driver's configuration
   * @param context what the engine hands the driver: its clock, on which every wait of the driver
   *     runs
   * @return an open driver; the caller closes it
   * @throws InvalidConfigException when the configuration is invalid (every problem listed)
   * @throws DriverException when the cloud cannot be reached or refuses the credentials
   */
  CloudDriver create(DriverConfig config, DriverContext context);
}
