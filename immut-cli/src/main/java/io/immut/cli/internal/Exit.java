package io.immut.cli.internal;

/** The exit codes of {@code immut}, as {@code docs/cli.md} documents them. */
public final class Exit {
  /** Done; for {@code plan --detailed-exitcode}: no change. */
  public static final int OK = 0;
  /** An error: a bad spec or configuration, a driver error, anything that stopped the command. */
  public static final int ERROR = 1;
  /** {@code plan --detailed-exitcode}: at least one fleet would change. */
  public static final int CHANGES = 2;
  /** The command ran but what it checked or rolled out is not good: a state blocker, a rollout rolled back, failed or aborted. */
  public static final int NOT_GOOD = 3;
  /** Another rollout of the fleet is under way. */
  public static final int BUSY = 4;
  /** The command line is wrong: an unknown option, a missing argument. */
  public static final int USAGE = 64;
  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;

  private Exit() {}
}
