package io.immut.api;

import java.util.Arrays;
import java.util.List;

/**
 * How many instances a fleet should run: a {@link Fixed} number, or an {@link Autoscaled} range
 * whose policies choose the size from metrics and the calendar.
 */
public sealed interface Capacity permits Capacity.Fixed, Capacity.Autoscaled {

  /**
   * The capacity the engine should aim at when nothing else (an autoscaler, a budget) adjusts it.
   *
   * @return the desired number of instances
   */
  int desired();

  /**
   * A fixed number of instances.
   *
   * @param size the number of instances
   * @return the capacity
   */
  static Capacity fixed(int size) {
    return new Fixed(size);
  }

  /**
   * A fixed number of instances.
   *
   * @param size 0 to 100,000 instances
   */
  record Fixed(int size) implements Capacity {
    /** Validates the size. */
    public Fixed {
      Problems p = new Problems();
      p.range("", size, 0, 100_000);
      p.throwIfAny("capacity", "capacity.fixed");
    }

    @Override
    public int desired() {
      return size;
    }
  }

  /**
   * An autoscaled capacity: between {@code min} and {@code max} instances, sized by policies.
   *
   * <pre>{@code
   * Capacity.autoscaled(2, 20,
   *     ScalingPolicy.targetTracking("cpu_utilisation", 60).withWarmup(Duration.ofMinutes(3)),
   *     ScalingPolicy.predictive("requests_per_second", 100, Duration.ofMinutes(3)));
   * }</pre>
   *
   * @param min the fewest instances
   * @param max the most instances
   * @param policies one or more policies
   * @return the capacity
   */
  static Autoscaled autoscaled(int min, int max, ScalingPolicy... policies) {
    return new Autoscaled(min, max, policies == null ? null : Arrays.asList(policies));
  }

  /**
   * A capacity chosen by scaling policies within bounds. The fleet runs the largest of the
   * policies' answers, clamped to {@code [min, max]} (as scheduled windows move them) and to what
   * the fleet's budget allows. A new fleet starts at {@code min}.
   *
   * @param min the fewest instances, 0 to 100,000
   * @param max the most instances, at least {@code min} and at least 1
   * @param policies the policies, at least one
   */
  record Autoscaled(int min, int max, List<ScalingPolicy> policies) implements Capacity {
    /** Validates the bounds and the policies; every problem is reported at once. */
    public Autoscaled {
      Problems p = new Problems();
      p.range("min", min, 0, 100_000);
      p.range("max", max, 1, 100_000);
      if (min > max) {
        p.add("max", max + " is below min " + min, "a max of at least min");
      }
      if (policies == null || policies.isEmpty()) {
        p.add("policies", "is empty", "at least one policy: targetTracking, stepScaling, scheduled or predictive");
        policies = List.of();
      } else {
        for (int i = 0; i < policies.size(); i++) {
          if (policies.get(i) == null) {
            p.add("policies[" + i + "]", "is missing", "a policy");
          }
        }
        if (p.isEmpty()) {
          policies = List.copyOf(policies);
        }
      }
      p.throwIfAny("autoscaled capacity", "capacity.autoscaled");
    }

    /** The size a new fleet starts at, before any policy answered: {@code min}. */
    @Override
    public int desired() {
      return min;
    }
  }
}
