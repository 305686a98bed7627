package io.immut.api;

/**
 * The life-cycle state of an instance in one vocabulary for every cloud. Drivers map their cloud's
 * states to these (EC2 {@code pending}, Azure {@code Creating}, GCE {@code PROVISIONING}/{@code STAGING}
 * are all {@link #PROVISIONING}; GCE's {@code TERMINATED} means stopped and is {@link #STOPPED}).
 */
public enum InstanceState {
  /** Accepted by the cloud, being created or booting: not serving yet. A launch may still fail. */
  PROVISIONING,
  /** Running: it may serve once healthy. */
  RUNNING,
  /** Being stopped or suspended by someone: immut never stops instances, so this is drift. */
  STOPPING,
  /** Stopped or suspended by someone: drift, answered by replacement. */
  STOPPED,
  /** Being deleted. */
  TERMINATING,
  /** Deleted, or about to disappear from listings. */
  DELETED,
  /**
   * The cloud accepted the launch and then could not create the instance (no capacity, a quota, an
   * image it cannot boot): it will never serve. The driver says why; the engine treats it as a short
   * launch and deletes what is left of it.
   */
  FAILED;

  /**
   * Whether the instance exists and may still serve: provisioning or running.
   *
   * @return true for {@link #PROVISIONING} and {@link #RUNNING}
   */
  public boolean isLive() {
    return this == PROVISIONING || this == RUNNING;
  }

  /**
   * Whether the instance is gone or on its way out, or never came to be.
   *
   * @return true for {@link #TERMINATING}, {@link #DELETED} and {@link #FAILED}
   */
  public boolean isGone() {
    return this == TERMINATING || this == DELETED || this == FAILED;
  }
}
