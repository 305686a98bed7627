package io.immut.core.memory;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.core.clock.Clock;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cloud in memory: the embedded default driver's world and the ground of immut's tests. A
 * simulator, not a mock: instances boot after a boot time (per instance type, with jitter from
 * the seed), turn healthy or not, carry tags and volumes, cost a price per hour, respect an account
 * quota and a per-type capacity, list with an eventual-consistency lag, honour launch tokens, and
 * linger as {@code DELETED} for a while after termination, as real clouds do. Faults are
 * injected through {@link #faults()}, every call is counted in {@link #calls()}, and what
 * terminations left behind is in {@link #leftovers()}.
 *
 * <p>Whose semantics it follows is its {@link CloudBehaviour}: cloud-neutral codes and device
 * names by default, or EC2's, Azure's (idempotency by name, long-running creations that may fail
 * late, deletes that leave what has no delete option) or Compute Engine's (request ids kept for a
 * window, zonal operations, labels, deleted instances gone at once). The driver's
 * {@link Capabilities} say which.
 *
 * <p>Time comes from the cloud's {@link Clock}, and an instance's state is a function of it: on
 * {@code Clock.system()} a demo runs in real time, on a {@code VirtualClock} a test or a
 * simulation of thousands of instances runs in milliseconds. Nothing runs in the background.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(42)
 *     .bootTime(Duration.ofSeconds(30)).bootJitter(0.2).quota(100).build();
 * CloudDriver driver = cloud.driver();
 * LaunchResult launched = driver.launch(request);
 * clock.advance(Duration.ofMinutes(1));
 * driver.list(selector);   // running and healthy by now
 * }</pre>
 *
 * <p>Thread-safe: drivers may be called from several threads.
 */
public final class MemoryCloud {
  private final Settings settings;
  private final Faults faults;
  private final CallCounts calls = new CallCounts();
  private final Account account;
  private final MemoryTraffic traffic;
  private final PriceCatalog prices;

  MemoryCloud(Settings settings) {
    this.settings = settings;
    this.faults = new Faults(settings.seed(), settings.behaviour());
    this.account = new Account(settings, faults);
    this.traffic = new MemoryTraffic(this, account, settings.drainTime());
    Map<String, BigDecimal> table = settings.prices();
    this.prices = instanceType -> Optional.ofNullable(table.get(instanceType));
  }

  /**
   * Starts a builder with the defaults: system clock, seed 0, 30s boot time without jitter, healthy
   * 10s after running, no quota or capacity limit, no list lag, any image resolves, batches of 500
   * launches and 1000 terminations, zones {@code memory-1a..c}, a small price list of common types.
   *
   * @return a builder
   */
  public static MemoryCloudBuilder builder() {
    return new MemoryCloudBuilder();
  }

  /**
   * A new driver viewing this cloud. Many drivers may view one cloud.
   *
   * @return a driver named {@code memory}
   */
  public CloudDriver driver() {
    return new MemoryDriver(this);
  }

  /**
   * The clock the cloud's time comes from.
   *
   * @return the clock
   */
  public Clock clock() {
    return settings.clock();
  }

  /**
   * The faults to inject, deterministic under the cloud's seed.
   *
   * @return the cloud's faults, to configure
   */
  public Faults faults() {
    return faults;
  }

  /**
   * How many calls the cloud answered, by operation.
   *
   * @return the cloud's counts
   */
  public CallCounts calls() {
    return calls;
  }

  /**
   * Every instance the cloud has, foreign ones too, in any state, as of now (no list lag), in
   * launch order. For assertions; not counted as a call.
   *
   * @return every instance
   */
  public List<CloudInstance> instances() {
    return account.instances();
  }

  /**
   * One instance as of now, without lag or fault. For assertions.
   *
   * @param id the instance
   * @return the instance, or empty when the cloud never had it
   */
  public Optional<CloudInstance> instance(InstanceId id) {
    return Optional.ofNullable(account.view(id));
  }

  /**
   * Launches an instance that immut does not own and must never touch (someone else's, or one of
   * another fleet or owner). It counts against the quota but is not refused by it, and is not
   * counted as a call.
   *
   * @param tags its tags; may carry ownership tags of another fleet or owner
   * @param instanceType its type
   * @param imageId its image
   * @return the instance
   */
  public CloudInstance launchForeign(Map<String, String> tags, String instanceType, String imageId) {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(imageId, "imageId");
    return account.launchForeign(tags, instanceType, imageId);
  }

  /**
   * The cloud loses an instance: it is {@code TERMINATED} at once, without any terminate call (a
   * hardware failure, a spot reclaim, someone at the console).
   *
   * @param id the instance
   * @throws IllegalArgumentException when the cloud never had it
   */
  public void kill(InstanceId id) {
    account.kill(Objects.requireNonNull(id, "id"));
  }

  /**
   * Changes an instance behind immut's back: drift.
   *
   * @param id the instance
   * @param change the changes, such as {@code m -> m.instanceType("t3.large").tag("k", "v")}
   * @return the instance after the change
   * @throws IllegalArgumentException when the cloud never had it
   */
  public CloudInstance mutate(InstanceId id, Consumer<Mutation> change) {
    return account.mutate(Objects.requireNonNull(id, "id"), Objects.requireNonNull(change, "change"));
  }

