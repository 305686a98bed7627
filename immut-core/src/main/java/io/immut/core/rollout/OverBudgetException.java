package io.immut.core.rollout;

import io.immut.api.ImmutException;

/**
 * A rollout would spend more per hour than the fleet's {@code cost.maxHourlySpend} allows; refused
 * before any cloud change. The message gives the figures and what to change.
 */
public final class OverBudgetException extends ImmutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the figures and what to change
   */
  public OverBudgetException(String message) {
    super(message);
  }
}
