package io.immut.driver.aws;

import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;

/**
 * The provider of the {@code aws} driver, found by {@link java.util.ServiceLoader}. Its constructor
 * does nothing; {@link #create} validates the whole configuration, then builds the SDK clients.
 */
public final class AwsDriverProvider implements CloudDriverProvider {
  /** The driver's name. */
  public static final String NAME = "aws";

  /** Creates the provider; no I/O. */
  public AwsDriverProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
    return AwsDriver.open(AwsDriverConfig.from(config), context);
  }
}
