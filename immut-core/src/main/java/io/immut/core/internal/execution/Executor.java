package io.immut.core.internal.execution;

import io.immut.core.rollout.Backoff;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.core.clock.Clock;
import io.immut.core.internal.decision.Tokens;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import io.immut.spi.LaunchResult;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries actions out through a {@link CloudDriver}: every call waits its turn under one of the
 * driver's two {@link AdaptiveRateLimit}s (one for mutating calls, one for reads), {@code Throttled} and {@code Transient} errors are retried
 * with {@link Backoff} (honouring the cloud's retry-after), launches are split into batches of
 * the driver's {@code maxLaunchBatch} with one idempotency token each ({@link WaveLaunch}),
 * terminations into batches
 * of its {@code maxTerminateBatch}, overlapped and retried each on its own, and a
 * {@code CapacityUnavailable} halves the batch and retries down to one instance before the
 * rollout is stopped. {@code QuotaExceeded}, {@code AuthFailed} and {@code InvalidRequest} stop
 * the rollout ({@link RolloutStop}). All waiting is on the engine's {@link Clock}.
 *
 * <p>Reads that do not depend on each other can be overlapped ({@link #overlapReads}): at most
 * {@link #CONCURRENCY} at a time, each under the read limit and with its own retries, so that
 * one read's backoff does not hold up the others. It returns once every read is in, so a caller
 * that changes anything afterwards changes nothing before it knows all of them. On the system
 * clock the reads run on a bounded pool of threads; on any other clock (virtual time) they are
 * interleaved on the calling thread in the order of the instants they are due, ties by position,
 * so a test sees the same calls at the same virtual instants every time.
 *
 * <p>Thread-safe as long as its driver is.
 */
public final class Executor {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

  /** How many calls an overlap ({@link #overlapReads}, a terminate's batches) has in flight at most. */
  public static final int CONCURRENCY = 64;

  /** Told about each retry, for the rollout's events. */
  @FunctionalInterface
  public interface RetryObserver {
    /**
     * A call failed and will be retried.
     *
     * @param operation the driver operation
     * @param attempt the attempt that failed
     * @param delay the wait before the next
     * @param error the error
     */
    void retrying(String operation, int attempt, Duration delay, DriverException error);
  }

  /** A call to the driver that may throw its typed errors. */
  @FunctionalInterface
  interface DriverCall<T> {
    T run();
  }

  /**
   * One of several calls that overlap: a read of {@link #overlapReads} (a driver call that changes
   * nothing), or one batch of a {@link #terminate}.
   *
   * @param <K> what is read
   * @param <V> what the read answers
   */
  @FunctionalInterface
  public interface Read<K, V> {
    /**
     * Reads one key.
     *
     * @param key the key
     * @return the answer
     * @throws DriverException the driver's typed errors
     */
    V read(K key);
  }

  /** The fleet the calls on this thread are made for, for the per-fleet turns and the call listener. */
  private static final ThreadLocal<String> FLEET = new ThreadLocal<>();

  final CloudDriver driver;
  final Clock clock;
  /** Per fleet, one waiting reservation at a time under each limit: fleets share a limit in turns. */
  private final Map<String, java.util.concurrent.locks.ReentrantLock> writeTurns = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.locks.ReentrantLock> readTurns = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile io.immut.core.rollout.DriverCallListener callListener = io.immut.core.rollout.DriverCallListener.NONE;
  final AdaptiveRateLimit writes;
  final AdaptiveRateLimit reads;
  final Backoff backoff;
  final RandomGenerator random;
  final AtomicLong calls = new AtomicLong();
  final AtomicLong mutating = new AtomicLong();
  private static final int MAX_SUCCESSORS = 64;
  private static final int ANSWERED_KEPT = 100_000;
  /** Launch tokens the driver answered, oldest first, bounded. */
  private final Map<String, Boolean> answeredTokens = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > ANSWERED_KEPT;
        }
      });

  /**
   * Creates an executor whose reads and mutating calls share one rate limit.
   *
   * @param driver the driver
   * @param clock the clock every wait is on
   * @param limit the driver's rate limit (shared by every executor of the driver)
   * @param backoff the retry policy
   * @param random the source of jitter
   */
  public Executor(CloudDriver driver, Clock clock, AdaptiveRateLimit limit, Backoff backoff, RandomGenerator random) {
    this(driver, clock, limit, limit, backoff, random);
  }

  /**
   * Creates an executor.
   *
   * @param driver the driver
   * @param clock the clock every wait is on
   * @param writes the rate limit of mutating calls (launch, terminate, register, deregister),
   *     shared by every executor of the driver
   * @param reads the rate limit of reads (list, inspect, resolveImage, traffic health)
   * @param backoff the retry policy
   * @param random the source of jitter
   */
  public Executor(CloudDriver driver, Clock clock, AdaptiveRateLimit writes, AdaptiveRateLimit reads, Backoff backoff,
                  RandomGenerator random) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writes = Objects.requireNonNull(writes, "writes");
    this.reads = Objects.requireNonNull(reads, "reads");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Sets the listener told about every driver call.
   *
   * @param listener the listener
   */
  public void observeCalls(io.immut.core.rollout.DriverCallListener listener) {
    this.callListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * A body run on behalf of one fleet.
   *
   * @param <T> its answer
   */
  @FunctionalInterface
  public interface FleetBody<T> {
    /**
     * Runs.
     *
     * @return the answer
     * @throws InterruptedException when interrupted
     */
    T run() throws InterruptedException;
  }

  /**
   * Runs a body whose driver calls are made for one fleet: under each rate limit, a fleet holds
   * at most one waiting reservation at a time, however many threads it calls from (the overlapped
   * reads of a large fleet, say). Calls are granted in the order they are reserved, so while the
   * limit is the bottleneck every waiting fleet gets a call in turn: a fleet in a long rollout with
   * many calls to make does not starve the others of theirs.
   *
   * @param fleet the fleet
   * @param body what to run
   * @param <T> the answer
   * @return the body's answer
   * @throws InterruptedException when interrupted
   */
  public static <T> T onBehalfOf(String fleet, FleetBody<T> body) throws InterruptedException {
    String before = FLEET.get();
    FLEET.set(fleet);
    try {
      return body.run();
    } finally {
      if (before == null) {
        FLEET.remove();
      } else {
        FLEET.set(before);
      }
    }
  }

  /**
   * The fleet the calls on this thread are made for.
   *
   * @return the fleet, or null
   */
  public static String currentFleet() {
    return FLEET.get();
  }

  /** Waits for a call's turn: the fleet's own turn first, then the limit's. */
  void acquire(AdaptiveRateLimit limit) throws InterruptedException {
    String fleet = FLEET.get();
    if (fleet == null) {
      limit.acquire(clock);
      return;
    }
    // reentrant: a task the virtual clock runs while this thread waits may call for the same fleet
    java.util.concurrent.locks.ReentrantLock turn = (limit == writes ? writeTurns : readTurns)
        .computeIfAbsent(fleet, f -> new java.util.concurrent.locks.ReentrantLock(true));
    turn.lockInterruptibly();
    try {
      limit.acquire(clock);
    } finally {
      turn.unlock();
    }
  }

  /** Tells the call listener about a call that started at {@code started}. */
  void observed(String operation, boolean mutates, io.immut.core.rollout.DriverCall.Outcome outcome, Instant started) {
    io.immut.core.rollout.DriverCallListener l = callListener;
    if (l == io.immut.core.rollout.DriverCallListener.NONE) {
      return;
    }
    Duration took = Duration.between(started, clock.now());
    try {
      l.onCall(new io.immut.core.rollout.DriverCall(FLEET.get(), operation, mutates, outcome,
          took.isNegative() ? Duration.ZERO : took));
    } catch (RuntimeException e) {
      LOG.warn("a driver call listener threw on {}; ignored", operation, e);
    }
  }

  /** The outcome of a call that threw. */
  static io.immut.core.rollout.DriverCall.Outcome outcomeOf(RuntimeException e) {
    if (e instanceof DriverException.Throttled) {
      return io.immut.core.rollout.DriverCall.Outcome.THROTTLED;
    }
    if (e instanceof DriverException.Transient) {
      return io.immut.core.rollout.DriverCall.Outcome.TRANSIENT;
    }
    if (e instanceof DriverException.NotFound) {
      return io.immut.core.rollout.DriverCall.Outcome.SUCCEEDED;
    }
    return io.immut.core.rollout.DriverCall.Outcome.FAILED;
  }

  /**
   * The driver.
   *
   * @return it
   */
  public CloudDriver driver() {
    return driver;
  }

  /**
   * Driver calls made so far, retries included.
   *
   * @return the count
   */
  public long calls() {
    return calls.get();
  }

  /**
   * Mutating driver calls made so far (launch, terminate, register, deregister), retries included.
   *
   * @return the count
   */
  public long mutatingCalls() {
    return mutating.get();
  }

  /**
   * The driver seen through this executor: each call waits its turn under the rate limit and is
   * retried on throttling and transient errors. For collaborators that take a {@link CloudDriver},
   * such as the state checks' inspections.
   *
   * @return a retrying view of the driver
   */
  public CloudDriver retrying() {
    return new RetryingDriver();
  }

  private <T> T uninterrupted(String operation, boolean mutates, DriverCall<T> op) {
    try {
      return call(operation, mutates, null, op);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.immut.api.ImmutException(operation + " was interrupted", e);
    }
  }

  /** The driver with this executor's rate limit and retries. */
  private final class RetryingDriver implements CloudDriver {
    @Override
    public String name() {
      return driver.name();
    }

    /** The driver's, except that {@link #inspectAll} takes any number of instances. */
    @Override
    public io.immut.spi.Capabilities capabilities() {
      return driver.capabilities().toBuilder().maxInspectBatch(Integer.MAX_VALUE).build();
    }

    @Override
    public Image resolveImage(ImageRef ref) {
      return uninterrupted("resolveImage", false, () -> driver.resolveImage(ref));
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
      return uninterrupted("launch", true, () -> driver.launch(request));
    }

    @Override
    public void terminate(Set<InstanceId> ids) {
      uninterrupted("terminate", true, () -> {
        driver.terminate(ids);
        return null;
      });
    }

    @Override
    public List<InstanceView> list(FleetSelector selector) {
      return uninterrupted("list", false, () -> driver.list(selector));
    }

    @Override
    public io.immut.spi.InstanceInspection inspect(InstanceId id) {
      return uninterrupted("inspect", false, () -> driver.inspect(id));
    }

    /**
     * Inspects any number of instances: in batches of the driver's {@code maxInspectBatch} (one
     * {@code inspect} each when it is 1), the batches overlapped ({@link #overlapReads}).
     */
    @Override
    public Map<InstanceId, io.immut.spi.InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
      try {
        return Executor.this.inspectAll(ids, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.immut.api.ImmutException("inspect was interrupted", e);
      }
    }

    @Override
    public java.util.Optional<TrafficRouter> traffic() {
      return driver.traffic();
    }

    @Override
    public java.util.Optional<io.immut.spi.PriceCatalog> prices() {
      return driver.prices();
    }
  }

  private <T> T call(String operation, boolean mutates, RetryObserver observer, DriverCall<T> op) throws InterruptedException {
    return call(operation, mutates, observer, null, op);
  }

  /**
   * A call retried on throttling and transient errors; with a {@code retryUntil}, no retry is made
   * after it (a launch's token is re-sent only within the driver's token window) and the error
   * goes to the caller.
   */
  <T> T call(String operation, boolean mutates, RetryObserver observer, Instant retryUntil, DriverCall<T> op)
      throws InterruptedException {
    AdaptiveRateLimit limit = mutates ? writes : reads;
    for (int attempt = 1; ; attempt++) {
      acquire(limit);
      calls.incrementAndGet();
      if (mutates) {
        mutating.incrementAndGet();
      }
      Instant started = clock.now();
      try {
        T result = observing(operation, mutates, started, op);
        limit.onSuccess(clock.now());
        return result;
      } catch (DriverException.Throttled | DriverException.Transient e) {
        Duration delay = retryDelay(operation, attempt, attempt, e, limit, observer);
        if (retryUntil != null && clock.now().plus(delay).isAfter(retryUntil)) {
          LOG.info("{} failed ({}) and its retry would come after the driver's token window; deciding again instead",
              operation, e.getMessage());
          throw e;
        }
        clock.sleep(delay);
      } catch (DriverException.QuotaExceeded | DriverException.AuthFailed | DriverException.InvalidRequest e) {
        throw stop(operation, e);
      }
    }
  }

  /** Runs one attempt and tells the call listener how it ended. */
  private <T> T observing(String operation, boolean mutates, Instant started, DriverCall<T> op) {
    T result;
    try {
      result = op.run();
    } catch (RuntimeException e) {
      observed(operation, mutates, outcomeOf(e), started);
      throw e;
    }
    observed(operation, mutates, io.immut.core.rollout.DriverCall.Outcome.SUCCEEDED, started);
    return result;
  }

  /**
   * After a throttled or transient failure: the wait before the next attempt (the backoff of
   * {@code step}, or the cloud's retry-after when longer), or the error when no attempt is left.
   */
  Duration retryDelay(String operation, int attempt, int step, DriverException e, AdaptiveRateLimit limit,
                              RetryObserver observer) {
    if (e instanceof DriverException.Throttled) {
      limit.onThrottled(clock.now());
    } else {
      limit.onSuccess(clock.now());
    }
    if (attempt >= backoff.maxAttempts()) {
      throw e;
    }
    Duration delay = backoff.delay(step, random);
    if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(delay) > 0) {
      delay = e.retryAfter().get();
    }
    LOG.debug("{} failed ({}), attempt {}; retrying in {}", operation, e.getMessage(), attempt,
        io.immut.api.Durations.formatRounded(delay));
    if (observer != null) {
      observer.retrying(operation, attempt, delay, e);
    }
    return delay;
  }

  static RolloutStop stop(String operation, DriverException e) {
    if (e instanceof DriverException.QuotaExceeded) {
      return new RolloutStop(RolloutStop.Kind.QUOTA, operation + " hit an account quota: " + e.getMessage()
          + "; raise the quota or lower the fleet's capacity or surge", e);
    }
    if (e instanceof DriverException.AuthFailed) {
      return new RolloutStop(RolloutStop.Kind.FATAL, operation + " was refused: " + e.getMessage()
          + "; check the driver's credentials and permissions", e);
    }
    return new RolloutStop(RolloutStop.Kind.FATAL, operation + " was rejected by the cloud: " + e.getMessage(), e);
  }

  /**
   * Reads several keys with overlapping calls: at most {@link #CONCURRENCY} in flight, each
   * under the read rate limit and retried on its own. Returns when every read is in; the first
   * read that fails for good (retries exhausted, or an error that is not retried) fails the whole,
   * once the reads in flight are in, and no further read is started.
   *
   * @param operation the driver operation, for messages and events
   * @param keys what to read, in order
   * @param read one read
   * @param observer told about retries, or null
   * @param <K> what is read
   * @param <V> what a read answers
   * @return the answers in the order of the keys; {@code null} where the cloud answered not found
   * @throws RolloutStop for a quota, a refusal or a rejected request
   * @throws DriverException when a read's retries are exhausted
   * @throws InterruptedException when interrupted
   */
  public <K, V> List<V> overlapReads(String operation, List<K> keys, Read<K, V> read, RetryObserver observer)
      throws InterruptedException {
    Objects.requireNonNull(read, "read");
    List<K> all = List.copyOf(keys);
    if (all.size() <= 1) {
      List<V> out = new ArrayList<>();
      for (K key : all) {
        out.add(readOne(operation, key, read, observer));
      }
      return out;
    }
    CallOverlap<K, V> overlap = new CallOverlap<>(this, operation, all, read, observer);
    return overlap.serve();
  }

  private <K, V> V readOne(String operation, K key, Read<K, V> read, RetryObserver observer) throws InterruptedException {
    try {
      return call(operation, false, observer, () -> read.read(key));
    } catch (DriverException.NotFound gone) {
      return null;
    }
  }

  /**
   * Inspects instances: in batches of the driver's {@code maxInspectBatch} (one {@code inspect}
   * call each when it is 1), the batches overlapped ({@link #overlapReads}).
   *
   * @param ids the instances
   * @param observer told about retries, or null
   * @return the inspection of each instance that exists, in the order given
   * @throws InterruptedException when interrupted
   */
  public Map<InstanceId, io.immut.spi.InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids, RetryObserver observer)
      throws InterruptedException {
    List<InstanceId> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
    int batch = Math.max(1, driver.capabilities().maxInspectBatch());
    Map<InstanceId, io.immut.spi.InstanceInspection> out = new LinkedHashMap<>();
    if (batch == 1) {
      List<io.immut.spi.InstanceInspection> answers = overlapReads("inspect", all, driver::inspect, observer);
      for (int i = 0; i < all.size(); i++) {
        if (answers.get(i) != null) {
          out.put(all.get(i), answers.get(i));
        }
      }
      return out;
    }
    List<List<InstanceId>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += batch) {
      chunks.add(all.subList(from, Math.min(all.size(), from + batch)));
    }
    for (Map<InstanceId, io.immut.spi.InstanceInspection> part : overlapReads("inspect", chunks, driver::inspectAll, observer)) {
      if (part != null) {
        out.putAll(part);
      }
    }
    return out;
  }

  /**
   * Resolves an image.
   *
   * @param ref the reference
   * @param observer told about retries, or null
   * @return the image
   * @throws RolloutStop when the image does not exist
   * @throws InterruptedException when interrupted
   */
  public Image resolveImage(ImageRef ref, RetryObserver observer) throws InterruptedException {
    try {
      return call("resolveImage", false, observer, () -> driver.resolveImage(ref));
    } catch (DriverException.NotFound e) {
      throw new RolloutStop(RolloutStop.Kind.FATAL, "image " + ref + " was not found: " + e.getMessage()
          + "; bake or publish the image first, or fix generation.image", e);
    }
  }

  /**
   * Lists the fleet's owned instances.
   *
   * @param selector the fleet and owner
   * @param observer told about retries, or null
   * @return the instances
   * @throws InterruptedException when interrupted
   */
  public List<InstanceView> list(FleetSelector selector, RetryObserver observer) throws InterruptedException {
    return call("list", false, observer, () -> driver.list(selector));
  }

  /**
   * What a rollout reads before anything else: its image and its fleet.
   *
   * @param image the resolved image
   * @param instances the fleet as listed
   */
  public record ImageAndFleet(Image image, List<InstanceView> instances) {}

  /**
   * Resolves an image and lists the fleet with two overlapping reads ({@link #overlapReads}): neither
   * depends on the other, so a throttled {@code resolveImage} waits out its retry-after while the
   * {@code list} goes on, and the caller waits for the slower of the two, not for both.
   *
   * @param ref the image reference
   * @param selector the fleet and owner
   * @param observer told about retries, or null
   * @return the image and the listed instances
   * @throws RolloutStop when the image does not exist (or for a quota, a refusal or a rejected request)
   * @throws DriverException when a read's retries are exhausted
   * @throws InterruptedException when interrupted
   */
  public ImageAndFleet resolveImageAndList(ImageRef ref, FleetSelector selector, RetryObserver observer)
      throws InterruptedException {
    List<String> operations = List.of("resolveImage", "list");
    Read<String, Object> read = op -> op.equals("list") ? driver.list(selector) : driver.resolveImage(ref);
    CallOverlap<String, Object> overlap = new CallOverlap<>(this, false, "resolveImage and list", op -> op, operations, read,
        observer);
    List<Object> answers = overlap.serve();
    if (answers.get(0) == null) {
      // NotFound: ask once more through the one-call path, for its message (and a cloud that answers now)
      return new ImageAndFleet(resolveImage(ref, observer), listed(answers.get(1)));
    }
    return new ImageAndFleet((Image) answers.get(0), listed(answers.get(1)));
  }

  @SuppressWarnings("unchecked")
  private static List<InstanceView> listed(Object answer) {
    return answer == null ? List.of() : (List<InstanceView>) answer;
  }

  /**
   * What one launch action produced.
   *
   * @param instances the instances launched
   * @param requested how many were asked for
   * @param shortfall why fewer were launched, or empty
   */
  public record Launched(List<InstanceView> instances, int requested, String shortfall) {
    /** Copies the list. */
    public Launched {
      instances = List.copyOf(instances);
      shortfall = shortfall == null ? "" : shortfall;
    }
  }

  /**
   * Launches a wave in batches of the driver's {@code maxLaunchBatch}, one token per batch.
   *
   * @param selector the fleet and owner
   * @param generationId the generation
   * @param spec the generation spec
   * @param image the resolved image
   * @param count how many
   * @param waveToken the wave's token
   * @param onLaunched told about every batch's instances as soon as they are launched
   * @param observer told about retries, or null
   * @return what was launched; short when the cloud came back short for capacity
   * @throws RolloutStop for a quota, or when no capacity could be found even for one instance
   * @throws InterruptedException when interrupted
   */
  public Launched launch(FleetSelector selector, String generationId, GenerationSpec spec, Image image, int count,
                         String waveToken, Consumer<List<InstanceView>> onLaunched, RetryObserver observer)
      throws InterruptedException {
    return new WaveLaunch(this, Ownership.of(selector, generationId), spec, image, count, waveToken, onLaunched, observer)
        .run();
  }

  /**
   * The batch's token: the first of its derivations that this executor has not had an answer to.
   * A token is re-sent only to repeat a launch whose answer was lost (a retry, or a new process
   * after a crash); once answered it is never sent again, whatever the driver does with re-sent
   * tokens.
   */
  LaunchToken unanswered(String waveToken, int index, int n) {
    for (int k = 0; ; k++) {
      LaunchToken t = LaunchToken.of(Tokens.batch(k == 0 ? waveToken : Tokens.batch(waveToken, -k, 0), index, n));
      if (k >= MAX_SUCCESSORS || !answeredTokens.containsKey(t.value())) {
        return t;
      }
    }
  }

  void answered(LaunchToken token) {
    answeredTokens.put(token.value(), Boolean.TRUE);
  }

  /**
   * Terminates instances in batches of the driver's {@code maxTerminateBatch} (in the order of
   * their ids), each batch a call of its own under the limit of mutating calls, retried on its own
   * and overlapped with the others as reads are ({@link #overlapReads}): a batch throttled after
   * others went through re-sends only itself. A driver whose cloud deletes one instance per request
   * ({@code maxTerminateBatch} 1: Azure) gets the whole set in one call and sends its requests with
   * its own concurrency. Instances already gone are not an error.
   *
   * @param ids owned instances
   * @param observer told about retries, or null
   * @throws RolloutStop for a quota, a refusal or a rejected request
   * @throws DriverException when a batch failed after its retries (others may be done)
   * @throws InterruptedException when interrupted
   */
  public void terminate(Set<InstanceId> ids, RetryObserver observer) throws InterruptedException {
    if (ids.isEmpty()) {
      return;
    }
    int size = driver.capabilities().maxTerminateBatch();
    if (ids.size() <= size || size <= 1) {
      // one call: a set within one request, or a cloud with no batch delete (maxTerminateBatch 1:
      // one request per instance, which the driver sends with its own concurrency)
      try {
        call("terminate", true, observer, () -> {
          driver.terminate(ids);
          return null;
        });
      } catch (DriverException.NotFound e) {
        LOG.debug("terminate: already gone ({})", e.getMessage());
      }
      return;
    }
    List<InstanceId> sorted = new ArrayList<>(new java.util.TreeSet<>(ids));
    List<Set<InstanceId>> batches = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += size) {
      batches.add(java.util.Collections.unmodifiableSet(
          new java.util.LinkedHashSet<>(sorted.subList(from, Math.min(sorted.size(), from + size)))));
    }
    CallOverlap<Set<InstanceId>, Boolean> overlap = new CallOverlap<>(this, true, "terminate", b -> "terminate", batches,
        b -> {
          driver.terminate(b);
          return Boolean.TRUE;
        }, observer);
    overlap.serve();
  }

  /**
   * Registers instances with a load-balancer target.
   *
   * @param router the router
   * @param target the target
   * @param ids the instances
   * @param observer told about retries, or null
   * @throws InterruptedException when interrupted
   */
  public void register(TrafficRouter router, String target, Set<InstanceId> ids, RetryObserver observer)
      throws InterruptedException {
    call("register", true, observer, () -> {
      router.register(target, ids);
      return null;
    });
  }

  /**
   * Removes instances from a load-balancer target.
   *
   * @param router the router
   * @param target the target
   * @param ids the instances
   * @param observer told about retries, or null
   * @throws InterruptedException when interrupted
   */
  public void deregister(TrafficRouter router, String target, Set<InstanceId> ids, RetryObserver observer)
      throws InterruptedException {
    call("deregister", true, observer, () -> {
      router.deregister(target, ids);
      return null;
    });
  }

  /**
   * Reads a load-balancer target's registered instances.
   *
   * @param router the router
   * @param target the target
   * @param observer told about retries, or null
   * @return the registered instances and their health
   * @throws InterruptedException when interrupted
   */
  public Map<InstanceId, TrafficRouter.TargetHealth> trafficHealth(TrafficRouter router, String target,
                                                                   RetryObserver observer) throws InterruptedException {
    try {
      return call("trafficHealth", false, observer, () -> router.health(target));
    } catch (DriverException.NotFound e) {
      return Map.of();
    }
  }
}
