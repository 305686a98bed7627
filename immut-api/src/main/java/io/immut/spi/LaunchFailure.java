package io.immut.spi;

import java.util.Objects;

/**
 * Why instances were not launched: the reason of a short launch, or of an instance the cloud
 * accepted and then reported {@link io.immut.api.InstanceState#FAILED} (Azure's
 * {@code AllocationFailed}, GCE's {@code ZONE_RESOURCE_POOL_EXHAUSTED} arrive minutes after the
 * request). The engine answers by reason: capacity → smaller batches or another zone; quota → stop
 * and roll back with the reason; image → stop (the image cannot boot here).
 *
 * @param reason the kind of reason
 * @param message the cloud's words, for humans (never a secret)
 * @since 0.2
 */
public record LaunchFailure(Reason reason, String message) {
  /** Validates the fields. */
  public LaunchFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /**
   * A failure for lack of capacity.
   *
   * @param message the cloud's words
   * @return the failure
   */
  public static LaunchFailure capacity(String message) {
    return new LaunchFailure(Reason.CAPACITY, message);
  }

  /**
   * A failure on an account quota.
   *
   * @param message the cloud's words
   * @return the failure
   */
  public static LaunchFailure quota(String message) {
    return new LaunchFailure(Reason.QUOTA, message);
  }

  /** The kinds of reason. */
  public enum Reason {
    /** The cloud had no capacity of that type in that place; another size, zone or time may work. */
    CAPACITY,
    /** An account quota or limit was reached; only a raised quota or a smaller fleet helps. */
    QUOTA,
    /** The image cannot be launched here (gone, not shared, wrong architecture). */
    IMAGE,
    /** Another reason the message explains. */
    OTHER
  }
}
