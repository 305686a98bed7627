package io.immut.cli.internal;

import io.immut.api.ImmutException;
import java.util.List;

/**
 * A failure the tool reports as it is: lines saying what is wrong and the fix, an exit code, and
 * the located problems of a spec file for the JSON output.
 */
public final class CliException extends ImmutException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final transient List<LocatedProblem> problems;

  /**
   * A failure with one message.
   *
   * @param message what is wrong and the fix
   * @param exitCode the exit code
   */
  public CliException(String message, int exitCode) {
    this(message, exitCode, List.of(), null);
  }

  /**
   * A failure with the problems of a spec file.
   *
   * @param message the summary
   * @param exitCode the exit code
   * @param problems each problem with its place
   * @param cause the cause, or null
   */
  public CliException(String message, int exitCode, List<LocatedProblem> problems, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.problems = List.copyOf(problems);
  }

  /** @return the exit code */
  public int exitCode() {
    return exitCode;
  }

  /** @return the spec problems, each with its place; empty for other failures */
  public List<LocatedProblem> problems() {
    return problems;
  }

  /**
   * A spec problem at its place in a file.
   *
   * @param file the file as given on the command line
   * @param line the line, from 1; 0 when unknown
   * @param column the column, from 1; 0 when unknown
   * @param path the field path ({@code generation.instanceType}), empty for the whole document
   * @param problem what is wrong
   * @param allowed what is allowed
   */
  public record LocatedProblem(String file, int line, int column, String path, String problem, String allowed) {
    /** @return {@code file:line:column: path: problem (allowed: ...)} */
    public String toLine() {
      String where = file + (line > 0 ? ":" + line + ":" + column : "");
      return where + ": " + (path.isEmpty() ? "" : path + ": ") + problem + " (allowed: " + allowed + ")";
    }
  }
}
