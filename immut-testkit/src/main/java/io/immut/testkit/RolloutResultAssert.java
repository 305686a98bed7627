package io.immut.testkit;

import io.immut.api.Durations;
import io.immut.api.Generation;
import io.immut.core.rollout.RolloutResult;
import java.time.Duration;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a {@link RolloutResult}, from
 * {@link ImmutAssertions#assertThat(RolloutResult)}:
 *
 * <pre>{@code
 * assertThat(immut.apply(spec)).isCompleted().hasLiveGeneration(2).launched(6).terminated(6);
 * }</pre>
 */
public final class RolloutResultAssert extends AbstractObjectAssert<RolloutResultAssert, RolloutResult> {

  RolloutResultAssert(RolloutResult actual) {
    super(actual, RolloutResultAssert.class);
  }

  /**
   * Checks that the new generation went live on the whole fleet.
   *
   * @return this assertion
   */
  public RolloutResultAssert isCompleted() {
    return hasOutcome(RolloutResult.Outcome.COMPLETED);
  }

  /**
   * Checks that nothing was done: the generation was already live.
   *
   * @return this assertion
   */
  public RolloutResultAssert isNoChange() {
    return hasOutcome(RolloutResult.Outcome.NO_CHANGE);
  }

  /**
   * Checks that the rollout failed and the previous generation was restored.
   *
   * @return this assertion
   */
  public RolloutResultAssert isRolledBack() {
    return hasOutcome(RolloutResult.Outcome.ROLLED_BACK);
  }

  /**
   * Checks that the rollout could not go on nor be rolled back completely.
   *
   * @return this assertion
   */
  public RolloutResultAssert isFailed() {
    return hasOutcome(RolloutResult.Outcome.FAILED);
  }

  /**
   * Checks that the rollout was aborted.
   *
   * @return this assertion
   */
  public RolloutResultAssert isAborted() {
    return hasOutcome(RolloutResult.Outcome.ABORTED);
  }

  /**
   * Checks that the target generation is live at the end: completed, or no change.
   *
   * @return this assertion
   */
  public RolloutResultAssert succeeded() {
    isNotNull();
    if (!actual.succeeded()) {
      failWithMessage("Expected the rollout to succeed, but it ended %s.%n%s", actual.outcome(), describe());
    }
    return this;
  }

  /**
   * Checks how the rollout ended.
   *
   * @param outcome the expected outcome
   * @return this assertion
   */
  public RolloutResultAssert hasOutcome(RolloutResult.Outcome outcome) {
    isNotNull();
    if (actual.outcome() != outcome) {
      failWithMessage("Expected the rollout to end %s, but it ended %s.%n%s", outcome, actual.outcome(), describe());
    }
    return this;
  }

  /**
   * Checks the number of the generation live at the end.
   *
   * @param number the expected generation number
   * @return this assertion
   */
  public RolloutResultAssert hasLiveGeneration(int number) {
    isNotNull();
    Generation live = actual.liveGeneration();
    if (live == null || live.number() != number) {
      failWithMessage("Expected generation %d to be live after the rollout, but %s is.%n%s", number,
          live == null ? "none" : live, describe());
    }
    return this;
  }

  /**
   * Checks the number of the generation the rollout aimed at.
   *
   * @param number the expected generation number
   * @return this assertion
   */
  public RolloutResultAssert hasGeneration(int number) {
    isNotNull();
    Generation g = actual.generation();
    if (g == null || g.number() != number) {
      failWithMessage("Expected the rollout to aim at generation %d, but it aimed at %s.%n%s", number,
          g == null ? "none" : g, describe());
    }
    return this;
  }

  /**
   * Checks how many instances the rollout launched.
   *
   * @param count the expected number
   * @return this assertion
   */
  public RolloutResultAssert launched(int count) {
    isNotNull();
    if (actual.launched() != count) {
      failWithMessage("Expected the rollout to launch %d instances, but it launched %d.%n%s", count, actual.launched(),
          describe());
    }
    return this;
  }

  /**
   * Checks how many instances the rollout terminated.
   *
   * @param count the expected number
   * @return this assertion
   */
  public RolloutResultAssert terminated(int count) {
    isNotNull();
    if (actual.terminated() != count) {
      failWithMessage("Expected the rollout to terminate %d instances, but it terminated %d.%n%s", count,
          actual.terminated(), describe());
    }
    return this;
  }

  /**
   * Checks that the rollout took at most a duration on the engine's clock.
   *
   * @param max the longest acceptable duration
   * @return this assertion
   */
  public RolloutResultAssert tookAtMost(Duration max) {
    isNotNull();
    if (actual.duration().compareTo(max) > 0) {
      failWithMessage("Expected the rollout to take at most %s, but it took %s.%n%s", Durations.format(max),
          Durations.format(actual.duration()), describe());
    }
    return this;
  }

  /**
   * Checks the reason the rollout gives for how it ended.
   *
   * @param text a part of the expected reason
   * @return this assertion
   */
  public RolloutResultAssert hasReasonContaining(String text) {
    isNotNull();
    if (!actual.reason().contains(text)) {
      failWithMessage("Expected the rollout's reason to contain \"%s\", but it is \"%s\".%n%s", text, actual.reason(),
          describe());
    }
    return this;
  }

  private String describe() {
    return "Rollout: " + actual;
  }
}
