package io.immut.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Virtual time for tests and simulations. Time moves only when told to: {@link #advance},
 * {@link #sleep} (which advances instead of blocking), {@link #runUntilIdle()} or
 * {@link #runUntil(Instant)}. Scheduled tasks run on the thread that moves the clock, in time
 * order (ties in scheduling order), with {@link #now()} set to their due time. Deterministic:
 * the same calls give the same sequence of instants.
 *
 * <p>Thread-safe; but virtual time is meant to be driven from one thread.
 */
public final class VirtualClock implements Clock {
  /** The instant a clock made with {@link #VirtualClock()} starts at: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  /** A clock at {@link #DEFAULT_START}. */
  public VirtualClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at a given instant.
   *
   * @param start the first instant
   */
  public VirtualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  /** Advances the clock by {@code duration} instead of blocking. */
  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  /**
   * Moves time forward, running every task due on the way at its due instant.
   *
   * @param duration how far; negative is refused
   * @return the new now
   */
  public Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a virtual clock never goes back; got " + duration);
    }
    Instant target;
    synchronized (this) {
      target = now.plus(duration);
    }
    runUntil(target);
    return target;
  }

  /**
   * Runs every task due up to {@code target}, then sets the clock to {@code target} (or leaves it
   * when it is already later).
   *
   * @param target the instant to reach
   * @return how many tasks ran
   */
  public int runUntil(Instant target) {
    int ran = 0;
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due.isAfter(target)) {
          if (target.isAfter(now)) {
            now = target;
          }
          return ran;
        }
        tasks.poll();
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.action.run();
      ran++;
    }
  }

  /**
   * Runs scheduled tasks in time order, moving the clock to each, until none is left (tasks may
   * schedule more tasks).
   *
   * @param maxTasks a safety bound against tasks that reschedule themselves forever
   * @return how many tasks ran
   * @throws IllegalStateException when {@code maxTasks} were run and tasks remain
   */
  public int runUntilIdle(int maxTasks) {
    int ran = 0;
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          return ran;
        }
        if (ran >= maxTasks) {
          tasks.add(next);
          throw new IllegalStateException("the virtual clock ran " + maxTasks + " tasks and is still not idle at " + now
              + "; a task reschedules itself forever, or raise the bound");
        }
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.action.run();
      ran++;
    }
  }

  /**
   * Runs scheduled tasks until none is left, at most a million.
   *
   * @return how many tasks ran
   */
  public int runUntilIdle() {
    return runUntilIdle(1_000_000);
  }

  /**
   * Schedules a task after a delay.
   *
   * @param delay from now; zero runs it at the next move of the clock
   * @param action the task
   * @return a handle to cancel it
   */
  public Scheduled schedule(Duration delay, Runnable action) {
    synchronized (this) {
      return scheduleAt(now.plus(delay.isNegative() ? Duration.ZERO : delay), action);
    }
  }

  /**
   * Schedules a task at an instant (an instant in the past runs at the next move of the clock).
   *
   * @param due when
   * @param action the task
   * @return a handle to cancel it
   */
  public synchronized Scheduled scheduleAt(Instant due, Runnable action) {
    Task t = new Task(due, sequence++, Objects.requireNonNull(action, "action"));
    tasks.add(t);
    return () -> {
      synchronized (VirtualClock.this) {
        return tasks.remove(t);
      }
    };
  }

  /**
   * How many tasks wait.
   *
   * @return the number of scheduled tasks
   */
  public synchronized int pendingTasks() {
    return tasks.size();
  }

  @Override
  public synchronized String toString() {
    return "VirtualClock[" + now + ", " + tasks.size() + " tasks]";
  }

  /** A scheduled task's handle. */
  @FunctionalInterface
  public interface Scheduled {
    /**
     * Cancels the task if it has not run.
     *
     * @return true when it was still waiting
     */
    boolean cancel();
  }

  private record Task(Instant due, long seq, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
