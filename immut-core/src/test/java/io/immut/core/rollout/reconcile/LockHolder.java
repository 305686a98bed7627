package io.immut.core.rollout.reconcile;

import java.nio.file.Path;

/** A second process for the lock test: takes a fleet's lock, says so, and holds it until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  /**
   * Runs the holder.
   *
   * @param args the lock directory, the owner, the fleet
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    try (FleetLock lock = FleetLock.acquire(Path.of(args[0]), args[1], args[2])) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our stdin
      }
    }
  }
}
