package io.immut.testkit;

import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.CloudInstance;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on the in-memory cloud itself, from
 * {@link ImmutAssertions#assertThat(MemoryCloud)}: the truth as of now, without the listing lag or
 * the engine's view, so that a leak the engine cannot see is still found.
 *
 * <pre>{@code
 * assertThat(cloud).hasLiveInstances("web", 6).hasOnlyGenerationLive("web", v2.generationId());
 * }</pre>
 */
public final class MemoryCloudAssert extends AbstractObjectAssert<MemoryCloudAssert, MemoryCloud> {

  MemoryCloudAssert(MemoryCloud actual) {
    super(actual, MemoryCloudAssert.class);
  }

  /**
   * Checks how many live (pending or running) instances carry a fleet's tag.
   *
   * @param fleet the fleet
   * @param count the expected number
   * @return this assertion
   */
  public MemoryCloudAssert hasLiveInstances(String fleet, int count) {
    isNotNull();
    List<CloudInstance> live = live(fleet);
    if (live.size() != count) {
      failWithMessage("Expected %d live instances of fleet '%s' in the cloud, but there are %d: %s", count, fleet,
          live.size(), line(live));
    }
    return this;
  }

  /**
   * Checks that every live instance of a fleet runs one generation: none of another generation
   * was leaked.
   *
   * @param fleet the fleet
   * @param generationId the only generation that may be live
   * @return this assertion
   */
  public MemoryCloudAssert hasOnlyGenerationLive(String fleet, String generationId) {
    isNotNull();
    Objects.requireNonNull(generationId, "generationId");
    List<CloudInstance> others = live(fleet).stream().filter(v -> !generationId.equals(v.generationId())).toList();
    if (!others.isEmpty()) {
      failWithMessage("Expected only generation %s of fleet '%s' to be live in the cloud, but these are of another: %s",
          generationId, fleet, line(others));
    }
    return this;
  }

  /**
   * Checks that what the live instances cost per hour, by the cloud's prices, is at most a bound.
   *
   * @param max the highest acceptable hourly cost
   * @return this assertion
   */
  public MemoryCloudAssert hasHourlyCostAtMost(BigDecimal max) {
    isNotNull();
    BigDecimal cost = actual.hourlyCost();
    if (cost.compareTo(max) > 0) {
      failWithMessage("Expected the cloud's live instances to cost at most %s per hour, but they cost %s",
          max.toPlainString(), cost.toPlainString());
    }
    return this;
  }

  private List<CloudInstance> live(String fleet) {
    return actual.instances().stream()
        .filter(v -> fleet.equals(v.fleet()) && v.state().isLive())
        .toList();
  }

  private static String line(List<CloudInstance> views) {
    return views.isEmpty() ? "none" : views.stream()
        .map(v -> v.id() + " (" + v.generationId() + ", " + v.state() + ")")
        .collect(Collectors.joining(", "));
  }
}
