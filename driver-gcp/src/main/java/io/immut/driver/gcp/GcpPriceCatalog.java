package io.immut.driver.gcp;

import io.immut.spi.PriceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * On-demand hourly prices (USD, Linux, no sustained-use discount) of common machine types in common
 * regions, from a dated table shipped as {@code on-demand-prices.properties}
 * ({@code REGION.MACHINE-TYPE=PRICE}), with the configuration's {@code price.<type>} overrides on
 * top. A type the table does not hold has no price: never guessed.
 */
final class GcpPriceCatalog implements PriceCatalog {
  private final Map<String, BigDecimal> prices;

  private GcpPriceCatalog(Map<String, BigDecimal> prices) {
    this.prices = Map.copyOf(prices);
  }

  static GcpPriceCatalog shipped(String region, Map<String, BigDecimal> overrides) {
    Properties table = new Properties();
    try (InputStream in = GcpPriceCatalog.class.getResourceAsStream("on-demand-prices.properties")) {
      if (in == null) {
        throw new IllegalStateException("on-demand-prices.properties is missing from the driver's jar");
      }
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, BigDecimal> prices = new HashMap<>();
    String prefix = region + ".";
    for (String key : table.stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        prices.put(key.substring(prefix.length()), new BigDecimal(table.getProperty(key).trim()));
      }
    }
    prices.putAll(overrides);
    return new GcpPriceCatalog(prices);
  }

  @Override
  public Optional<BigDecimal> hourlyPrice(String instanceType) {
    return Optional.ofNullable(prices.get(instanceType));
  }
}
