package io.immut.core.internal.local;

import io.immut.core.clock.Clock;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.spi.CloudScope;
import java.nio.file.Path;
import java.time.Duration;

/** A second process for the lease test: takes a fleet's lease, prints its token, holds it until stdin closes. */
public final class LeaseHolder {
  private LeaseHolder() {}

  /**
   * Runs the holder.
   *
   * @param args the lock directory, the scope id, the owner, the fleet
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    LocalFleetLeases leases = new LocalFleetLeases(Path.of(args[0]), Clock.system());
    try (FleetLease lease = leases.acquire(new FleetKey(CloudScope.shared(args[1]), args[2], args[3]), Duration.ofHours(1))) {
      System.out.println("leased " + lease.fencingToken());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lease until the parent closes our stdin
      }
    }
  }
}
