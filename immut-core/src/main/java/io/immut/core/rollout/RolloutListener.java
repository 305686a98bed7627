package io.immut.core.rollout;

import java.util.Objects;

/**
 * Receives the typed events of a rollout as they happen, on the thread that runs the rollout.
 * An exception thrown by a listener is logged and otherwise ignored: a listener never stops a
 * rollout.
 */
@FunctionalInterface
public interface RolloutListener {

  /** A listener that ignores every event. */
  RolloutListener NONE = event -> { };

  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void onEvent(RolloutEvent event);

  /**
   * A listener that calls this one, then {@code next}.
   *
   * @param next the second listener
   * @return both
   */
  default RolloutListener andThen(RolloutListener next) {
    Objects.requireNonNull(next, "next");
    return event -> {
      onEvent(event);
      next.onEvent(event);
    };
  }
}
