package io.immut.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.Immut;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.FleetLeases;
import io.immut.core.rollout.RolloutResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile loop checks its lease before every mutating step. */
class LeaseLostTest {
  @TempDir
  Path locks;

  /** Local leases whose leases can be taken away, as a shared store's would be after expiry. */
  private static final class Revocable implements FleetLeases {
    private final FleetLeases inner;
    final AtomicBoolean revoked = new AtomicBoolean();

    Revocable(FleetLeases inner) {
      this.inner = inner;
    }

    @Override
    public FleetLease acquire(FleetKey key, Duration ttl) {
      FleetLease lease = inner.acquire(key, ttl);
      return new FleetLease() {
        @Override
        public FleetKey key() {
          return lease.key();
        }

        @Override
        public long fencingToken() {
          return lease.fencingToken();
        }

        @Override
        public Instant expiresAt() {
          return lease.expiresAt();
        }

        @Override
        public boolean isHeld() {
          return !revoked.get() && lease.isHeld();
        }

        @Override
        public void renew() {
          if (revoked.get()) {
            throw new io.immut.core.port.LeaseLostException("taken over");
          }
          lease.renew();
        }

        @Override
        public void release() {
          lease.release();
        }
      };
    }

    @Override
    public boolean isLeased(FleetKey key) {
      return inner.isLeased(key);
    }
  }

  @Test
  void aRolloutWhoseLeaseWasTakenOverStopsAndChangesNothingMore() {
    Scenario s = new Scenario(locks);
    s.immut.apply(Scenario.spec("ami-1", 4));
    Revocable leases = new Revocable(new io.immut.core.internal.local.LocalFleetLeases(locks, s.clock));
    Immut immut = s.newImmut(b -> b.fleetLeases(leases));
    AtomicLong mutatingAtRevocation = new AtomicLong(-1);
    RolloutResult r = immut.apply(Scenario.spec("ami-2", 4), e -> {
      if (e instanceof RolloutEvent.InstancesLaunched && mutatingAtRevocation.get() < 0) {
        leases.revoked.set(true);
        mutatingAtRevocation.set(immut.mutatingDriverCalls());
      }
    });
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("taken over");
    assertThat(immut.mutatingDriverCalls()).isEqualTo(mutatingAtRevocation.get());
    assertThat(immut.history("web").get(1).status()).as("no history write without the lease")
        .isEqualTo(io.immut.core.history.GenerationStatus.PENDING);
  }
}
