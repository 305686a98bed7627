package io.immut.cli.internal;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command talks to: its output streams, its input, its environment and working directory,
 * and whether it runs on a terminal.
 *
 * @param out standard output: results
 * @param err standard error: progress on a terminal, prompts, errors
 * @param in standard input: the confirmation
 * @param env the environment variables
 * @param cwd the working directory, against which relative paths resolve
 * @param terminal whether standard output and input are a terminal
 */
public record Io(PrintWriter out, PrintWriter err, BufferedReader in, Map<String, String> env, Path cwd, boolean terminal) {
  /** Copies the environment. */
  public Io {
    env = Map.copyOf(env);
  }

  /**
   * A path given on the command line, against the working directory.
   *
   * @param given the path as given
   * @return the absolute path
   */
  public Path resolve(String given) {
    return cwd.resolve(given).toAbsolutePath().normalize();
  }
}
