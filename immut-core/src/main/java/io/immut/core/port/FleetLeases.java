package io.immut.core.port;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The fleet lease port: one rollout per fleet at a time, across every engine that shares the
 * port's store. {@code Immut} acquires the fleet's lease before a rollout and its reconcile loop
 * checks it before every mutating step.
 *
 * <pre>{@code
 * try (FleetLease lease = leases.acquire(key, Duration.ofMinutes(2))) {
 *   lease.check();            // before each change
 *   lease.renew();            // before it expires
 * }
 * }</pre>
 *
 * @since 0.2
 */
public interface FleetLeases {

  /**
   * The default directory of the local lock files: {@code immut-locks} in the system's temporary
   * directory.
   *
   * @return the directory
   */
  static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "immut-locks");
  }

  /**
   * Takes the fleet's lease, or fails at once.
   *
   * @param key the fleet
   * @param ttl how long the lease holds without renewal, positive
   * @return the held lease; close it to release
   * @throws io.immut.core.rollout.FleetBusyException when another holder has it
   */
  FleetLease acquire(FleetKey key, Duration ttl);

  /**
   * Whether any holder has the fleet's lease now (this process or another).
   *
   * @param key the fleet
   * @return true when leased
   */
  boolean isLeased(FleetKey key);
}
