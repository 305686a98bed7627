package io.immut.testkit;

import io.immut.api.ImmutException;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.memory.Faults;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.MemoryCloudBuilder;
import io.immut.core.memory.Operation;
import io.immut.spi.CloudDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An in-memory cloud on a virtual clock, with its driver and an {@link Immut} over them: what
 * {@link ImmutExtension} injects into a test, and what a test without JUnit can build itself.
 *
 * <pre>{@code
 * try (ImmutEnvironment env = ImmutEnvironment.builder().seed(7).bootTime(Duration.ofSeconds(45)).build()) {
 *   env.cloud().faults().throttle(Operation.LAUNCH, 0.2);
 *   RolloutResult result = env.immut().apply(spec);
 * }
 * }</pre>
 *
 * <p>The {@code Immut} is built on first use: the cloud's driver, the virtual clock, the owner, the
 * seed, an in-memory generation store, and a rollout-lock directory of its own (so that
 * environments of tests running in parallel never contend for a fleet's lock).
 */
public final class ImmutEnvironment implements AutoCloseable {
  private final VirtualClock clock;
  private final MemoryCloud cloud;
  private final CloudDriver driver;
  private final String owner;
  private final long seed;
  private final List<Consumer<Immut.Builder>> immutSettings;
  private Immut immut;
  private Path lockDirectory;
  private boolean closed;

  private ImmutEnvironment(Builder b) {
    this.clock = new VirtualClock(b.start);
    MemoryCloudBuilder cloudBuilder = MemoryCloud.builder()
        .clock(clock)
        .seed(b.seed)
        .bootTime(b.bootTime)
        .healthyAfter(b.healthyAfter)
        .listLag(b.listLag);
    if (b.quota > 0) {
      cloudBuilder.quota(b.quota);
    }
    if (!b.images.isEmpty()) {
      cloudBuilder.images(b.images.toArray(String[]::new));
    }
    for (Consumer<MemoryCloudBuilder> c : b.cloudSettings) {
      c.accept(cloudBuilder);
    }
    this.cloud = cloudBuilder.build();
    Faults faults = cloud.faults();
    for (Operation op : Operation.values()) {
      if (b.throttleRate > 0) {
        faults.throttle(op, b.throttleRate);
      }
      if (b.transientErrorRate > 0) {
        faults.transientErrors(op, b.transientErrorRate);
      }
    }
    if (b.partialLaunchRate > 0) {
      faults.partialLaunches(b.partialLaunchRate);
    }
    if (b.unhealthyRate > 0) {
      faults.unhealthyRate(b.unhealthyRate);
    }
    for (Consumer<Faults> c : b.faultSettings) {
      c.accept(faults);
    }
    this.driver = cloud.driver();
    this.owner = b.owner;
    this.seed = b.seed;
    this.immutSettings = List.copyOf(b.immutSettings);
  }

  /**
   * Starts a builder with the defaults of {@link ImmutTest}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The virtual clock the cloud (and the engine) run on.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * The in-memory cloud: faults, call counts, every instance, drift.
   *
   * @return the cloud
   */
  public MemoryCloud cloud() {
    return cloud;
  }

  /**
   * The cloud's driver.
   *
   * @return a driver named {@code memory}
   */
  public CloudDriver driver() {
    return driver;
  }

  /**
   * The engine over the cloud's driver and the virtual clock, built on first use and closed with
   * the environment.
   *
   * @return the engine
   * @throws IllegalStateException when the environment is closed
   */
  public synchronized Immut immut() {
    if (closed) {
      throw new IllegalStateException("this environment is closed; use the environment of the running test");
    }
    if (immut == null) {
      try {
        lockDirectory = Files.createTempDirectory("immut-test-locks");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a rollout-lock directory for the test's Immut", e);
      }
      Immut.Builder b = Immut.builder().driver(driver).clock(clock).owner(owner).seed(seed).lockDirectory(lockDirectory);
      for (Consumer<Immut.Builder> c : immutSettings) {
        c.accept(b);
      }
      immut = b.build();
    }
    return immut;
  }

  /**
   * The owner the environment's engine manages fleets as.
   *
   * @return the owner
   */
  public String owner() {
    return owner;
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Closes the engine, the driver and the lock directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (immut != null) {
        immut.close();
      }
    } finally {
      driver.close();
      deleteLockDirectory();
    }
  }

  private void deleteLockDirectory() {
    if (lockDirectory == null) {
      return;
    }
    try (var paths = Files.walk(lockDirectory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new ImmutException("cannot delete the test's rollout-lock directory " + lockDirectory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ImmutEnvironment[" + cloud + "]";
  }

  /**
   * Builds environments; {@link #build()} may be called many times, each time for a new cloud and
   * clock with the same settings.
   */
  public static final class Builder {
    private long seed = ImmutTest.DEFAULT_SEED;
    private Instant start = VirtualClock.DEFAULT_START;
    private Duration bootTime = Duration.ofSeconds(30);
    private Duration healthyAfter = Duration.ofSeconds(10);
    private Duration listLag = Duration.ZERO;
    private int quota;
    private final List<String> images = new ArrayList<>();
    private String owner = ImmutTest.DEFAULT_OWNER;
    private double throttleRate;
    private double transientErrorRate;
    private double partialLaunchRate;
    private double unhealthyRate;
    private final List<Consumer<MemoryCloudBuilder>> cloudSettings = new ArrayList<>();
    private final List<Consumer<Faults>> faultSettings = new ArrayList<>();
    private final List<Consumer<Immut.Builder>> immutSettings = new ArrayList<>();

    private Builder() {}

    /**
     * The seed of every random choice of the cloud (boot jitter, fault rolls).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The instant the virtual clock starts at.
     *
     * @param start the first instant
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * How long an instance takes from launch to running.
     *
     * @param bootTime the boot time
     * @return this builder
     */
    public Builder bootTime(Duration bootTime) {
      this.bootTime = Objects.requireNonNull(bootTime, "bootTime");
      return this;
    }

    /**
     * How long a running instance takes to turn healthy.
     *
     * @param healthyAfter the delay after running
     * @return this builder
     */
    public Builder healthyAfter(Duration healthyAfter) {
      this.healthyAfter = Objects.requireNonNull(healthyAfter, "healthyAfter");
      return this;
    }

    /**
     * How far behind the truth {@code list} is (eventual consistency).
     *
     * @param listLag the lag
     * @return this builder
     */
    public Builder listLag(Duration listLag) {
      this.listLag = Objects.requireNonNull(listLag, "listLag");
      return this;
    }

    /**
     * The account's limit on live instances.
     *
     * @param quota the limit; 0 for none
     * @return this builder
     */
    public Builder quota(int quota) {
      if (quota < 0) {
        throw new IllegalArgumentException("a quota is 0 (none) or more, got " + quota);
      }
      this.quota = quota;
      return this;
    }

    /**
     * The image ids that resolve; by default every reference resolves.
     *
     * @param ids the image ids
     * @return this builder
     */
    public Builder images(String... ids) {
      images.addAll(List.of(ids));
      return this;
    }

    /**
     * The owner the engine manages fleets as ({@code immut:owner}).
     *
     * @param owner the owner
     * @return this builder
     */
    public Builder owner(String owner) {
      if (owner == null || owner.isBlank()) {
        throw new IllegalArgumentException("an owner must not be blank");
      }
      this.owner = owner;
      return this;
    }

    /**
     * Throttles this fraction of every operation's calls.
     *
     * @param rate from 0 to 1
     * @return this builder
     */
    public Builder throttleRate(double rate) {
      this.throttleRate = rate(rate, "throttleRate");
      return this;
    }

    /**
     * Fails this fraction of every operation's calls with a transient error.
     *
     * @param rate from 0 to 1
     * @return this builder
     */
    public Builder transientErrorRate(double rate) {
      this.transientErrorRate = rate(rate, "transientErrorRate");
      return this;
    }

    /**
     * Makes this fraction of launches come back short.
     *
     * @param rate from 0 to 1
     * @return this builder
     */
    public Builder partialLaunchRate(double rate) {
      this.partialLaunchRate = rate(rate, "partialLaunchRate");
      return this;
    }

    /**
     * Makes this fraction of instances never turn healthy.
     *
     * @param rate from 0 to 1
     * @return this builder
     */
    public Builder unhealthyRate(double rate) {
      this.unhealthyRate = rate(rate, "unhealthyRate");
      return this;
    }

    /**
     * Any other setting of the cloud: per-type boot times, capacity, prices, batch sizes.
     *
     * @param settings applied to the cloud's builder after the settings above
     * @return this builder
     */
    public Builder cloud(Consumer<MemoryCloudBuilder> settings) {
      cloudSettings.add(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * Faults injected from the start, beside the rates above.
     *
     * @param settings applied to the cloud's faults
     * @return this builder
     */
    public Builder faults(Consumer<Faults> settings) {
      faultSettings.add(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * Any setting of the engine: a listener, a health probe, validators, canary analyses, a
     * generation store, retry policy. Applied after the environment's driver, clock, owner, seed and
     * lock directory.
     *
     * @param settings applied to the engine's builder
     * @return this builder
     */
    public Builder immut(Consumer<Immut.Builder> settings) {
      immutSettings.add(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * Reads the settings of an annotation.
     *
     * @param test the annotation
     * @return this builder
     */
    Builder from(ImmutTest test) {
      seed(test.seed());
      start(Instant.parse(test.start()));
      bootTime(io.immut.api.Durations.parse(test.bootTime()));
      healthyAfter(io.immut.api.Durations.parse(test.healthyAfter()));
      listLag(io.immut.api.Durations.parse(test.listLag()));
      quota(test.quota());
      images(test.images());
      owner(test.owner());
      throttleRate(test.throttleRate());
      transientErrorRate(test.transientErrorRate());
      partialLaunchRate(test.partialLaunchRate());
      unhealthyRate(test.unhealthyRate());
      return this;
    }

    /**
     * Builds a new environment: a new clock, cloud and driver.
     *
     * @return the environment
     */
    public ImmutEnvironment build() {
      return new ImmutEnvironment(this);
    }

    private static double rate(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " is a fraction from 0 to 1, got " + rate);
      }
      return rate;
    }
  }
}
