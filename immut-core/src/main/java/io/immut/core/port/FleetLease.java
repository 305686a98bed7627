package io.immut.core.port;

import java.time.Instant;

/**
 * The right to act on one fleet, held by one rollout at a time. It carries a fencing token that
 * grows with every acquisition of the fleet's lease, so that a store can refuse a write of a holder
 * whose lease was taken over (a paused process that wakes up after its lease expired). A lease that
 * is not renewed before it expires may be taken by another acquirer; {@link #isHeld()} then
 * answers false and every mutating step of the holder stops.
 *
 * <p>Closing a lease releases it. Implementations are safe for use from several threads.
 *
 * @since 0.2
 */
public interface FleetLease extends AutoCloseable {

  /**
   * The fleet.
   *
   * @return the key
   */
  FleetKey key();

  /**
   * The fencing token: larger than the token of every earlier lease of the same fleet.
   *
   * @return the token
   */
  long fencingToken();

  /**
   * When the lease ends unless renewed.
   *
   * @return the instant, on the engine's clock
   */
  Instant expiresAt();

  /**
   * Whether this lease still holds the fleet: not released, not expired, not taken over.
   *
   * @return true while held
   */
  boolean isHeld();

  /**
   * Extends the lease by its time to live, from now.
   *
   * @throws LeaseLostException when the lease is no longer held
   */
  void renew();

  /** Releases the lease; another acquirer may take the fleet at once. Releasing twice is harmless. */
  void release();

  /** Releases the lease. */
  @Override
  default void close() {
    release();
  }

  /**
   * Fails unless the lease is held: the check before every mutating step.
   *
   * @throws LeaseLostException when the lease is no longer held
   */
  default void check() {
    if (!isHeld()) {
      throw new LeaseLostException("the lease of fleet " + key() + " (fencing token " + fencingToken()
          + ") is no longer held: another rollout took the fleet over; nothing more is changed by this one");
    }
  }
}
