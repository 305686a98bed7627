package io.immut.core.memory;

import io.immut.api.Image;
import io.immut.core.clock.Clock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link MemoryCloud}; start with {@link MemoryCloud#builder()}. Every setter checks its
 * value at once and throws {@link IllegalArgumentException} saying what is allowed.
 */
public final class MemoryCloudBuilder {
  /** The prices a cloud has unless told otherwise: a few common types, USD per hour. */
  public static final Map<String, BigDecimal> DEFAULT_PRICES = Map.of(
      "t3.micro", new BigDecimal("0.0104"),
      "t3.small", new BigDecimal("0.0208"),
      "t3.medium", new BigDecimal("0.0416"),
      "t3.large", new BigDecimal("0.0832"),
      "m5.large", new BigDecimal("0.096"),
      "m5.xlarge", new BigDecimal("0.192"),
      "c5.large", new BigDecimal("0.085"),
      "r5.large", new BigDecimal("0.126"));

  private Clock clock = Clock.system();
  private long seed;
  private Duration bootTime = Duration.ofSeconds(30);
  private final Map<String, Duration> bootTimes = new HashMap<>();
  private double bootJitter;
  private Duration healthyAfter = Duration.ofSeconds(10);
  private Duration shutdownTime = Duration.ofSeconds(5);
  private Duration terminatedRetention = Duration.ofHours(1);
  private Duration drainTime = Duration.ofSeconds(10);
  private int quota = Integer.MAX_VALUE;
  private final Map<String, Integer> capacity = new HashMap<>();
  private Duration listLag = Duration.ZERO;
  private final Map<String, BigDecimal> prices = new HashMap<>(DEFAULT_PRICES);
  private final Map<String, Image> images = new LinkedHashMap<>();
  private Boolean anyImage;
  private int maxLaunchBatch = 500;
  private int maxTerminateBatch = 1000;
  private List<String> zones = List.of("memory-1a", "memory-1b", "memory-1c");
  private CloudBehaviour behaviour = CloudBehaviour.NEUTRAL;
  private Duration operationTime;
  private Duration tokenWindow;

  MemoryCloudBuilder() {}

  /**
   * The clock the cloud's time comes from.
   *
   * @param clock a {@code VirtualClock} in tests, {@code Clock.system()} (the default) in a demo
   * @return this builder
   */
  public MemoryCloudBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The seed of all randomness: boot-time jitter, ids, fault rates. Same seed and same calls, same
   * cloud.
   *
   * @param seed any number; default 0
   * @return this builder
   */
  public MemoryCloudBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * How long an instance stays {@code PENDING} before it is {@code RUNNING}, for types without a
   * time of their own.
   *
   * @param bootTime zero or more; default 30s
   * @return this builder
   */
  public MemoryCloudBuilder bootTime(Duration bootTime) {
    this.bootTime = nonNegative("bootTime", bootTime);
    return this;
  }

  /**
   * The boot time of one instance type.
   *
   * @param instanceType the type
   * @param bootTime zero or more
   * @return this builder
   */
  public MemoryCloudBuilder bootTime(String instanceType, Duration bootTime) {
    bootTimes.put(Objects.requireNonNull(instanceType, "instanceType"), nonNegative("bootTime", bootTime));
    return this;
  }

  /**
   * The spread of boot times: each instance boots in {@code bootTime * (1 ± jitter)}, uniform, drawn
   * from the seed per instance.
   *
   * @param jitter from 0 (every instance boots in exactly the boot time; the default) to 1
   * @return this builder
   */
  public MemoryCloudBuilder bootJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("bootJitter is a fraction from 0 to 1, got " + jitter);
    }
    this.bootJitter = jitter;
    return this;
  }

  /**
   * How long after running an instance reports {@code HEALTHY} (or {@code UNHEALTHY}, when a fault
   * says it never turns healthy).
   *
   * @param healthyAfter zero or more; default 10s
   * @return this builder
   */
  public MemoryCloudBuilder healthyAfter(Duration healthyAfter) {
    this.healthyAfter = nonNegative("healthyAfter", healthyAfter);
    return this;
  }

  /**
   * How long a terminated instance is {@code SHUTTING_DOWN} before it is {@code TERMINATED} (and a
   * stopped one {@code STOPPING} before {@code STOPPED}).
   *
   * @param shutdownTime zero or more; default 5s
   * @return this builder
   */
  public MemoryCloudBuilder shutdownTime(Duration shutdownTime) {
    this.shutdownTime = nonNegative("shutdownTime", shutdownTime);
    return this;
  }

  /**
   * How long a terminated instance still shows in listings and inspections before it is gone.
   *
   * @param retention zero or more; default 1h, as EC2
   * @return this builder
   */
  public MemoryCloudBuilder terminatedRetention(Duration retention) {
    this.terminatedRetention = nonNegative("terminatedRetention", retention);
    return this;
  }

  /**
   * How long a deregistered instance is {@code DRAINING} in its traffic target.
   *
   * @param drainTime zero or more; default 10s
   * @return this builder
   */
  public MemoryCloudBuilder drainTime(Duration drainTime) {
    this.drainTime = nonNegative("drainTime", drainTime);
    return this;
  }

  /**
   * The account's limit on active instances (launched and not terminating). A launch that does
   * not fit at all fails with {@code QuotaExceeded}; one that fits in part comes back short with a
   * {@code QUOTA} shortfall.
   *
   * @param quota zero or more; default unlimited
   * @return this builder
   */
  public MemoryCloudBuilder quota(int quota) {
    if (quota < 0) {
      throw new IllegalArgumentException("quota must be 0 or more, got " + quota);
    }
    this.quota = quota;
    return this;
  }

  /**
   * The cloud's capacity of one instance type: how many may be active at once. A launch that does
   * not fit at all fails with {@code CapacityUnavailable}; one that fits in part comes back short
   * with a {@code CAPACITY} shortfall.
   *
   * @param instanceType the type
   * @param capacity zero or more; default unlimited
   * @return this builder
   */
  public MemoryCloudBuilder capacity(String instanceType, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity of " + instanceType + " must be 0 or more, got " + capacity);
    }
    this.capacity.put(Objects.requireNonNull(instanceType, "instanceType"), capacity);
    return this;
  }

  /**
   * The eventual-consistency lag of {@code list}: it shows the cloud as it was this long ago, so a
   * just-launched instance may be missing and a just-terminated one may still show as running.
   *
   * @param listLag zero (the default) or more
   * @return this builder
   */
  public MemoryCloudBuilder listLag(Duration listLag) {
    this.listLag = nonNegative("listLag", listLag);
    return this;
  }

  /**
   * The hourly price of an instance type, in USD; replaces the default price of that type.
   *
   * @param instanceType the type
   * @param hourly zero or more
   * @return this builder
   */
  public MemoryCloudBuilder price(String instanceType, BigDecimal hourly) {
    Objects.requireNonNull(hourly, "hourly");
    if (hourly.signum() < 0) {
      throw new IllegalArgumentException("the price of " + instanceType + " must be 0 or more, got " + hourly);
    }
    prices.put(Objects.requireNonNull(instanceType, "instanceType"), hourly);
    return this;
  }

  /**
   * Removes every price, the defaults too: then only types given with {@link #price} have one.
   *
   * @return this builder
   */
  public MemoryCloudBuilder noDefaultPrices() {
    prices.keySet().removeAll(DEFAULT_PRICES.keySet());
    return this;
  }

  /**
   * Registers an image with its metadata. Once any image is registered, only registered images
   * resolve, unless {@link #anyImage(boolean) anyImage(true)}.
   *
   * @param image the image
   * @return this builder
   */
  public MemoryCloudBuilder image(Image image) {
    images.put(Objects.requireNonNull(image, "image").id(), image);
    return this;
  }

  /**
   * Registers images by id, with synthesised metadata (name = id, no version, no labels).
   *
   * @param ids the image ids
   * @return this builder
   */
  public MemoryCloudBuilder images(String... ids) {
    for (String id : ids) {
      images.put(Objects.requireNonNull(id, "id"), new Image(id, id, "", null, Map.of()));
    }
    return this;
  }

  /**
   * Whether any image reference resolves, with synthesised metadata. Default: true while no image
   * is registered, false once one is.
   *
   * @param anyImage true to resolve any reference
   * @return this builder
   */
  public MemoryCloudBuilder anyImage(boolean anyImage) {
    this.anyImage = anyImage;
    return this;
  }

  /**
   * The most instances one launch call may ask for; a larger launch is an {@code InvalidRequest}.
   *
   * @param max at least 1; default 500
   * @return this builder
   */
  public MemoryCloudBuilder maxLaunchBatch(int max) {
    this.maxLaunchBatch = atLeastOne("maxLaunchBatch", max);
    return this;
  }

  /**
   * The most instances one terminate call to the cloud takes; the driver splits larger sets.
   *
   * @param max at least 1; default 1000
   * @return this builder
   */
  public MemoryCloudBuilder maxTerminateBatch(int max) {
    this.maxTerminateBatch = atLeastOne("maxTerminateBatch", max);
    return this;
  }

  /**
   * The zones instances are spread over, round-robin per fleet, when a spec's placement names none.
   *
   * @param zones at least one, distinct
   * @return this builder
   */
  public MemoryCloudBuilder zones(String... zones) {
    List<String> list = List.of(zones);
    if (list.isEmpty() || list.stream().distinct().count() != list.size() || list.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("zones must be at least one distinct, non-blank name, got " + list);
    }
    this.zones = list;
    return this;
  }

  /**
   * Which cloud's semantics to follow: error codes, device names, idempotency, long-running
   * creations, late failures, what a delete leaves, label syntax (see {@link CloudBehaviour}).
   *
   * @param behaviour the behaviour; default {@link CloudBehaviour#NEUTRAL}
   * @return this builder
   */
  public MemoryCloudBuilder behaviour(CloudBehaviour behaviour) {
    this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    return this;
  }

  /**
   * How long a creation's long-running operation runs before the instance boots (AZURE, GCE): the
   * instance is {@code PROVISIONING} for this and then its boot time.
   *
   * @param operationTime zero or more; default 20s on AZURE, 15s on GCE; must be zero on NEUTRAL
   *     and EC2, which create synchronously
   * @return this builder
   */
  public MemoryCloudBuilder operationTime(Duration operationTime) {
    this.operationTime = nonNegative("operationTime", operationTime);
    return this;
  }

  /**
   * How long the cloud remembers a launch token (AZURE: this account's memory of the token, after
   * which only the VMs' names answer; GCE: the {@code requestId}'s window). NEUTRAL and EC2 keep
   * tokens for good, and their drivers claim an hour.
   *
   * @param window at least a minute; default 15m on AZURE, 1h on GCE
   * @return this builder
   */
  public MemoryCloudBuilder tokenWindow(Duration window) {
    Objects.requireNonNull(window, "tokenWindow");
    if (window.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("tokenWindow must be at least a minute, got " + window);
    }
    this.tokenWindow = window;
    return this;
  }

  /**
   * Builds the cloud.
   *
   * @return the cloud
   */
  public MemoryCloud build() {
    return new MemoryCloud(settings());
  }

  Settings settings() {
    boolean any = anyImage != null ? anyImage : images.isEmpty();
    if (operationTime != null && !operationTime.isZero() && !behaviour.lateLaunchFailures()) {
      throw new IllegalArgumentException("operationTime " + operationTime + " needs a behaviour whose creation is a"
          + " long-running operation (AZURE, GCE); the " + behaviour + " cloud creates synchronously");
    }
    if (tokenWindow != null && !behaviour.forgetsTokens()) {
      throw new IllegalArgumentException("tokenWindow " + tokenWindow + " needs a behaviour that forgets tokens (AZURE,"
          + " GCE); the " + behaviour + " cloud keeps every launch token");
    }
    Duration operation = operationTime != null ? operationTime : behaviour.defaultOperationTime();
    Duration window = tokenWindow != null ? tokenWindow : behaviour.defaultTokenWindow();
    return new Settings(clock, seed, bootTime, bootTimes, bootJitter, healthyAfter, shutdownTime, terminatedRetention,
        drainTime, quota, capacity, listLag, prices, images, any, maxLaunchBatch, maxTerminateBatch, zones, clock.now(),
        behaviour, operation, window);
  }

  private static Duration nonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or more, got " + d);
    }
    return d;
  }

  private static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }
}
