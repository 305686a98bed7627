package io.immut.core.memory;

import io.immut.spi.DriverException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The faults the in-memory cloud injects, by rate or by schedule. Deterministic: every rate is
 * rolled from a random stream derived from the cloud's seed, one stream per operation, so the same
 * seed and the same sequence of calls give the same failures, whatever else the test does with
 * other operations.
 *
 * <pre>{@code
 * cloud.faults()
 *     .throttle(Operation.LAUNCH, 0.2)                    // 20% of launch calls are throttled
 *     .failNext(Operation.LAUNCH, 2, FaultKind.CAPACITY)  // the next two launch calls fail
 *     .partialLaunches(0.5)                               // half the launches come back short
 *     .neverHealthy("ami-broken");                        // that image never turns healthy
 * }</pre>
 *
 * <p>On the clouds whose creation is a long-running operation (AZURE, GCE), launches can also fail
 * late: {@link #lateLaunchFailures}, {@link #failNextLaunchesLate}, {@link #lateFailureAfter}.
 * Injected errors carry the error codes of the cloud's {@link CloudBehaviour}.
 *
 * <p>A scheduled failure ({@link #failNext}) is served before any rate is rolled. Injected
 * failures happen before the call has any effect, except {@link #lostResponses}, which models the
 * answer of a call that did take effect being lost. Health faults ({@link #neverHealthy},
 * {@link #unhealthyRate}) apply to instances launched after they are set. Thread-safe.
 */
public final class Faults {
  private static final long STREAM_SALT = 0x5DEECE66DL;

  private final long seed;
  private final Map<Operation, SplittableRandom> rolls = new EnumMap<>(Operation.class);
  private final SplittableRandom partialRolls;
  private final Map<Operation, Map<FaultKind, Double>> rates = new EnumMap<>(Operation.class);
  private final Map<Operation, Deque<FaultKind>> scheduled = new EnumMap<>(Operation.class);
  private final Map<Operation, Duration> latency = new EnumMap<>(Operation.class);
  private final Map<Operation, Double> lostResponses = new EnumMap<>(Operation.class);
  private final Set<String> neverHealthy = new HashSet<>();
  private final CloudBehaviour behaviour;
  private final SplittableRandom lateRolls;
  private double partialRate;
  private double unhealthyRate;
  private double lateRate;
  private int lateScheduled;
  private Duration lateFailureAfter = DEFAULT_LATE_FAILURE_AFTER;
  private FaultKind lateFailureKind = FaultKind.CAPACITY;

  /** How long after its acceptance a launch fails late, unless {@link #lateFailureAfter} says otherwise. */
  public static final Duration DEFAULT_LATE_FAILURE_AFTER = Duration.ofSeconds(30);

  Faults(long seed, CloudBehaviour behaviour) {
    this.seed = seed;
    this.behaviour = behaviour;
    this.lateRolls = new SplittableRandom(Seeds.mix(seed ^ (STREAM_SALT * 103)));
    for (Operation op : Operation.values()) {
      rolls.put(op, new SplittableRandom(Seeds.mix(seed ^ (STREAM_SALT * (op.ordinal() + 1)))));
    }
    this.partialRolls = new SplittableRandom(Seeds.mix(seed ^ (STREAM_SALT * 101)));
  }

  /**
   * Throttles a fraction of an operation's calls with {@link DriverException.Throttled}.
   *
   * @param operation the operation
   * @param rate from 0 (never) to 1 (always)
   * @return these faults
   */
  public Faults throttle(Operation operation, double rate) {
    return fail(operation, FaultKind.THROTTLED, rate);
  }

  /**
   * Fails a fraction of an operation's calls with {@link DriverException.Transient}.
   *
   * @param operation the operation
   * @param rate from 0 (never) to 1 (always)
   * @return these faults
   */
  public Faults transientErrors(Operation operation, double rate) {
    return fail(operation, FaultKind.TRANSIENT, rate);
  }

  /**
   * Fails a fraction of an operation's calls with a failure of the given kind (quota or capacity
   * errors on launch, say). Rates of several kinds on one operation are rolled in
   * {@link FaultKind} order.
   *
   * @param operation the operation
   * @param kind the failure
   * @param rate from 0 (never) to 1 (always); 0 removes the fault
   * @return these faults
   */
  public synchronized Faults fail(Operation operation, FaultKind kind, double rate) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    checkRate(rate);
    Map<FaultKind, Double> byKind = rates.computeIfAbsent(operation, o -> new EnumMap<>(FaultKind.class));
    if (rate == 0) {
      byKind.remove(kind);
    } else {
      byKind.put(kind, rate);
    }
    return this;
  }

  /**
   * Fails the next calls of an operation, in order, before any rate applies. Calls add up:
   * {@code failNext(LAUNCH, 1, THROTTLED).failNext(LAUNCH, 1, CAPACITY)} fails the next launch with
   * a throttle and the one after with a capacity error.
   *
   * @param operation the operation
   * @param count how many calls, 0 or more
   * @param kind the failure
   * @return these faults
   */
  public synchronized Faults failNext(Operation operation, int count, FaultKind kind) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    if (count < 0) {
      throw new IllegalArgumentException("failNext count must be 0 or more, got " + count);
    }
    Deque<FaultKind> queue = scheduled.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < count; i++) {
      queue.addLast(kind);
    }
    return this;
  }

  /**
   * Makes a fraction of launches come back short, with a {@code CAPACITY} shortfall: between one
   * and {@code count - 1} instances launch. A launch of a single instance cannot be partial and is
   * not affected.
   *
   * @param rate from 0 (never) to 1 (always)
   * @return these faults
   */
  public synchronized Faults partialLaunches(double rate) {
    checkRate(rate);
    partialRate = rate;
    return this;
  }

  /**
   * Makes a fraction of accepted launches fail late for lack of capacity, as Azure's
   * {@code AllocationFailed} and GCE's {@code ZONE_RESOURCE_POOL_EXHAUSTED} do minutes after the
   * call: the launch returns its instances {@code PROVISIONING}, and {@link #lateFailureAfter} later
   * they list {@code FAILED} with a {@code CAPACITY} failure and hold no capacity. On AZURE each VM
   * is rolled on its own; on GCE each zone's operation of a launch (all its instances fail together).
   * Only the behaviours whose creation is a long-running operation fail late.
   *
   * @param rate from 0 (never) to 1 (always)
   * @return these faults
   * @throws IllegalStateException when the cloud's behaviour creates synchronously (NEUTRAL, EC2)
   */
  public synchronized Faults lateLaunchFailures(double rate) {
    checkRate(rate);
    requireLate();
    lateRate = rate;
    return this;
  }

  /**
   * Makes every instance of the next {@code count} launch calls fail late for lack of capacity,
   * before any rate applies (see {@link #lateLaunchFailures}).
   *
   * @param count how many launch calls, 0 or more
   * @return these faults
   * @throws IllegalStateException when the cloud's behaviour creates synchronously (NEUTRAL, EC2)
   */
  public synchronized Faults failNextLaunchesLate(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("failNextLaunchesLate count must be 0 or more, got " + count);
    }
    requireLate();
    lateScheduled += count;
    return this;
  }

  /**
   * How long after its acceptance a launch that fails late turns {@code FAILED}; until then its
   * instances are {@code PROVISIONING}.
   *
   * @param after more than zero; default 30s
   * @return these faults
   */
  public synchronized Faults lateFailureAfter(Duration after) {
    Objects.requireNonNull(after, "after");
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("lateFailureAfter must be more than zero, got " + after);
    }
    lateFailureAfter = after;
    return this;
  }

  /**
   * What a late failure is: a lack of capacity (the default: Azure's {@code AllocationFailed},
   * GCE's {@code ZONE_RESOURCE_POOL_EXHAUSTED}) or an account quota met after the cloud accepted
   * the launch (Azure's {@code OperationNotAllowed} about a quota, a GCE operation's
   * {@code QUOTA_EXCEEDED}): the failed instances then carry a {@code QUOTA} failure.
   *
   * @param kind {@link FaultKind#CAPACITY} or {@link FaultKind#QUOTA}
   * @return these faults
   * @throws IllegalArgumentException for any other kind
   * @throws IllegalStateException when the cloud's behaviour creates synchronously (NEUTRAL, EC2)
   */
  public synchronized Faults lateFailureKind(FaultKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind != FaultKind.CAPACITY && kind != FaultKind.QUOTA) {
      throw new IllegalArgumentException("a launch fails late for CAPACITY or QUOTA, got " + kind);
    }
    requireLate();
    lateFailureKind = kind;
    return this;
  }

  synchronized FaultKind lateFailureKind() {
    return lateFailureKind;
  }

  private void requireLate() {
    if (!behaviour.lateLaunchFailures()) {
      throw new IllegalStateException("the " + behaviour + " memory cloud creates instances synchronously and never"
          + " fails a launch late (its driver does not claim lateLaunchFailures); build it with"
          + " .behaviour(CloudBehaviour.AZURE) or .behaviour(CloudBehaviour.GCE)");
    }
  }

  /** Whether this launch call fails late as a whole (a scheduled late failure). */
  synchronized boolean launchFailsLate() {
    if (lateScheduled > 0) {
      lateScheduled--;
      return true;
    }
    return false;
  }

  /** Whether one unit (a VM, a zonal operation) of a launch fails late, by rate. */
  synchronized boolean unitFailsLate() {
    return lateRate > 0 && lateRolls.nextDouble() < lateRate;
  }

  synchronized Duration lateFailureAfter() {
    return lateFailureAfter;
  }

  /**
   * Makes the instances of an image or of a generation never turn healthy: once running for the
   * cloud's {@code healthyAfter} they report {@code UNHEALTHY}. Applies to instances launched
   * afterwards.
   *
   * @param imageIdOrGenerationId an image id ({@code ami-…}) or a generation's content id
   * @return these faults
   */
  public synchronized Faults neverHealthy(String imageIdOrGenerationId) {
    neverHealthy.add(Objects.requireNonNull(imageIdOrGenerationId, "imageIdOrGenerationId"));
    return this;
  }

  /**
   * Makes a fraction of the instances launched afterwards never turn healthy. Which instances is
   * decided per instance from the seed, so it does not depend on the order of other calls.
   *
   * @param rate from 0 (none) to 1 (all)
   * @return these faults
   */
  public synchronized Faults unhealthyRate(double rate) {
    checkRate(rate);
    unhealthyRate = rate;
    return this;
  }

  /**
   * Makes every call of an operation take time: the caller sleeps on the cloud's clock before
   * the call takes effect (on a virtual clock, time moves forward).
   *
   * @param operation the operation
   * @param duration how long each call takes; zero removes the latency
   * @return these faults
   */
  public synchronized Faults latency(Operation operation, Duration duration) {
    Objects.requireNonNull(operation, "operation");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or more, got " + duration);
    }
    if (duration.isZero()) {
      latency.remove(operation);
    } else {
      latency.put(operation, duration);
    }
    return this;
  }

  /**
   * Makes a fraction of an operation's calls take effect and then fail with
   * {@link DriverException.Transient}, as when the answer is lost on the way back. This is what
   * launch tokens and idempotent terminates are for.
   *
   * @param operation the operation
   * @param rate from 0 (never) to 1 (always)
   * @return these faults
   */
  public synchronized Faults lostResponses(Operation operation, double rate) {
    Objects.requireNonNull(operation, "operation");
    checkRate(rate);
    if (rate == 0) {
      lostResponses.remove(operation);
    } else {
      lostResponses.put(operation, rate);
    }
    return this;
  }

  /**
   * Removes every fault: rates, scheduled failures, latency, health faults. The random streams go
   * on where they were, so a run stays deterministic.
   *
   * @return these faults
   */
  public synchronized Faults clear() {
    rates.clear();
    scheduled.clear();
    latency.clear();
    lostResponses.clear();
    neverHealthy.clear();
    partialRate = 0;
    unhealthyRate = 0;
    lateRate = 0;
    lateScheduled = 0;
    lateFailureAfter = DEFAULT_LATE_FAILURE_AFTER;
    lateFailureKind = FaultKind.CAPACITY;
    return this;
  }

  /**
   * How many scheduled failures of an operation are still waiting.
   *
   * @param operation the operation
   * @return the number of calls that will fail by schedule
   */
  public synchronized int pending(Operation operation) {
    Deque<FaultKind> queue = scheduled.get(operation);
    return queue == null ? 0 : queue.size();
  }

  synchronized Duration latency(Operation operation) {
    return latency.getOrDefault(operation, Duration.ZERO);
  }

  /** The failure of this call, scheduled first, then by rate; null when the call goes through. */
  synchronized DriverException failure(Operation operation) {
    Deque<FaultKind> queue = scheduled.get(operation);
    if (queue != null && !queue.isEmpty()) {
      FaultKind kind = queue.pollFirst();
      String code = behaviour.code(kind);
      return kind.exception(operation, code, "memory cloud: " + operation.apiName() + " failed with " + code
          + " (a scheduled fault)");
    }
    Map<FaultKind, Double> byKind = rates.get(operation);
    if (byKind == null || byKind.isEmpty()) {
      return null;
    }
    SplittableRandom random = rolls.get(operation);
    for (Map.Entry<FaultKind, Double> e : byKind.entrySet()) {
      if (random.nextDouble() < e.getValue()) {
        String code = behaviour.code(e.getKey());
        return e.getKey().exception(operation, code, "memory cloud: " + operation.apiName() + " failed with "
            + code + " (a fault injected at rate " + e.getValue() + ")");
      }
    }
    return null;
  }

  /** Whether the answer of a call that took effect is lost. */
  synchronized boolean loseResponse(Operation operation) {
    Double rate = lostResponses.get(operation);
    return rate != null && rolls.get(operation).nextDouble() < rate;
  }

  /** How many of {@code fits} instances a launch gets under the partial-launch fault. */
  synchronized int partialCount(int fits) {
    if (partialRate == 0 || fits < 2 || partialRolls.nextDouble() >= partialRate) {
      return fits;
    }
    return 1 + partialRolls.nextInt(fits - 1);
  }

  /** Whether an instance with this sequence number, image and generation never turns healthy. */
  synchronized boolean neverHealthy(long sequence, String imageId, String generationId) {
    if (neverHealthy.contains(imageId) || (generationId != null && neverHealthy.contains(generationId))) {
      return true;
    }
    return unhealthyRate > 0 && Seeds.unit(seed, sequence, 2) < unhealthyRate;
  }

  private static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("a fault rate is from 0 to 1, got " + rate);
    }
  }
}
