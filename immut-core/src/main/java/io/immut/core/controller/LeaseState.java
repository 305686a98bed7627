package io.immut.core.controller;

/**
 * Where a controller stands with a fleet's lease.
 *
 * @since 0.2
 */
public enum LeaseState {
  /** Not asked for yet, or released (the fleet was removed, the controller shut down). */
  NONE,
  /** This controller holds the lease and acts on the fleet. */
  HELD,
  /** Another controller (or an {@code apply} elsewhere) holds it: this one skips the fleet and asks again each interval. */
  HELD_ELSEWHERE,
  /** This controller held it and lost it (expired and taken over): it changes nothing more until it holds it again. */
  LOST
}
