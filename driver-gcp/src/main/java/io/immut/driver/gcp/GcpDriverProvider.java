package io.immut.driver.gcp;

import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;

/**
 * The provider of the {@code gcp} driver, found by {@link java.util.ServiceLoader}. Its constructor
 * does nothing; {@link #create} validates the whole configuration, then builds the clients.
 */
public final class GcpDriverProvider implements CloudDriverProvider {
  /** Creates the provider; no I/O. */
  public GcpDriverProvider() {}

  @Override
  public String name() {
    return GcpDriver.NAME;
  }

  @Override
  public CloudDriver create(DriverConfig config, DriverContext context) {
    return GcpDriver.open(GcpDriverConfig.from(config), context);
  }
}
