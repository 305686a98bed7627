package io.immut.core.rollout;

import io.immut.api.ImmutException;

/** Another rollout of the same fleet is under way, in this process or another one on this host. */
public final class FleetBusyException extends ImmutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which fleet, who holds it, and what to do
   */
  public FleetBusyException(String message) {
    super(message);
  }
}
