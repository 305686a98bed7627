package io.immut.core.history;

import io.immut.api.Generation;
import io.immut.api.ImmutException;
import java.util.List;

/** The message for a generation number a fleet does not have. */
final class NoSuchGeneration {
  private NoSuchGeneration() {}

  static ImmutException of(String fleet, int number, List<GenerationRecord> history, String store) {
    String name = number >= 1 && fleet != null ? new Generation(fleet, number, "-").name() : "number " + number;
    String known = history.isEmpty() ? "it has no generations yet"
        : "its generations are " + history.get(0).generation().name() + " to "
            + history.get(history.size() - 1).generation().name();
    return new ImmutException("Fleet '" + fleet + "' has no generation " + name + " in " + store + "; " + known
        + ". Record the fleet spec first, or use a number from its history.");
  }
}
