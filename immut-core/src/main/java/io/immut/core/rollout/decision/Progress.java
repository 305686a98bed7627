package io.immut.core.rollout.decision;

import io.immut.core.rollout.Verdict;
import java.time.Instant;
import java.util.Objects;

/**
 * What a rollout remembers between two decisions beside the cloud: when it last made progress,
 * the canary step it is at, hook verdicts, and whether it was promoted. None of it is needed for
 * safety: after a crash a new rollout starts from {@link #start(Instant)} and derives the rest
 * from the cloud again (redoing pauses, analyses and health checks, never an unsafe action).
 *
 * @param startedAt when the rollout (or rollback) started
 * @param lastProgressAt when the observed counts last changed
 * @param signature the observed counts at the last change
 * @param canaryStep the index of the current canary step
 * @param pauseUntil the end of the current pause, or null
 * @param validation the validator's verdict, or null
 * @param analysis the current analysis step's verdict, or null
 * @param inconclusiveSince when a verdict turned inconclusive, or null
 * @param promotedAt when the target was promoted (blue/green), or null
 */
public record Progress(Instant startedAt, Instant lastProgressAt, long signature, int canaryStep, Instant pauseUntil,
                       Verdict validation, Verdict analysis, Instant inconclusiveSince, Instant promotedAt) {

  /** Validates the fields. */
  public Progress {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastProgressAt, "lastProgressAt");
  }

  /**
   * The progress of a rollout starting now.
   *
   * @param now the time
   * @return the initial progress
   */
  public static Progress start(Instant now) {
    return new Progress(now, now, Long.MIN_VALUE, 0, null, null, null, null, null);
  }

  Progress progressed(Instant now, long sig) {
    return sig == signature ? this : new Progress(startedAt, now, sig, canaryStep, pauseUntil, validation, analysis,
        inconclusiveSince, promotedAt);
  }

  /**
   * The progress of a rollout that an operator paused at {@code now}: a pause is not a lack of
   * progress, so the progress deadline counts from here.
   *
   * @param now the time
   * @return the new progress
   */
  public Progress held(Instant now) {
    return touched(now);
  }

  Progress touched(Instant now) {
    return new Progress(startedAt, now, signature, canaryStep, pauseUntil, validation, analysis, inconclusiveSince, promotedAt);
  }

  Progress nextStep(Instant now) {
    return new Progress(startedAt, now, signature, canaryStep + 1, null, validation, null, null, promotedAt);
  }

  Progress pausedUntil(Instant until) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, until, validation, analysis, inconclusiveSince,
        promotedAt);
  }

  Progress inconclusive(Instant since) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, validation, analysis, since, promotedAt);
  }

  Progress promoted(Instant at) {
    return new Progress(startedAt, at, signature, canaryStep, pauseUntil, validation, analysis, null, at);
  }

  /**
   * Records the validator's verdict.
   *
   * @param verdict the verdict
   * @return the new progress
   */
  public Progress withValidation(Verdict verdict) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, verdict, analysis, inconclusiveSince,
        promotedAt);
  }

  /**
   * Records the current analysis step's verdict.
   *
   * @param verdict the verdict
   * @return the new progress
   */
  public Progress withAnalysis(Verdict verdict) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, validation, verdict, inconclusiveSince,
        promotedAt);
  }
}
