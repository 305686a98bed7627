package io.immut.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What exists now for one fleet, as observed from the cloud.
 *
 * @param fleet the fleet's name
 * @param liveGeneration the generation serving now, or null when none is (a new fleet)
 * @param targetGeneration the generation being rolled in, or null when no rollout is under way
 * @param desiredCapacity the capacity the fleet aims at
 * @param instances the fleet's owned instances that are not gone
 * @param hourlyCost what the instances cost per hour, or null when the driver has no prices
 * @param observedAt when the cloud was observed
 */
public record FleetStatus(String fleet, Generation liveGeneration, Generation targetGeneration, int desiredCapacity,
                          List<Instance> instances, BigDecimal hourlyCost, Instant observedAt) {

  /** Validates and copies the fields. */
  public FleetStatus {
    Objects.requireNonNull(fleet, "fleet");
    instances = instances == null ? List.of() : List.copyOf(instances);
    Objects.requireNonNull(observedAt, "observedAt");
  }

  /**
   * Returns the live generation.
   *
   * @return the generation serving now, or empty
   */
  public Optional<Generation> live() {
    return Optional.ofNullable(liveGeneration);
  }

  /**
   * Returns the generation being rolled in.
   *
   * @return the target of the rollout under way, or empty
   */
  public Optional<Generation> target() {
    return Optional.ofNullable(targetGeneration);
  }

  /**
   * Returns the hourly cost.
   *
   * @return the cost, or empty when unknown
   */
  public Optional<BigDecimal> cost() {
    return Optional.ofNullable(hourlyCost);
  }

  /**
   * Counts the running, healthy instances.
   *
   * @return the healthy capacity
   */
  public int healthyCount() {
    return (int) instances.stream().filter(Instance::isHealthy).count();
  }

  /**
   * Returns the instances of one generation.
   *
   * @param generationId the generation's content id
   * @return its instances
   */
  public List<Instance> instancesOf(String generationId) {
    return instances.stream().filter(i -> i.generationId().equals(generationId)).toList();
  }
}
