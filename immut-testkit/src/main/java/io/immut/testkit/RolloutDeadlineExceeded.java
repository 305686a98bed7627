package io.immut.testkit;

import io.immut.core.rollout.RolloutResult;
import java.time.Duration;

/**
 * A rollout did not finish within its deadline of virtual time, and was aborted: thrown by
 * {@link VirtualTime#applyWithin}. An {@link AssertionError}, so that it fails a test as an
 * unmet expectation; {@link #result()} holds how the aborted rollout ended.
 */
public final class RolloutDeadlineExceeded extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient RolloutResult result;
  /** The deadline that passed. */
  private final Duration deadline;

  RolloutDeadlineExceeded(String fleet, Duration deadline, RolloutResult result) {
    super("the rollout of fleet '" + fleet + "' did not finish within " + io.immut.api.Durations.format(deadline)
        + " of virtual time and was aborted: " + result);
    this.result = result;
    this.deadline = deadline;
  }

  /**
   * How the aborted rollout ended.
   *
   * @return the result of the aborted rollout
   */
  public RolloutResult result() {
    return result;
  }

  /**
   * The deadline that passed.
   *
   * @return the deadline, in virtual time from the start of the rollout
   */
  public Duration deadline() {
    return deadline;
  }
}
