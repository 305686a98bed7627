package io.immut.core.internal.execution;

import io.immut.core.clock.Clock;
import io.immut.spi.DriverException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The calls of one {@link Executor#overlapReads} (or of one terminate's batches), served by workers
 * that each make one call at a time: a retry as soon as it is due (the earliest first, ties by
 * position), else the next first attempt in order. A throttled or failed call waits out its backoff
 * in a queue and holds no worker meanwhile. Every call waits its turn under the executor's read
 * limit, or its limit of mutating calls for calls that change the cloud. The first call that fails
 * for good stops the others from starting; the calls in flight finish.
 *
 * @param <K> what is read
 * @param <V> what a read answers
 */
final class CallOverlap<K, V> {
  /** One read waiting for its instant: its first attempt, or a retry after a backoff. */
  private record Due(int index, int attempt, Instant at) {}

  private final Executor executor;
  private final boolean mutates;
  private final AdaptiveRateLimit limit;
  private final Clock clock;
  private final String operation;
  private final java.util.function.Function<K, String> operationOf;
  private final List<K> keys;
  private final Executor.Read<K, V> read;
  private final Executor.RetryObserver observer;
  private final AtomicReferenceArray<V> answers;
  private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingInt(Due::index));
  private int fresh;
  private RuntimeException failed;

  CallOverlap(Executor executor, String operation, List<K> keys, Executor.Read<K, V> read, Executor.RetryObserver observer) {
    this(executor, false, operation, key -> operation, keys, read, observer);
  }

  /**
   * Calls of different operations side by side: {@code operationOf} names each key's, for messages
   * and events.
   *
   * @param mutates whether the calls change the cloud (under the limit of mutating calls)
   */
  CallOverlap(Executor executor, boolean mutates, String operation, java.util.function.Function<K, String> operationOf,
              List<K> keys, Executor.Read<K, V> read, Executor.RetryObserver observer) {
    this.executor = executor;
    this.mutates = mutates;
    this.limit = mutates ? executor.writes : executor.reads;
    this.clock = executor.clock;
    this.operation = operation;
    this.operationOf = operationOf;
    this.keys = keys;
    this.read = read;
    this.observer = observer;
    this.answers = new AtomicReferenceArray<>(keys.size());
  }

  /** The next read to make: a retry that is due, else the next first attempt, else the earliest retry. */
  private synchronized Due next() {
    if (failed != null) {
      return null;
    }
    Due retry = queue.peek();
    if (retry != null && !retry.at().isAfter(clock.now()) || fresh == keys.size()) {
      return queue.poll();
    }
    return new Due(fresh++, 1, clock.now());
  }

  /** Serves reads until none is left to take, or one failed for good. */
  private void work() throws InterruptedException {
    while (true) {
      Due due = next();
      if (due == null) {
        return;
      }
      Instant now = clock.now();
      if (due.at().isAfter(now)) {
        clock.sleep(Duration.between(now, due.at()));
      }
      executor.acquire(limit);
      executor.calls.incrementAndGet();
      if (mutates) {
        executor.mutating.incrementAndGet();
      }
      Instant started = clock.now();
      try {
        try {
          answers.set(due.index(), read.read(keys.get(due.index())));
        } catch (RuntimeException e) {
          executor.observed(operation, mutates, Executor.outcomeOf(e), started);
          throw e;
        }
        executor.observed(operation, mutates, io.immut.core.rollout.DriverCall.Outcome.SUCCEEDED, started);
        limit.onSuccess(clock.now());
      } catch (DriverException.NotFound gone) {
        limit.onSuccess(clock.now());
      } catch (DriverException.Throttled | DriverException.Transient e) {
        try {
          // The shared read limit paces every call of the overlap, retries included, and is cut
          // when the cloud throttles: a read's own wait does not grow exponentially on top, which
          // would only hold up the step (it ends when the last read is in).
          Duration delay = executor.retryDelay(operationOf.apply(keys.get(due.index())), due.attempt(), 1, e, limit, observer);
          synchronized (this) {
            queue.add(new Due(due.index(), due.attempt() + 1, clock.now().plus(delay)));
          }
        } catch (RuntimeException exhausted) {
          fail(exhausted);
        }
      } catch (DriverException.QuotaExceeded | DriverException.AuthFailed | DriverException.InvalidRequest e) {
        fail(Executor.stop(operationOf.apply(keys.get(due.index())), e));
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  private synchronized void fail(RuntimeException e) {
    if (failed == null) {
      failed = e;
    }
  }

  /**
   * What the calls answered so far, also after one failed for good: null where a call has not
   * answered (or answered not found).
   *
   * @return the answers in the order of the keys
   */
  List<V> answeredSoFar() {
    List<V> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      out.add(answers.get(i));
    }
    return out;
  }

  private List<V> answers() {
    synchronized (this) {
      if (failed != null) {
        throw failed;
      }
    }
    List<V> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      out.add(answers.get(i));
    }
    return out;
  }

  /**
   * Serves the calls: on a pool of at most {@link Executor#CONCURRENCY} threads on the system
   * clock; on any other clock (virtual time) on this thread alone, so that the order of calls and
   * their instants are the same every run.
   *
   * @return the answers in the order of the keys, null for not found
   * @throws InterruptedException when interrupted
   */
  List<V> serve() throws InterruptedException {
    return clock == Clock.system() ? onThreads(Executor.CONCURRENCY) : onThisThread();
  }

  /**
   * Serves the reads on the calling thread alone (any clock but the system's: virtual time).
   *
   * @return the answers in the order of the keys, null for not found
   * @throws InterruptedException when interrupted
   */
  List<V> onThisThread() throws InterruptedException {
    work();
    return answers();
  }

  /**
   * Serves the reads on a pool of threads (the system clock).
   *
   * @param concurrency the most threads
   * @return the answers in the order of the keys, null for not found
   * @throws InterruptedException when interrupted
   */
  List<V> onThreads(int concurrency) throws InterruptedException {
    CallOverlap<K, V> overlap = this;
    int threads = Math.min(keys.size(), concurrency);
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, (mutates ? "immut-call-" : "immut-read-") + overlap.operation + "-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> workers = new ArrayList<>();
      String fleet = Executor.currentFleet();
      for (int w = 0; w < threads; w++) {
        workers.add(pool.submit(() -> Executor.onBehalfOf(fleet, () -> {
          overlap.work();
          return null;
        })));
      }
      for (Future<Void> w : workers) {
        try {
          w.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof InterruptedException ie) {
            throw ie;
          }
          overlap.fail(e.getCause() instanceof RuntimeException r ? r
              : new io.immut.api.ImmutException(overlap.operation + " failed: " + e.getCause(), e.getCause()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return overlap.answers();
  }
}
