package io.immut.driver.aws;

import io.immut.spi.PriceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Hourly on-demand prices of EC2 instance types in one region, from a dated table shipped with the
 * driver ({@code on-demand-prices.properties}: Linux, shared tenancy, USD) with the configuration's
 * overrides on top. A type the table does not list has no price: the catalog never guesses.
 */
public final class AwsPriceCatalog implements PriceCatalog {
  private static final String RESOURCE = "on-demand-prices.properties";

  private final String region;
  private final LocalDate asOf;
  private final Map<String, BigDecimal> prices;

  private AwsPriceCatalog(String region, LocalDate asOf, Map<String, BigDecimal> prices) {
    this.region = region;
    this.asOf = asOf;
    this.prices = Map.copyOf(prices);
  }

  /**
   * The shipped table's prices for a region, with overrides on top.
   *
   * @param region the region, or null when unknown (then only the overrides have prices)
   * @param overrides hourly prices by instance type that win over the table
   * @return the catalog
   */
  public static AwsPriceCatalog forRegion(String region, Map<String, BigDecimal> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Properties table = new Properties();
    try (InputStream in = AwsPriceCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the price table " + RESOURCE + " is missing from the driver's jar");
      }
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
    }
    LocalDate asOf = LocalDate.parse(table.getProperty("as-of"));
    Map<String, BigDecimal> prices = new HashMap<>();
    if (region != null) {
      String prefix = region + "/";
      for (String key : table.stringPropertyNames()) {
        if (key.startsWith(prefix)) {
          prices.put(key.substring(prefix.length()), new BigDecimal(table.getProperty(key).trim()));
        }
      }
    }
    prices.putAll(overrides);
    return new AwsPriceCatalog(region, asOf, prices);
  }

  @Override
  public Optional<BigDecimal> hourlyPrice(String instanceType) {
    return Optional.ofNullable(prices.get(instanceType));
  }

  /**
   * The date of the shipped table's prices; overrides may be newer.
   *
   * @return the table's date
   */
  public LocalDate asOf() {
    return asOf;
  }

  /**
   * The region the prices are for.
   *
   * @return the region, or null when unknown
   */
  public String region() {
    return region;
  }

  /**
   * Every priced instance type.
   *
   * @return instance type to hourly price
   */
  public Map<String, BigDecimal> prices() {
    return prices;
  }

  @Override
  public String toString() {
    return "AwsPriceCatalog[" + region + ", " + prices.size() + " types, as of " + asOf + "]";
  }
}
