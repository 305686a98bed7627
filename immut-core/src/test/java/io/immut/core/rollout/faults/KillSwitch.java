package io.immut.core.rollout.faults;

/**
 * Counts the engine's driver calls and history writes, and kills the process at the n-th one: an
 * {@link Error} nothing in the engine catches, thrown before the call reached the cloud or the store,
 * or after it took effect. With {@code at} 0 it only counts (the clean run, whose count bounds the
 * kill point of the killed run).
 */
final class KillSwitch {
  /** The process died. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed(String what) {
      super("killed at " + what);
    }
  }

  private final int at;
  private final boolean afterEffect;
  private int count;
  private String killedAt;
  private boolean disarmed;

  KillSwitch(int at, boolean afterEffect) {
    this.at = at;
    this.afterEffect = afterEffect;
  }

  static KillSwitch counting() {
    return new KillSwitch(0, false);
  }

  int count() {
    return count;
  }

  String killedAt() {
    return killedAt;
  }

  interface Call<T> {
    T run();
  }

  /** Stops counting and killing: the run under test is over. */
  synchronized void disarm() {
    disarmed = true;
  }

  synchronized <T> T call(String what, Call<T> op) {
    if (disarmed) {
      return op.run();
    }
    count++;
    boolean kill = at > 0 && count == at;
    if (kill && !afterEffect) {
      killedAt = what + " #" + count + " (before)";
      throw new Killed(killedAt);
    }
    T result = op.run();
    if (kill) {
      killedAt = what + " #" + count + " (after)";
      throw new Killed(killedAt);
    }
    return result;
  }

  void run(String what, Runnable op) {
    call(what, () -> {
      op.run();
      return null;
    });
  }
}
