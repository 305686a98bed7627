package io.immut.core.memory;

import io.immut.api.Durations;
import io.immut.core.clock.Clock;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudDriverProvider;
import io.immut.spi.DriverConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The provider of the {@code memory} driver: a fresh {@link MemoryCloud} on the system clock per
 * {@link #create}. Properties (all optional):
 *
 * <table>
 *   <caption>Properties of the memory driver</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code seed}</td><td>an integer</td><td>0</td></tr>
 *   <tr><td>{@code bootTime}</td><td>a duration ({@code 30s}, {@code 2m}, {@code PT30S})</td><td>30s</td></tr>
 *   <tr><td>{@code bootTimes}</td><td>per type: {@code t3.large=60s,m5.large=45s}</td><td>none</td></tr>
 *   <tr><td>{@code bootJitter}</td><td>a fraction from 0 to 1</td><td>0</td></tr>
 *   <tr><td>{@code healthyAfter}</td><td>a duration</td><td>10s</td></tr>
 *   <tr><td>{@code shutdownTime}</td><td>a duration</td><td>5s</td></tr>
 *   <tr><td>{@code terminatedRetention}</td><td>a duration</td><td>1h</td></tr>
 *   <tr><td>{@code drainTime}</td><td>a duration</td><td>10s</td></tr>
 *   <tr><td>{@code quota}</td><td>an integer of 0 or more</td><td>unlimited</td></tr>
 *   <tr><td>{@code capacity}</td><td>per type: {@code t3.micro=50,t3.large=10}</td><td>unlimited</td></tr>
 *   <tr><td>{@code listLag}</td><td>a duration</td><td>0s</td></tr>
 *   <tr><td>{@code images}</td><td>image ids, comma-separated; absent: any image resolves</td><td>any</td></tr>
 *   <tr><td>{@code prices}</td><td>per type, USD per hour: {@code t3.micro=0.0104}</td><td>a few common types</td></tr>
 *   <tr><td>{@code maxLaunchBatch}</td><td>an integer of 1 or more</td><td>500</td></tr>
 *   <tr><td>{@code maxTerminateBatch}</td><td>an integer of 1 or more</td><td>1000</td></tr>
 *   <tr><td>{@code zones}</td><td>zone names, comma-separated</td><td>memory-1a,memory-1b,memory-1c</td></tr>
 *   <tr><td>{@code behaviour}</td><td>{@code neutral}, {@code ec2}, {@code azure} or {@code gce} (see
 *     {@link CloudBehaviour})</td><td>neutral</td></tr>
 *   <tr><td>{@code operationTime}</td><td>a duration; azure and gce only</td><td>20s (azure), 15s (gce)</td></tr>
 *   <tr><td>{@code tokenWindow}</td><td>a duration of a minute or more; azure and gce only</td>
 *     <td>15m (azure), 1h (gce)</td></tr>
 * </table>
 *
 * <p>Every problem of a configuration is reported at once in one
 * {@link io.immut.spi.InvalidConfigException}. To share one cloud between drivers, or to use a
 * virtual clock, build the {@link MemoryCloud} directly and take its {@link MemoryCloud#driver()}.
 */
public final class MemoryDriverProvider implements CloudDriverProvider {

  /** Used by {@link java.util.ServiceLoader}; does nothing. */
  public MemoryDriverProvider() {}

  /** Returns {@code memory}. */
  @Override
  public String name() {
    return MemoryDriver.NAME;
  }

  /**
   * Opens a driver on a new in-memory cloud on the engine's clock.
   *
   * @param config the properties above
   * @param context the engine's clock
   * @return the driver
   * @throws io.immut.spi.InvalidConfigException listing every problem of the configuration
   */
  @Override
  public CloudDriver create(DriverConfig config, io.immut.spi.DriverContext context) {
    return builder(config, Clock.of(context.clock())).build().driver();
  }

  /**
   * Reads a configuration into a builder, validating it all at once; for callers that want the
   * cloud itself or another clock.
   *
   * @param config the properties above
   * @param clock the cloud's clock
   * @return a builder holding the configuration
   * @throws io.immut.spi.InvalidConfigException listing every problem of the configuration
   */
  public static MemoryCloudBuilder builder(DriverConfig config, Clock clock) {
    DriverConfig.Reader r = config.reader();
    MemoryCloudBuilder b = MemoryCloud.builder().clock(clock);
    long seed = r.longValue("seed", 0);
    Duration bootTime = r.duration("bootTime", Duration.ofSeconds(30));
    Map<String, Duration> bootTimes = entries(r, "bootTimes", r.string("bootTimes", null), Durations::parse,
        "type=duration pairs such as t3.large=60s,m5.large=45s", d -> !d.isNegative());
    double jitter = r.decimal("bootJitter", 0);
    if (jitter > 1) {
      r.problem("bootJitter: " + jitter + " is over 1; allowed: a fraction from 0 to 1");
    }
    Duration healthyAfter = r.duration("healthyAfter", Duration.ofSeconds(10));
    Duration shutdownTime = r.duration("shutdownTime", Duration.ofSeconds(5));
    Duration retention = r.duration("terminatedRetention", Duration.ofHours(1));
    Duration drainTime = r.duration("drainTime", Duration.ofSeconds(10));
    int quota = r.integer("quota", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
    Map<String, Integer> capacity = entries(r, "capacity", r.string("capacity", null), s -> Integer.parseInt(s.trim()),
        "type=count pairs such as t3.micro=50,t3.large=10", n -> n >= 0);
    Duration listLag = r.duration("listLag", Duration.ZERO);
    String images = r.string("images", null);
    Map<String, BigDecimal> prices = entries(r, "prices", r.string("prices", null), s -> new BigDecimal(s.trim()),
        "type=price pairs such as t3.micro=0.0104,t3.large=0.0832", p -> p.signum() >= 0);
    int maxLaunch = r.integer("maxLaunchBatch", 500, 1, Integer.MAX_VALUE);
    int maxTerminate = r.integer("maxTerminateBatch", 1000, 1, Integer.MAX_VALUE);
    String zones = r.string("zones", null);
    List<String> zoneList = zones == null ? List.of() : split(zones);
    if (zones != null && (zoneList.isEmpty() || zoneList.stream().distinct().count() != zoneList.size())) {
      r.problem("zones: '" + zones + "' is not valid; allowed: distinct zone names, comma-separated");
    }
    List<String> imageList = images == null ? List.of() : split(images);
    if (images != null && imageList.isEmpty()) {
      r.problem("images: is empty; allowed: image ids, comma-separated, or leave it out to resolve any image");
    }
    String behaviourName = r.string("behaviour", "neutral");
    CloudBehaviour behaviour = null;
    for (CloudBehaviour c : CloudBehaviour.values()) {
      if (c.name().equalsIgnoreCase(behaviourName.trim())) {
        behaviour = c;
      }
    }
    if (behaviour == null) {
      r.problem("behaviour: '" + behaviourName + "' is not a behaviour; allowed: neutral, ec2, azure, gce");
    }
    boolean longRunning = behaviour != null && behaviour.lateLaunchFailures();
    Duration operationTime = r.duration("operationTime", null);
    if (operationTime != null && !longRunning) {
      r.problem("operationTime: needs behaviour azure or gce, whose creation is a long-running operation");
    }
    Duration tokenWindow = r.duration("tokenWindow", null);
    if (tokenWindow != null && !longRunning) {
      r.problem("tokenWindow: needs behaviour azure or gce; neutral and ec2 keep every launch token");
    } else if (tokenWindow != null && tokenWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      r.problem("tokenWindow: " + tokenWindow + " is under a minute; allowed: a duration of a minute or more");
    }
    r.validate();
    b.behaviour(behaviour);
    if (operationTime != null) {
      b.operationTime(operationTime);
    }
    if (tokenWindow != null) {
      b.tokenWindow(tokenWindow);
    }
    b.seed(seed).bootTime(bootTime).bootJitter(jitter).healthyAfter(healthyAfter).shutdownTime(shutdownTime)
        .terminatedRetention(retention).drainTime(drainTime).quota(quota).listLag(listLag)
        .maxLaunchBatch(maxLaunch).maxTerminateBatch(maxTerminate);
    bootTimes.forEach(b::bootTime);
    capacity.forEach(b::capacity);
    prices.forEach(b::price);
    if (!imageList.isEmpty()) {
      b.images(imageList.toArray(String[]::new));
    }
    if (!zoneList.isEmpty()) {
      b.zones(zoneList.toArray(String[]::new));
    }
    return b;
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  private static <T> Map<String, T> entries(DriverConfig.Reader r, String key, String value, Function<String, T> parse,
                                            String allowed, java.util.function.Predicate<T> valid) {
    Map<String, T> map = new LinkedHashMap<>();
    if (value == null) {
      return map;
    }
    for (String part : split(value)) {
      int eq = part.indexOf('=');
      String type = eq < 0 ? "" : part.substring(0, eq).trim();
      T parsed = null;
      if (eq > 0) {
        try {
          parsed = parse.apply(part.substring(eq + 1));
        } catch (RuntimeException e) {
          parsed = null;
        }
      }
      if (type.isEmpty() || parsed == null || !valid.test(parsed)) {
        r.problem(key + ": '" + part + "' is not valid; allowed: " + allowed);
      } else {
        map.put(type, parsed);
      }
    }
    return map;
  }
}
