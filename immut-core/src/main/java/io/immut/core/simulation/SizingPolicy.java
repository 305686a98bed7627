package io.immut.core.simulation;

import java.time.Duration;

/**
 * A scaling policy as the trace replay drives it: at every decision tick, the fleet's desired size
 * now, and why. A policy may keep state between ticks (a stabilization window, an alarm's
 * datapoints), but its answers depend only on the observations it was given, so a replay is
 * deterministic. Use a fresh instance per replay.
 */
public interface SizingPolicy {

  /**
   * A short name for reports, such as {@code k8s-hpa(target=16.2)}.
   *
   * @return the name
   */
  String name();

  /**
   * How often the policy decides (the Kubernetes HPA's sync period, a CloudWatch alarm's period).
   *
   * @return the decision interval, positive
   */
  Duration interval();

  /**
   * The desired size now.
   *
   * @param observation what the fleet and its metrics look like at this tick
   * @return the desired size and the reason
   */
  Sizing decide(Observation observation);

  /**
   * A policy that always asks for the same size: the fixed fleet to compare against.
   *
   * @param size the fleet size
   * @return the policy
   */
  static SizingPolicy fixed(int size) {
    return new SizingPolicy() {
      @Override
      public String name() {
        return "fixed(" + size + ")";
      }

      @Override
      public Duration interval() {
        return Duration.ofMinutes(1);
      }

      @Override
      public Sizing decide(Observation observation) {
        return new Sizing(size, "fixed size");
      }
    };
  }
}
