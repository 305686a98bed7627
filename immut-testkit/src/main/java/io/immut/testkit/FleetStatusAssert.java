package io.immut.testkit;

import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.api.Instance;
import io.immut.api.InstanceState;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a {@link FleetStatus}, from {@link ImmutAssertions#assertThat(FleetStatus)}:
 *
 * <pre>{@code
 * assertThat(immut.status("web"))
 *     .hasLiveGeneration(2)
 *     .hasHealthyInstances(6)
 *     .hasNoRolloutInProgress()
 *     .hasNoLeakedInstances();
 * }</pre>
 *
 * <p>Each failure message says what was expected, what the status shows, and lists the fleet's
 * instances.
 */
public final class FleetStatusAssert extends AbstractObjectAssert<FleetStatusAssert, FleetStatus> {

  FleetStatusAssert(FleetStatus actual) {
    super(actual, FleetStatusAssert.class);
  }

  /**
   * Checks the number of the live generation ({@code 2} for {@code web-v002}).
   *
   * @param number the expected generation number
   * @return this assertion
   */
  public FleetStatusAssert hasLiveGeneration(int number) {
    isNotNull();
    Generation live = actual.liveGeneration();
    if (live == null || live.number() != number) {
      failWithMessage("Expected fleet '%s' to have live generation %d, but its live generation is %s.%n%s",
          actual.fleet(), number, live == null ? "none" : live, describe());
    }
    return this;
  }

  /**
   * Checks the content id of the live generation.
   *
   * @param generationId the expected id ({@code GenerationSpec.id()})
   * @return this assertion
   */
  public FleetStatusAssert hasLiveGenerationId(String generationId) {
    isNotNull();
    Generation live = actual.liveGeneration();
    if (live == null || !live.id().equals(generationId)) {
      failWithMessage("Expected fleet '%s' to have live generation id %s, but its live generation is %s.%n%s",
          actual.fleet(), generationId, live == null ? "none" : live, describe());
    }
    return this;
  }

  /**
   * Checks that no generation is live (a new fleet, or one scaled away).
   *
   * @return this assertion
   */
  public FleetStatusAssert hasNoLiveGeneration() {
    isNotNull();
    if (actual.liveGeneration() != null) {
      failWithMessage("Expected fleet '%s' to have no live generation, but %s is live.%n%s",
          actual.fleet(), actual.liveGeneration(), describe());
    }
    return this;
  }

  /**
   * Checks that no rollout is under way: no target generation.
   *
   * @return this assertion
   */
  public FleetStatusAssert hasNoRolloutInProgress() {
    isNotNull();
    if (actual.targetGeneration() != null) {
      failWithMessage("Expected fleet '%s' to have no rollout in progress, but %s is being rolled in.%n%s",
          actual.fleet(), actual.targetGeneration(), describe());
    }
    return this;
  }

  /**
   * Checks the number of the generation being rolled in.
   *
   * @param number the expected generation number
   * @return this assertion
   */
  public FleetStatusAssert hasTargetGeneration(int number) {
    isNotNull();
    Generation target = actual.targetGeneration();
    if (target == null || target.number() != number) {
      failWithMessage("Expected fleet '%s' to be rolling in generation %d, but the target is %s.%n%s",
          actual.fleet(), number, target == null ? "none" : target, describe());
    }
    return this;
  }

  /**
   * Checks how many instances are running and healthy.
   *
   * @param count the expected healthy capacity
   * @return this assertion
   */
  public FleetStatusAssert hasHealthyInstances(int count) {
    isNotNull();
    if (actual.healthyCount() != count) {
      failWithMessage("Expected fleet '%s' to have %d healthy instances, but it has %d.%n%s",
          actual.fleet(), count, actual.healthyCount(), describe());
    }
    return this;
  }

  /**
   * Checks how many instances the fleet has (not gone, in any state).
   *
   * @param count the expected number
   * @return this assertion
   */
  public FleetStatusAssert hasInstances(int count) {
    isNotNull();
    if (actual.instances().size() != count) {
      failWithMessage("Expected fleet '%s' to have %d instances, but it has %d.%n%s",
          actual.fleet(), count, actual.instances().size(), describe());
    }
    return this;
  }

  /**
   * Checks how many instances of one generation the fleet has.
   *
   * @param generationId the generation's content id
   * @param count the expected number
   * @return this assertion
   */
  public FleetStatusAssert hasInstancesOfGeneration(String generationId, int count) {
    isNotNull();
    int n = actual.instancesOf(generationId).size();
    if (n != count) {
      failWithMessage("Expected fleet '%s' to have %d instances of generation %s, but it has %d.%n%s",
          actual.fleet(), count, generationId, n, describe());
    }
    return this;
  }

  /**
   * Checks the capacity the fleet aims at.
   *
   * @param capacity the expected desired capacity
   * @return this assertion
   */
  public FleetStatusAssert hasDesiredCapacity(int capacity) {
    isNotNull();
    if (actual.desiredCapacity() != capacity) {
      failWithMessage("Expected fleet '%s' to aim at %d instances, but it aims at %d.%n%s",
          actual.fleet(), capacity, actual.desiredCapacity(), describe());
    }
    return this;
  }

  /**
   * Checks that no instance is left over: every instance belongs to the live generation, or to
   * the generation being rolled in while a rollout is under way. Instances of a retired, failed
   * or unknown generation are leaks.
   *
   * @return this assertion
   */
  public FleetStatusAssert hasNoLeakedInstances() {
    isNotNull();
    List<Instance> leaked = actual.instances().stream()
        .filter(i -> i.state() != InstanceState.DELETED && i.state() != InstanceState.TERMINATING)
        .filter(i -> !belongsToLiveOrTarget(i))
        .toList();
    if (!leaked.isEmpty()) {
      failWithMessage("Expected fleet '%s' to have no leaked instances, but %d belong to neither the live generation"
          + " (%s) nor a rollout under way (%s): %s.%n%s", actual.fleet(), leaked.size(),
          actual.liveGeneration() == null ? "none" : actual.liveGeneration(),
          actual.targetGeneration() == null ? "none" : actual.targetGeneration(), line(leaked), describe());
    }
    return this;
  }

  /**
   * Checks that every instance is running and healthy.
   *
   * @return this assertion
   */
  public FleetStatusAssert isAllHealthy() {
    isNotNull();
    List<Instance> unhealthy = actual.instances().stream().filter(i -> !i.isHealthy()).toList();
    if (!unhealthy.isEmpty()) {
      failWithMessage("Expected every instance of fleet '%s' to be running and healthy, but these are not: %s.%n%s",
          actual.fleet(), line(unhealthy), describe());
    }
    return this;
  }

  /**
   * Checks that the hourly cost is known and at most a bound.
   *
   * @param max the highest acceptable cost per hour
   * @return this assertion
   */
  public FleetStatusAssert hasHourlyCostAtMost(BigDecimal max) {
    isNotNull();
    if (actual.hourlyCost() == null || actual.hourlyCost().compareTo(max) > 0) {
      failWithMessage("Expected fleet '%s' to cost at most %s per hour, but it costs %s.%n%s",
          actual.fleet(), max.toPlainString(), actual.hourlyCost() == null ? "an unknown amount"
              : actual.hourlyCost().toPlainString(), describe());
    }
    return this;
  }

  private boolean belongsToLiveOrTarget(Instance i) {
    Generation live = actual.liveGeneration();
    Generation target = actual.targetGeneration();
    return (live != null && live.id().equals(i.generationId())) || (target != null && target.id().equals(i.generationId()));
  }

  private String describe() {
    return "Fleet '" + actual.fleet() + "' at " + actual.observedAt() + ": live " + (actual.liveGeneration() == null
        ? "none" : actual.liveGeneration()) + ", target " + (actual.targetGeneration() == null ? "none"
        : actual.targetGeneration()) + ", desired " + actual.desiredCapacity() + ", instances: "
        + (actual.instances().isEmpty() ? "none" : line(actual.instances()));
  }

  private static String line(List<Instance> instances) {
    return instances.stream()
        .map(i -> i.id() + " (" + i.generationId() + ", " + i.state() + ", " + i.health() + ")")
        .collect(Collectors.joining(", "));
  }
}
