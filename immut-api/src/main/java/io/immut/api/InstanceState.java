package io.immut.api;

/** The life-cycle state of an instance, as the cloud reports it, mapped to one vocabulary. */
public enum InstanceState {
  /** Launched, not yet running (booting). */
  PENDING,
  /** Running: it may serve once healthy. */
  RUNNING,
  /** Being stopped by someone: immut never stops instances, so this is drift. */
  STOPPING,
  /** Stopped by someone: drift, answered by replacement. */
  STOPPED,
  /** Being terminated. */
  SHUTTING_DOWN,
  /** Gone, or about to disappear from listings. */
  TERMINATED;

  /**
   * Whether the instance exists and may still serve: pending or running.
   *
   * @return true for {@link #PENDING} and {@link #RUNNING}
   */
  public boolean isLive() {
    return this == PENDING || this == RUNNING;
  }

  /**
   * Whether the instance is gone or on its way out.
   *
   * @return true for {@link #SHUTTING_DOWN} and {@link #TERMINATED}
   */
  public boolean isGone() {
    return this == SHUTTING_DOWN || this == TERMINATED;
  }
}
