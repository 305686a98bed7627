package io.immut.driver.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
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

/**
 * Hourly pay-as-you-go prices of VM sizes in one region, from a dated table shipped with the
 * driver ({@code retail-prices.json}, in the shape of the public Retail Prices API: Linux, USD,
 * {@code type: Consumption}, {@code unitOfMeasure: 1 Hour}; Windows, Spot and Low Priority meters
 * of a size are not its price) with the configuration's overrides on
 * top. A size the table does not list has no price: the catalog never guesses.
 */
public final class AzurePriceCatalog implements PriceCatalog {
  private static final String RESOURCE = "retail-prices.json";

  private final String region;
  private final LocalDate asOf;
  private final Map<String, BigDecimal> prices;

  private AzurePriceCatalog(String region, LocalDate asOf, Map<String, BigDecimal> prices) {
    this.region = region;
    this.asOf = asOf;
    this.prices = Map.copyOf(prices);
  }

  /**
   * The shipped table's prices for a region, with overrides on top.
   *
   * @param region the ARM region name ({@code eastus})
   * @param overrides hourly prices by VM size that win over the table
   * @return the catalog
   */
  public static AzurePriceCatalog forRegion(String region, Map<String, BigDecimal> overrides) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(overrides, "overrides");
    Map<String, BigDecimal> prices = new HashMap<>();
    LocalDate asOf;
    try (InputStream in = AzurePriceCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the price table " + RESOURCE + " is missing from the driver's jar");
      }
      asOf = read(JsonProviders.createReader(in), region, prices);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
    }
    prices.putAll(overrides);
    return new AzurePriceCatalog(region, asOf, prices);
  }


  private static LocalDate read(JsonReader r, String region, Map<String, BigDecimal> out) throws IOException {
    LocalDate asOf = null;
    r.nextToken();
    while (r.nextToken() != JsonToken.END_OBJECT) {
      String field = r.getFieldName();
      r.nextToken();
      if (field.equals("asOf")) {
        asOf = LocalDate.parse(r.getString());
      } else if (field.equals("Items")) {
        while (r.nextToken() != JsonToken.END_ARRAY) {
          Map<String, String> item = new HashMap<>();
          while (r.nextToken() != JsonToken.END_OBJECT) {
            String f = r.getFieldName();
            r.nextToken();
            if (r.currentToken() == JsonToken.START_OBJECT || r.currentToken() == JsonToken.START_ARRAY) {
              r.skipChildren();
            } else {
              item.put(f, r.getText());
            }
          }
          if (region.equals(item.get("armRegionName")) && "Consumption".equals(item.get("type"))
              && "1 Hour".equals(item.get("unitOfMeasure")) && item.get("armSkuName") != null && isLinuxRegular(item)) {
            out.put(item.get("armSkuName"), new BigDecimal(item.get("retailPrice")));
          }
        }
      } else {
        r.skipChildren();
      }
    }
    if (asOf == null) {
      throw new IllegalStateException("the price table " + RESOURCE + " has no asOf date");
    }
    return asOf;
  }

  /**
   * Whether an item is the Linux pay-as-you-go meter of its size: the Retail Prices API lists the
   * Windows meter ({@code productName} ending in {@code Windows}) and the Spot and Low Priority
   * meters of a size under the same {@code armSkuName}, {@code type} and unit, cheaper or dearer.
   */
  static boolean isLinuxRegular(Map<String, String> item) {
    String product = item.getOrDefault("productName", "");
    String meter = item.getOrDefault("meterName", "");
    return !product.endsWith(" Windows") && !product.endsWith(" Low Priority") && !meter.endsWith(" Spot")
        && !meter.endsWith(" Low Priority");
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
   * Every priced size.
   *
   * @return VM size to hourly price
   */
  public Map<String, BigDecimal> prices() {
    return prices;
  }

  @Override
  public String toString() {
    return "AzurePriceCatalog[" + region + ", " + prices.size() + " sizes, as of " + asOf + "]";
  }
}
