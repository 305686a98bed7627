package io.immut.core.internal.controller;

import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.LeaseState;
import io.immut.core.port.FleetLease;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of the fleet leases: a fleet's lease is renewed at each reconcile, acquired
 * when not held, and each change of its state is told as a {@link ControllerEvent.LeaseChanged}.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final FleetEngine engine;
  private final Duration ttl;
  private final java.util.function.Consumer<ControllerEvent> emit;

  LeaseKeeper(FleetEngine engine, Duration ttl, java.util.function.Consumer<ControllerEvent> emit) {
    this.engine = engine;
    this.ttl = ttl;
    this.emit = emit;
  }

  private Instant now() {
    return engine.clock().now();
  }

  private void emit(ControllerEvent e) {
    emit.accept(e);
  }


  /** Holds the fleet's lease (renewed, or acquired); false when another holder has it. */
  boolean hold(ManagedFleet f) {
    FleetLease l = f.lease;
    if (l != null) {
      try {
        l.renew();
        set(f, l, LeaseState.HELD);
        return true;
      } catch (LeaseLostException e) {
        set(f, null, LeaseState.LOST);
      }
    }
    try {
      FleetLease acquired = engine.leases().acquire(engine.key(f.name), ttl);
      set(f, acquired, LeaseState.HELD);
      return true;
    } catch (FleetBusyException e) {
      set(f, null, LeaseState.HELD_ELSEWHERE);
      return false;
    }
  }

  void check(ManagedFleet f) {
    FleetLease l = f.lease;
    if (l != null && !l.isHeld()) {
      try {
        l.renew();
      } catch (LeaseLostException e) {
        set(f, null, LeaseState.LOST);
      }
    }
  }

  private void set(ManagedFleet f, FleetLease lease, LeaseState to) {
    LeaseState from;
    long token;
    synchronized (f) {
      from = f.leaseState;
      long before = f.lease == null ? 0 : f.lease.fencingToken();
      f.lease = lease;
      f.leaseState = to;
      token = lease == null ? 0 : lease.fencingToken();
      if (from == to && before == token) {
        return;
      }
    }
    LOG.info("{}: lease {} -> {}{}", f.name, from, to, token == 0 ? "" : " (fencing token " + token + ")");
    emit(new ControllerEvent.LeaseChanged(f.name, now(), from, to, token));
  }

  void release(ManagedFleet f) {
    FleetLease l = f.lease;
    if (l != null) {
      l.release();
    }
    set(f, null, LeaseState.NONE);
  }
}
