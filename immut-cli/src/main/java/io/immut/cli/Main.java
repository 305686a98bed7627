package io.immut.cli;

import io.immut.cli.internal.Cli;

/**
 * The {@code immut} command: {@code java -jar immut.jar plan web.yaml}. The commands, their
 * options, output schema and exit codes are documented in {@code docs/cli.md} and by
 * {@code immut --help}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs a command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a command on the process's standard streams and environment, and returns its exit code
   * (0 done; the others as {@code docs/cli.md} lists them) without exiting.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String... args) {
    return Cli.run(args);
  }
}
