package io.immut.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What exists now for one fleet, as observed from the cloud.
 *
 * @param fleet the fleet's name
 * @param liveGeneration the generation serving now, or null when none is (a new fleet)
 * @param targetGeneration the generation being rolled in, or null when no rollout is under way
 * @param desiredCapacity the capacity the fleet aims at: the one its latest reconcile by this engine aimed
 *     at (a capacity change or an autoscaling decision keeps the generation), else that of the spec
 *     its live generation was recorded with
 * @param instances the fleet's owned instances that are not gone
 * @param hourlyCost what the instances cost per hour, or null when the driver has no prices
 * @param observedAt when the cloud was observed
 * @param keptGeneration the previous generation kept running, out of service, after a blue/green
 *     promotion, or null when none is kept
 * @param keptUntil the end of its keep-previous window (a rollback before it puts it back in
 *     service; the first {@code apply} at or after it retires it), or null when none is kept
 */
public record FleetStatus(String fleet, Generation liveGeneration, Generation targetGeneration, int desiredCapacity,
                          List<Instance> instances, BigDecimal hourlyCost, Instant observedAt, Generation keptGeneration,
                          Instant keptUntil) {

  /** Validates and copies the fields. */
  public FleetStatus {
    Objects.requireNonNull(fleet, "fleet");
    instances = instances == null ? List.of() : List.copyOf(instances);
    Objects.requireNonNull(observedAt, "observedAt");
    if ((keptGeneration == null) != (keptUntil == null)) {
      throw new IllegalArgumentException("a kept generation and the end of its window go together: " + keptGeneration
          + ", " + keptUntil);
    }
  }

  /**
   * A status with no generation kept.
   *
   * @param fleet the fleet's name
   * @param liveGeneration the live generation, or null
   * @param targetGeneration the generation being rolled in, or null
   * @param desiredCapacity the capacity the fleet aims at
   * @param instances the owned instances that are not gone
   * @param hourlyCost the hourly cost, or null
   * @param observedAt when the cloud was observed
   */
  public FleetStatus(String fleet, Generation liveGeneration, Generation targetGeneration, int desiredCapacity,
                     List<Instance> instances, BigDecimal hourlyCost, Instant observedAt) {
    this(fleet, liveGeneration, targetGeneration, desiredCapacity, instances, hourlyCost, observedAt, null, null);
  }

  /**
   * Returns the generation kept running out of service after a blue/green promotion.
   *
   * @return it, or empty
   * @since 0.2
   */
  public Optional<Generation> kept() {
    return Optional.ofNullable(keptGeneration);
  }

  /**
   * When the engine next has work of its own on this fleet that waits for a time: today the end of
   * the kept generation's window, at or after which an {@code apply} of the fleet's spec retires
   * it (an instant in the past means it is due now). Empty when nothing waits for a time; an
   * {@code apply} at any time still repairs what it finds.
   *
   * @return the instant, or empty
   * @since 0.2
   */
  public Optional<Instant> nextWorkDue() {
    return Optional.ofNullable(keptUntil);
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

  /**
   * The status as JSON for machines: one object of a stable schema ({@code "schemaVersion": 1},
   * documented in {@code docs/concepts.md}), keys sorted, no whitespace. Every field is always
   * present (null when unknown): {@code fleet}, {@code observedAt} (ISO-8601), {@code live} and
   * {@code target} (objects with {@code name}, {@code number} and {@code id}, or null),
   * {@code desiredCapacity}, {@code healthyCount}, {@code hourlyCost} (an exact decimal string, or
   * null), {@code kept} (the generation kept out of service, with {@code name}, {@code number},
   * {@code id} and {@code until}, or null), {@code nextWorkDue} (ISO-8601, or null) and {@code instances} (each with {@code id}, {@code generationId}, {@code state},
   * {@code health}, {@code instanceType}, {@code imageId}, {@code zone}, {@code launchedAt} and
   * {@code address}), in the order observed.
   *
   * @return the JSON text
   * @since 0.2
   */
  public String toJson() {
    Map<String, Object> root = new HashMap<>();
    root.put("schemaVersion", 1);
    root.put("fleet", fleet);
    root.put("observedAt", observedAt.toString());
    root.put("live", generation(liveGeneration));
    root.put("target", generation(targetGeneration));
    root.put("desiredCapacity", desiredCapacity);
    root.put("healthyCount", healthyCount());
    root.put("hourlyCost", hourlyCost == null ? null : hourlyCost.toPlainString());
    root.put("instances", instances.stream().map(FleetStatus::instance).toList());
    Map<String, Object> kept = generation(keptGeneration);
    if (kept != null) {
      kept.put("until", keptUntil.toString());
    }
    root.put("kept", kept);
    root.put("nextWorkDue", keptUntil == null ? null : keptUntil.toString());
    return CanonicalJson.write(root);
  }

  private static Map<String, Object> generation(Generation g) {
    if (g == null) {
      return null;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("name", g.name());
    m.put("number", g.number());
    m.put("id", g.id());
    return m;
  }

  private static Map<String, Object> instance(Instance i) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", i.id().value());
    m.put("generationId", i.generationId());
    m.put("state", i.state() == null ? null : i.state().name());
    m.put("health", i.health() == null ? null : i.health().name());
    m.put("instanceType", i.instanceType());
    m.put("imageId", i.imageId());
    m.put("zone", i.zone());
    m.put("launchedAt", i.launchedAt() == null ? null : i.launchedAt().toString());
    m.put("address", i.address());
    return m;
  }
}
