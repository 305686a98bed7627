package io.immut.core.internal.controller;

import io.immut.core.history.GenerationStatus;

/**
 * The choice of one reconcile, a pure function of what the history and the commands say: level
 * triggered, so the same observations always give the same choice, and a generation that failed
 * is never rolled out again on its own.
 */
public final class WorkChoice {
  private WorkChoice() {}

  /** What a reconcile does. */
  public enum Work {
    /** Apply the spec: its generation is live, so this is the level-triggered work (scale, repair, reap, retire). */
    RECONCILE,
    /** Apply the live generation's own spec: the spec's generation is blocked or waits for a rollout thread. */
    RECONCILE_LIVE,
    /** Roll the spec's generation out. */
    ROLL_OUT,
    /** Restore the previous good generation, on request. */
    ROLL_BACK,
    /** The fleet is paused: observe it, change nothing (a rollout under way observes on its own). */
    OBSERVE,
    /** Nothing can be done: no live generation and the spec's is blocked. */
    NOTHING
  }

  /**
   * What the history and the commands say about one fleet.
   *
   * @param wantedId the spec's generation id
   * @param liveId the live generation's id, or null
   * @param wantedStatus the status of the spec's generation in the history, or null when it has none
   * @param targetId the generation being rolled in (pending above the live one), or null
   * @param retry whether a retry of the spec's generation was asked for
   * @param rollbackRequested whether a rollback command waits
   * @param paused whether the fleet is paused
   */
  public record Facts(String wantedId, String liveId, GenerationStatus wantedStatus, String targetId, boolean retry,
                      boolean rollbackRequested, boolean paused) {}

  /**
   * Chooses.
   *
   * @param f the facts
   * @return the work
   */
  public static Work choose(Facts f) {
    if (f.paused()) {
      return Work.OBSERVE;
    }
    if (f.rollbackRequested()) {
      return f.liveId() != null ? Work.ROLL_BACK : Work.NOTHING;
    }
    if (f.wantedId().equals(f.liveId())) {
      return Work.RECONCILE;
    }
    if (isBlocked(f)) {
      return f.liveId() != null ? Work.RECONCILE_LIVE : Work.NOTHING;
    }
    return Work.ROLL_OUT;
  }

  /**
   * Whether the spec's generation failed or was rolled back and no retry was asked for.
   *
   * @param f the facts
   * @return true when blocked
   */
  public static boolean isBlocked(Facts f) {
    return !f.retry() && (f.wantedStatus() == GenerationStatus.FAILED || f.wantedStatus() == GenerationStatus.ROLLED_BACK);
  }

  /**
   * While a rollout waits for a thread, whether the live generation may be reconciled meanwhile:
   * only when no other rollout was under way (a pending target is a rollout a previous holder
   * began; reconciling the live generation would undo it).
   *
   * @param f the facts
   * @return true when the live generation may be reconciled
   */
  public static boolean mayReconcileLiveWhileWaiting(Facts f) {
    return f.liveId() != null && (f.targetId() == null || f.targetId().equals(f.liveId()));
  }
}
