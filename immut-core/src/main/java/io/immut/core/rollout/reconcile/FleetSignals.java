package io.immut.core.rollout.reconcile;

import io.immut.core.rollout.decision.Phase;

/**
 * What other threads tell a running rollout (promote, abort, roll back), and what it shows them
 * (its target and phase). One per fleet being rolled out in this process.
 */
public final class FleetSignals {
  private volatile boolean promote;
  private volatile boolean abort;
  private volatile boolean rollback;
  private volatile String target;
  private volatile Phase phase = Phase.IN_PROGRESS;

  /** Asks the rollout to promote its generation. */
  public void requestPromotion() {
    promote = true;
  }

  /** Asks the rollout to stop and roll back what it launched. */
  public void requestAbort() {
    abort = true;
  }

  /** Asks the rollout to stop and restore the previous generation, even after a promotion. */
  public void requestRollback() {
    rollback = true;
  }

  boolean promoteRequested() {
    return promote;
  }

  void promotionUsed() {
    promote = false;
  }

  boolean abortRequested() {
    return abort;
  }

  boolean rollbackRequested() {
    return rollback;
  }

  void clearStops() {
    abort = false;
    rollback = false;
  }

  void show(String targetName, Phase p) {
    target = targetName;
    phase = p;
  }

  /**
   * The name of the generation being rolled in ({@code web-v002}), or null before the first step.
   *
   * @return the name
   */
  public String target() {
    return target;
  }

  /**
   * The rollout's phase at its last step.
   *
   * @return the phase
   */
  public Phase phase() {
    return phase;
  }
}
