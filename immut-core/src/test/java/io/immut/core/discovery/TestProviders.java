package io.immut.core.discovery;

import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;

/** Providers that exist only for discovery tests. */
public final class TestProviders {
  private TestProviders() {}

  /** A provider named "twin". */
  public static final class TwinA implements CloudDriverProvider {
    @Override
    public String name() {
      return "twin";
    }

    @Override
    public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
      throw new UnsupportedOperationException("discovery test only");
    }
  }

  /** A second provider named "twin". */
  public static final class TwinB implements CloudDriverProvider {
    @Override
    public String name() {
      return "twin";
    }

    @Override
    public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
      throw new UnsupportedOperationException("discovery test only");
    }
  }

  /** A provider whose constructor fails. */
  public static final class Broken implements CloudDriverProvider {
    /** Always fails, as a provider with a missing dependency would. */
    public Broken() {
      throw new IllegalStateException("missing dependency of the broken provider");
    }

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A provider written against a future SPI version. */
  public static final class FutureSpi implements CloudDriverProvider {
    @Override
    public String name() {
      return "future";
    }

    @Override
    public int spiVersion() {
      return SPI_VERSION + 1;
    }

    @Override
    public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
      throw new UnsupportedOperationException();
    }
  }
}
