package io.immut.spi;

import java.math.BigDecimal;
import java.util.Optional;

/** Hourly on-demand prices of instance types, as a driver knows them. */
public interface PriceCatalog {

  /**
   * The hourly price of one instance of a type.
   *
   * @param instanceType the instance type
   * @return the price per hour in {@link #currency()}, or empty when the type is unknown: a catalog
   *     never guesses
   */
  Optional<BigDecimal> hourlyPrice(String instanceType);

  /**
   * The currency of every price, ISO 4217.
   *
   * @return {@code USD} unless the catalog says otherwise
   */
  default String currency() {
    return "USD";
  }
}
