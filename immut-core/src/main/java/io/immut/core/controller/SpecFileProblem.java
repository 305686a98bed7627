package io.immut.core.controller;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A spec file of a watched directory that the controller could not take: its path and what is
 * wrong (for a spec that does not read, every problem with its line, column and field path). The
 * other files are not held up; a fleet whose file turned bad keeps its last good spec.
 *
 * @param file the file
 * @param message what is wrong and what to do
 * @since 0.2
 */
public record SpecFileProblem(Path file, String message) {
  /** Validates the fields. */
  public SpecFileProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + ": " + message;
  }
}