  /**
   * What the live (pending or running) instances cost per hour, by the cloud's price list. Types
   * without a price count as zero.
   *
   * @return the hourly cost
   */
  public BigDecimal hourlyCost() {
    return account.hourlyCost();
  }

  /**
   * What every instance has cost since the cloud started, by the cloud's price list, billed by the
   * millisecond from launch until termination began (or the instance was stopped). Types without a
   * price count as zero. An instance's price is that of its type now.
   *
   * @return the total spend, in USD, rounded to six decimals
   */
  public BigDecimal spend() {
    return account.spend();
  }

  /**
   * How many instances count against the quota now: launched and not terminating.
   *
   * @return the number of active instances
   */
  public int activeInstances() {
    return account.active();
  }

  /**
   * Which cloud's semantics this cloud follows.
   *
   * @return the behaviour it was built with
   */
  public CloudBehaviour behaviour() {
    return settings.behaviour();
  }

  /**
   * The keys of the ownership tags (or labels) in this cloud's syntax, for tests that write or read
   * tags themselves ({@link #launchForeign}, {@link CloudInstance#tags()}).
   *
   * @return the behaviour's keys
   */
  public OwnershipKeys ownershipKeys() {
    return account.keys();
  }

  /**
   * What terminations left behind, in the order they did: volumes without delete-on-termination,
   * network interfaces and static addresses not deleted with their instance. Real clouds keep (and
   * bill) these; a test asserts this is empty to prove that nothing leaked. Not counted as a call.
   *
   * @return every leftover so far
   */
  public List<Leftover> leftovers() {
    return account.leftovers();
  }

  Capabilities capabilities() {
    CloudBehaviour b = settings.behaviour();
    return Capabilities.builder().maxLaunchBatch(settings.maxLaunchBatch()).maxTerminateBatch(settings.maxTerminateBatch())
        .maxInspectBatch(b.maxInspectBatch()).tagsVolumes(true).traffic(true).prices(true)
        .bootTimeHint(settings.operationTime().plus(settings.bootTime()))
        .tokenWindow(b.forgetsTokens() ? settings.tokenWindow() : Duration.ofHours(1))
        .lateLaunchFailures(b.lateLaunchFailures())
        .listLag(settings.listLag()).build();
  }

  Image resolveImage(ImageRef ref) {
    Objects.requireNonNull(ref, "ref");
    return call(Operation.RESOLVE_IMAGE, () -> account.resolveImage(ref));
  }

  LaunchResult launch(LaunchRequest request) {
    Objects.requireNonNull(request, "request");
    return call(Operation.LAUNCH, () -> account.launch(request));
  }

  void terminate(Set<InstanceId> ids) {
    Objects.requireNonNull(ids, "ids");
    List<InstanceId> sorted = new ArrayList<>(new TreeSet<>(ids));
    int batch = settings.maxTerminateBatch();
    for (int from = 0; from < sorted.size(); from += batch) {
      List<InstanceId> part = sorted.subList(from, Math.min(sorted.size(), from + batch));
      call(Operation.TERMINATE, () -> {
        account.terminate(part);
        return null;
      });
    }
  }

  List<InstanceView> list(FleetSelector selector) {
    Objects.requireNonNull(selector, "selector");
    return call(Operation.LIST, () -> account.list(selector));
  }

  InstanceInspection inspect(InstanceId id) {
    Objects.requireNonNull(id, "id");
    return call(Operation.INSPECT, () -> account.inspect(id));
  }

  java.util.Map<InstanceId, InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
    Objects.requireNonNull(ids, "ids");
    int max = settings.behaviour().maxInspectBatch();
    if (ids.size() > max) {
      throw new DriverException.InvalidRequest("inspect", settings.behaviour().code(FaultKind.INVALID_REQUEST),
          "memory cloud: " + ids.size() + " instances in one inspection, at most " + max
          + " (Capabilities.maxInspectBatch)", null);
    }
    return call(Operation.INSPECT, () -> account.inspectAll(ids));
  }

  TrafficRouter traffic() {
    return traffic;
  }

  PriceCatalog priceCatalog() {
    return prices;
  }

  /** Counts the call, sleeps its latency, injects its fault, then runs it. */
  <T> T call(Operation operation, Supplier<T> action) {
    calls.record(operation);
    Duration latency = faults.latency(operation);
    if (!latency.isZero()) {
      try {
        settings.clock().sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException.Transient(operation.apiName(), null, "memory cloud: " + operation.apiName()
            + " was interrupted while waiting", e);
      }
    }
    DriverException failure = faults.failure(operation);
    if (failure != null) {
      throw failure;
    }
    T result = action.get();
    if (faults.loseResponse(operation)) {
      throw new DriverException.Transient(operation.apiName(), "RequestTimeout", "memory cloud: " + operation.apiName()
          + " took effect but its answer was lost (an injected fault); retry it", null);
    }
    return result;
  }

  @Override
  public String toString() {
    return "MemoryCloud[seed=" + settings.seed() + ", clock=" + settings.clock() + ", " + account.active()
        + " active instances]";
  }
}
