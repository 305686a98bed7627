package io.immut.spi;

import io.immut.api.Durations;
import io.immut.api.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A driver's configuration: string properties with typed accessors. Each accessor records any
 * problem instead of throwing, so that a provider reads every property it needs and then calls
 * {@link Reader#validate()} once, which reports every problem at once.
 *
 * <pre>{@code
 * DriverConfig c = DriverConfig.of("aws", Map.of("region", "eu-west-1"));
 * DriverConfig.Reader r = c.reader();
 * String region = r.required("region");
 * Duration timeout = r.duration("timeout", Duration.ofSeconds(30));
 * r.validate();   // throws InvalidConfigException listing every problem
 * }</pre>
 *
 * <p>Secrets are never printed, neither by {@link #toString()} nor in the problems the reader
 * reports. A property is secret when its key is named in {@code secretKeys} or is a secret name by
 * {@link Redaction#isSecretName the rule} every part of immut uses (its key contains {@code key},
 * {@code secret}, {@code password}, {@code passwd}, {@code passphrase}, {@code pwd}, {@code token},
 * {@code credential}, {@code private}, {@code auth} or {@code signature}, ignoring case and
 * {@code -_.}): it is shown as {@code ****}. Every other value is {@link Redaction#scrub scrubbed}:
 * the credentials of a URL ({@code https://user:pass@host}) and secret-named {@code name=value}
 * pairs inside it are shown as {@code ****}.
 *
 * @param driver the driver's name
 * @param properties the properties
 * @param secretKeys keys whose values are secrets, beside those recognised by name
 */
public record DriverConfig(String driver, Map<String, String> properties, Set<String> secretKeys) {
  /** Copies the collections. */
  public DriverConfig {
    properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    secretKeys = secretKeys == null ? Set.of() : Set.copyOf(secretKeys);
  }

  /**
   * A configuration with no extra secret keys.
   *
   * @param driver the driver's name
   * @param properties the properties
   * @return the configuration
   */
  public static DriverConfig of(String driver, Map<String, String> properties) {
    return new DriverConfig(driver, properties, Set.of());
  }

  /**
   * An empty configuration: every driver's defaults.
   *
   * @param driver the driver's name
   * @return the configuration
   */
  public static DriverConfig empty(String driver) {
    return of(driver, Map.of());
  }

  /**
   * Returns one raw property.
   *
   * @param key the key
   * @return the value, or empty
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  /**
   * Whether a key holds a secret.
   *
   * @param key the key
   * @return true when declared secret or named like one
   */
  public boolean isSecret(String key) {
    return secretKeys.contains(key) || Redaction.isSecretName(key);
  }

  /**
   * How one property's value may be shown: {@code ****} for a secret, else the value with the
   * credentials of URLs and secret-named pairs inside it masked.
   *
   * @param key the key
   * @return the printable value, or empty when the key is not set
   */
  public Optional<String> shown(String key) {
    return get(key).map(v -> isSecret(key) ? Redaction.MASK : Redaction.scrub(v));
  }

  /**
   * Starts reading the configuration with problem collection.
   *
   * @return a reader
   */
  public Reader reader() {
    return new Reader();
  }

  /** Shows every property, secrets as {@code ****} and other values scrubbed of credentials. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DriverConfig[").append(driver).append(']').append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=').append(shown(e.getKey()).orElse(""));
    }
    return sb.append('}').toString();
  }

  /**
   * Reads typed values and collects every problem; {@link #validate()} throws them all at once.
   * Also reports keys that no accessor read, which are usually typos.
   */
  public final class Reader {
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new TreeSet<>();

    private Reader() {}

    /**
     * A required string.
     *
     * @param key the key
     * @return the value, or null when missing (the problem is recorded)
     */
    public String required(String key) {
      read.add(key);
      String v = properties.get(key);
      if (v == null || v.isBlank()) {
        problems.add(key + ": is missing (set the property '" + key + "')");
        return null;
      }
      return v;
    }

    /**
     * An optional string.
     *
     * @param key the key
     * @param fallback the default
     * @return the value or the default
     */
    public String string(String key, String fallback) {
      read.add(key);
      return properties.getOrDefault(key, fallback);
    }

    /**
     * An integer within bounds.
     *
     * @param key the key
     * @param fallback the default
     * @param min the smallest allowed
     * @param max the largest allowed
     * @return the value or the default
     */
    public int integer(String key, int fallback, int min, int max) {
      return typed(key, fallback, s -> {
        int v = Integer.parseInt(s.trim());
        if (v < min || v > max) {
          throw new IllegalArgumentException(v + " is out of range; allowed: " + min + " to " + max);
        }
        return v;
      }, "an integer from " + min + " to " + max);
    }

    /**
     * A long.
     *
     * @param key the key
     * @param fallback the default
     * @return the value or the default
     */
    public long longValue(String key, long fallback) {
      return typed(key, fallback, s -> Long.parseLong(s.trim()), "an integer");
    }

    /**
     * A decimal number of zero or more.
     *
     * @param key the key
     * @param fallback the default
     * @return the value or the default
     */
    public double decimal(String key, double fallback) {
      return typed(key, fallback, s -> {
        double v = Double.parseDouble(s.trim());
        if (v < 0 || Double.isNaN(v)) {
          throw new IllegalArgumentException(s + " is negative; allowed: a number of 0 or more");
        }
        return v;
      }, "a number of 0 or more");
    }

    /**
     * A boolean: {@code true} or {@code false}.
     *
     * @param key the key
     * @param fallback the default
     * @return the value or the default
     */
    public boolean bool(String key, boolean fallback) {
      return typed(key, fallback, s -> {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("'" + s + "' is not true or false");
      }, "true or false");
    }

    /**
     * A duration: {@code 30s}, {@code 5m}, {@code PT30S}.
     *
     * @param key the key
     * @param fallback the default
     * @return the value or the default
     */
    public Duration duration(String key, Duration fallback) {
      return typed(key, fallback, s -> {
        Duration d = Durations.parse(s);
        if (d.isNegative()) {
          throw new IllegalArgumentException("a negative duration; allowed: 0s or more");
        }
        return d;
      }, "a duration such as 30s, 5m or PT30S");
    }

    /**
     * Reads every {@code <prefix><type>} property as an hourly price for that type (price overrides
     * such as {@code price.t3.micro=0.0104}): a type that does not match {@code typeSyntax}, or a
     * value that is not a decimal of zero or more, is a problem.
     *
     * @param prefix the keys' prefix, such as {@code price.}
     * @param typeSyntax what a type looks like
     * @param typeWord what a type is called, for messages ({@code an instance type})
     * @param placeholder the type's placeholder in messages ({@code type}, {@code size})
     * @param typeExample a type, for messages ({@code t3.micro})
     * @param priceExample a price, for messages ({@code 0.0104})
     * @return the prices by type, sorted by type
     */
    public Map<String, java.math.BigDecimal> pricesByType(String prefix, java.util.regex.Pattern typeSyntax, String typeWord,
                                                         String placeholder, String typeExample, String priceExample) {
      Map<String, java.math.BigDecimal> prices = new TreeMap<>();
      for (Map.Entry<String, String> e : properties.entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          continue;
        }
        read.add(e.getKey());
        String type = e.getKey().substring(prefix.length());
        if (!typeSyntax.matcher(type).matches()) {
          problem(e.getKey() + ": '" + type + "' is not " + typeWord + "; allowed: " + prefix + "<" + placeholder
              + "> such as " + prefix + typeExample);
          continue;
        }
        try {
          java.math.BigDecimal price = new java.math.BigDecimal(e.getValue().trim());
          if (price.signum() < 0) {
            throw new NumberFormatException();
          }
          prices.put(type, price);
        } catch (NumberFormatException ex) {
          problem(e.getKey() + ": '" + e.getValue() + "' is not a price; allowed: an hourly price in USD such as "
              + priceExample);
        }
      }
      return prices;
    }

    /**
     * Records a problem found by the provider's own checks (a combination of values, say).
     *
     * @param problem one line: the key, what is wrong, what is allowed
     */
    public void problem(String problem) {
      problems.add(problem);
    }

    /**
     * Marks keys as known without reading them (keys read by a library the driver hands them to).
     *
     * @param keys the keys
     */
    public void accept(String... keys) {
      read.addAll(List.of(keys));
    }

    /**
     * Throws every problem recorded so far, with unknown keys among them.
     *
     * @throws InvalidConfigException when there is any problem
     */
    public void validate() {
      List<String> all = new ArrayList<>(problems);
      for (String key : properties.keySet()) {
        if (!read.contains(key)) {
          all.add(key + ": is not a property of driver '" + driver + "' (known: " + String.join(", ", read) + ")");
        }
      }
      if (!all.isEmpty()) {
        throw new InvalidConfigException(driver, all);
      }
    }

    private <T> T typed(String key, T fallback, Function<String, T> parse, String allowed) {
      read.add(key);
      String v = properties.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return parse.apply(v);
      } catch (RuntimeException e) {
        boolean secret = isSecret(key);
        String shown = secret ? Redaction.MASK : "'" + Redaction.scrub(v) + "'";
        // A parser's message may quote the value: never for a secret, and scrubbed otherwise.
        String why = secret || e.getMessage() == null || e instanceof NumberFormatException ? ""
            : " (" + Redaction.scrub(e.getMessage()) + ")";
        problems.add(key + ": " + shown + " is not valid" + why + "; allowed: " + allowed);
        return fallback;
      }
    }
  }
}
