package io.immut.core.internal.decision;

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
 * @param launches the late launch failures seen and the backoff they imposed
 */
public record Progress(Instant startedAt, Instant lastProgressAt, long signature, int canaryStep, Instant pauseUntil,
                       Verdict validation, Verdict analysis, Instant inconclusiveSince, Instant promotedAt,
                       LaunchTrouble launches) {

  /** Validates the fields. */
  public Progress {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastProgressAt, "lastProgressAt");
    launches = launches == null ? LaunchTrouble.NONE : launches;
  }

  /**
   * The progress of a rollout starting now.
   *
   * @param now the time
   * @return the initial progress
   */
  public static Progress start(Instant now) {
    return new Progress(now, now, Long.MIN_VALUE, 0, null, null, null, null, null, LaunchTrouble.NONE);
  }

  Progress progressed(Instant now, long sig) {
    return sig == signature ? this : new Progress(startedAt, now, sig, canaryStep, pauseUntil, validation, analysis,
        inconclusiveSince, promotedAt, launches);
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
    return new Progress(startedAt, now, signature, canaryStep, pauseUntil, validation, analysis, inconclusiveSince, promotedAt, launches);
  }

  Progress nextStep(Instant now) {
    return new Progress(startedAt, now, signature, canaryStep + 1, null, validation, null, null, promotedAt, launches);
  }

  Progress pausedUntil(Instant until) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, until, validation, analysis, inconclusiveSince,
        promotedAt, launches);
  }

  Progress inconclusive(Instant since) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, validation, analysis, since, promotedAt, launches);
  }

  Progress promoted(Instant at) {
    return new Progress(startedAt, at, signature, canaryStep, pauseUntil, validation, analysis, null, at, launches);
  }

  Progress withLaunches(LaunchTrouble trouble) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, validation, analysis, inconclusiveSince,
        promotedAt, trouble);
  }

  /**
   * Records the validator's verdict.
   *
   * @param verdict the verdict
   * @return the new progress
   */
  public Progress withValidation(Verdict verdict) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, verdict, analysis, inconclusiveSince,
        promotedAt, launches);
  }

  /**
   * Records the current analysis step's verdict.
   *
   * @param verdict the verdict
   * @return the new progress
   */
  public Progress withAnalysis(Verdict verdict) {
    return new Progress(startedAt, lastProgressAt, signature, canaryStep, pauseUntil, validation, verdict, inconclusiveSince,
        promotedAt, launches);
  }
}
