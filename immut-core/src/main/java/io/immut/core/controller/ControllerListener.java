package io.immut.core.controller;

import java.util.Objects;

/**
 * Receives a controller's events, on the thread that made them (a reconcile's worker). It must
 * be quick; an exception it throws is logged and otherwise ignored.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface ControllerListener {

  /** A listener that ignores every event. */
  ControllerListener NONE = event -> { };

  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void onEvent(ControllerEvent event);

  /**
   * A listener that calls this one, then {@code next}.
   *
   * @param next the second listener
   * @return both
   */
  default ControllerListener andThen(ControllerListener next) {
    Objects.requireNonNull(next, "next");
    return event -> {
      onEvent(event);
      next.onEvent(event);
    };
  }
}
