package io.immut.driver.azure;

import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;

/**
 * The provider of the {@code azure} driver, found by {@link java.util.ServiceLoader}. Its
 * constructor does nothing; {@link #create} validates the whole configuration, then builds the
 * SDK clients (no request is sent before the driver's first operation).
 */
public final class AzureDriverProvider implements CloudDriverProvider {
  /** The driver's name. */
  public static final String NAME = "azure";

  /** Creates the provider; no I/O. */
  public AzureDriverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudDriver create(DriverConfig config, DriverContext context) {
    return AzureDriver.open(AzureDriverConfig.from(config), context);
  }
}
