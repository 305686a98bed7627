package io.immut.core.scaling;

import io.immut.api.Instance;
import io.immut.api.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What the autoscaler needs to know of the fleet: the size it is set to now, and when its live
 * instances were launched (for the warm-up, during which a new instance does not count).
 *
 * @param current the fleet's current desired size
 * @param launches the launch instants of its live instances; empty when unknown (all count)
 */
public record FleetObservation(int current, List<Instant> launches) {

  /** Validates and copies the fields. */
  public FleetObservation {
    if (current < 0) {
      throw new IllegalArgumentException("a fleet's size cannot be negative: " + current);
    }
    launches = launches == null ? List.of() : List.copyOf(launches);
  }

  /**
   * A fleet of a size whose instances all count.
   *
   * @param current the size
   * @return the observation
   */
  public static FleetObservation of(int current) {
    return new FleetObservation(current, List.of());
  }

  /**
   * A fleet of a size with its live instances (pending and running ones count as live).
   *
   * @param current the size
   * @param instances the fleet's instances
   * @return the observation
   */
  public static FleetObservation of(int current, Collection<Instance> instances) {
    return new FleetObservation(current, instances.stream()
        .filter(i -> i.state() == InstanceState.PROVISIONING || i.state() == InstanceState.RUNNING)
        .map(i -> Objects.requireNonNullElse(i.launchedAt(), Instant.EPOCH))
        .toList());
  }

  /**
   * How many instances have finished their warm-up.
   *
   * @param now the time
   * @param warmup the warm-up
   * @return the instances launched at least {@code warmup} ago; {@code current} when launches are unknown
   */
  public int warmed(Instant now, Duration warmup) {
    if (launches.isEmpty()) {
      return current;
    }
    Instant cutoff = now.minus(warmup);
    return (int) launches.stream().filter(t -> !t.isAfter(cutoff)).count();
  }

  /**
   * How many instances are still warming up.
   *
   * @param now the time
   * @param warmup the warm-up
   * @return the instances launched less than {@code warmup} ago
   */
  public int warming(Instant now, Duration warmup) {
    if (launches.isEmpty() || warmup.isZero()) {
      return 0;
    }
    Instant cutoff = now.minus(warmup);
    return (int) launches.stream().filter(t -> t.isAfter(cutoff)).count();
  }
}
