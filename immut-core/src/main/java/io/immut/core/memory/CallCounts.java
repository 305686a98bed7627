package io.immut.core.memory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many calls the in-memory cloud answered, by {@link Operation}. Every call counts, those that
 * failed by an injected fault too; a terminate of many instances counts once per batch the driver
 * sends. Tests assert on these counts, benchmarks report them. Thread-safe.
 */
public final class CallCounts {
  private static final Operation[] OPERATIONS = Operation.values();
  private final AtomicLongArray counts = new AtomicLongArray(OPERATIONS.length);

  CallCounts() {}

  void record(Operation operation) {
    counts.incrementAndGet(operation.ordinal());
  }

  /**
   * The calls of one operation since the cloud was built or {@link #reset()}.
   *
   * @param operation the operation
   * @return how many calls
   */
  public long count(Operation operation) {
    return counts.get(operation.ordinal());
  }

  /**
   * Every call of every operation.
   *
   * @return the sum of all counts
   */
  public long total() {
    long sum = 0;
    for (Operation op : OPERATIONS) {
      sum += count(op);
    }
    return sum;
  }

  /**
   * The calls that change the cloud: launch, terminate and traffic (de)registration.
   *
   * @return the sum of the counts of the {@linkplain Operation#isMutating() mutating} operations
   */
  public long mutating() {
    long sum = 0;
    for (Operation op : OPERATIONS) {
      if (op.isMutating()) {
        sum += count(op);
      }
    }
    return sum;
  }

  /**
   * Every count at once.
   *
   * @return a copy: operation to count, in {@link Operation} order
   */
  public Map<Operation, Long> snapshot() {
    Map<Operation, Long> copy = new EnumMap<>(Operation.class);
    for (Operation op : OPERATIONS) {
      copy.put(op, count(op));
    }
    return copy;
  }

  /** Sets every count back to zero. */
  public void reset() {
    for (Operation op : OPERATIONS) {
      counts.set(op.ordinal(), 0);
    }
  }

  @Override
  public String toString() {
    return "CallCounts" + snapshot();
  }
}
