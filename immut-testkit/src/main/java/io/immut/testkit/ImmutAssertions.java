package io.immut.testkit;

import io.immut.api.FleetStatus;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutResult;

/**
 * Entry point of immut's AssertJ assertions. Import it statically beside AssertJ's own
 * {@code assertThat}; Java picks the most specific one.
 *
 * <pre>{@code
 * import static io.immut.testkit.ImmutAssertions.assertThat;
 *
 * assertThat(immut.apply(spec)).isCompleted().hasLiveGeneration(2);
 * assertThat(immut.status("web")).hasLiveGeneration(2).hasHealthyInstances(6).hasNoLeakedInstances();
 * }</pre>
 */
public final class ImmutAssertions {

  private ImmutAssertions() {}

  /**
   * Assertions on a fleet's status.
   *
   * @param actual the status
   * @return the assertions
   */
  public static FleetStatusAssert assertThat(FleetStatus actual) {
    return new FleetStatusAssert(actual);
  }

  /**
   * Assertions on how a rollout ended.
   *
   * @param actual the result
   * @return the assertions
   */
  public static RolloutResultAssert assertThat(RolloutResult actual) {
    return new RolloutResultAssert(actual);
  }

  /**
   * Assertions on the in-memory cloud's instances as of now.
   *
   * @param actual the cloud
   * @return the assertions
   */
  public static MemoryCloudAssert assertThat(MemoryCloud actual) {
    return new MemoryCloudAssert(actual);
  }
}
