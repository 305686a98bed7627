package io.immut.core.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import io.immut.spi.CloudDriver;
import io.immut.spi.PriceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A price catalog from a table: built in code, read from JSON, or copied from a driver's own
 * {@link CloudDriver#prices()}. The JSON form is
 *
 * <pre>{@code
 * { "currency": "USD",
 *   "prices": { "t3.micro": "0.0104", "t3.large": 0.0832 } }
 * }</pre>
 *
 * Prices are per instance-hour; strings keep exact decimals. Unknown types have no price: a
 * catalog never guesses.
 */
public final class PriceTable implements PriceCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final Map<String, BigDecimal> prices;
  private final String currency;

  private PriceTable(Map<String, BigDecimal> prices, String currency) {
    this.prices = Map.copyOf(prices);
    this.currency = currency;
  }

  /**
   * A table in US dollars.
   *
   * @param prices hourly price per instance type
   * @return the table
   */
  public static PriceTable of(Map<String, BigDecimal> prices) {
    return of(prices, "USD");
  }

  /**
   * A table in a currency.
   *
   * @param prices hourly price per instance type, none negative
   * @param currency ISO 4217 code
   * @return the table
   * @throws InvalidSpecException naming every bad entry
   */
  public static PriceTable of(Map<String, BigDecimal> prices, String currency) {
    List<SpecProblem> problems = new ArrayList<>();
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      problems.add(new SpecProblem("currency", "'" + currency + "' is not a currency code", "an ISO 4217 code such as USD or EUR"));
    }
    prices.forEach((type, price) -> {
      if (price == null || price.signum() < 0) {
        problems.add(new SpecProblem("prices." + type, price + " is not a price", "an hourly price of zero or more, such as 0.0104"));
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("price table", problems);
    }
    return new PriceTable(prices, currency);
  }

  /**
   * Parses a JSON table.
   *
   * @param json the table
   * @return the table
   * @throws InvalidSpecException naming every bad entry
   */
  public static PriceTable fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("price table", List.of(new SpecProblem("", "is not JSON: " + e.getOriginalMessage(),
          "{\"currency\": \"USD\", \"prices\": {\"t3.micro\": \"0.0104\"}}")));
    }
    List<SpecProblem> problems = new ArrayList<>();
    String currency = "USD";
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException("price table", List.of(new SpecProblem("", "is not a JSON object",
          "{\"currency\": \"USD\", \"prices\": {\"t3.micro\": \"0.0104\"}}")));
    }
    if (root.has("currency")) {
      currency = root.get("currency").asText();
    }
    Map<String, BigDecimal> prices = new TreeMap<>();
    JsonNode table = root.get("prices");
    if (table == null || !table.isObject()) {
      problems.add(new SpecProblem("prices", "is missing or not an object", "an object of instance type to hourly price"));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        try {
          if (!v.isNumber() && !v.isTextual()) {
            throw new NumberFormatException();
          }
          prices.put(e.getKey(), new BigDecimal(v.asText().trim()));
        } catch (NumberFormatException ex) {
          problems.add(new SpecProblem("prices." + e.getKey(), "'" + v + "' is not a number", "an hourly price such as 0.0104"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException("price table", problems);
    }
    return of(prices, currency);
  }

  /**
   * Reads a JSON table from a file.
   *
   * @param file the file
   * @return the table
   */
  public static PriceTable fromJson(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON table from a class-path resource.
   *
   * @param resource the resource name, such as {@code prices/aws-us-east-1.json}
   * @return the table
   * @throws ImmutException when the resource does not exist
   */
  public static PriceTable fromResource(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = (loader != null ? loader : PriceTable.class.getClassLoader()).getResourceAsStream(resource)) {
      if (in == null) {
        throw new ImmutException("no price table resource '" + resource + "' on the class path");
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table resource " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * The driver's own catalog.
   *
   * @param driver the driver
   * @return its catalog, or empty when it has none
   */
  public static Optional<PriceCatalog> of(CloudDriver driver) {
    return driver.prices();
  }

  @Override
  public Optional<BigDecimal> hourlyPrice(String instanceType) {
    return Optional.ofNullable(prices.get(instanceType));
  }

  @Override
  public String currency() {
    return currency;
  }

  /**
   * Every price.
   *
   * @return the hourly price per instance type
   */
  public Map<String, BigDecimal> prices() {
    return prices;
  }

  /**
   * Writes the table as JSON, prices as exact decimal strings.
   *
   * @return the JSON form
   */
  public String toJson() {
    var root = JSON.createObjectNode();
    root.put("currency", currency);
    var table = root.putObject("prices");
    new TreeMap<>(prices).forEach((k, v) -> table.put(k, v.toPlainString()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
