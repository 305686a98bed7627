package io.immut.core.internal.controller;

import io.immut.api.FleetSpec;
import io.immut.api.FleetStatus;
import io.immut.core.clock.Clock;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.FleetLeases;
import io.immut.core.port.GenerationLifecycle;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import java.time.Duration;

/** What the controller needs of one engine ({@code Immut}): its ports, and apply and rollback under a lease held by the caller. */
public interface FleetEngine {

  /**
   * The engine's clock.
   *
   * @return it
   */
  Clock clock();

  /**
   * The key of a fleet on this engine's cloud and owner.
   *
   * @param fleet the fleet
   * @return the key
   */
  FleetKey key(String fleet);

  /**
   * The lease port.
   *
   * @return it
   */
  FleetLeases leases();

  /**
   * The command port.
   *
   * @return it
   */
  FleetCommands commands();

  /**
   * The lifecycle port.
   *
   * @return it
   */
  GenerationLifecycle lifecycle();

  /**
   * The engine's lease time to live.
   *
   * @return it
   */
  Duration leaseTtl();

  /**
   * Applies a spec under a lease the caller holds (and keeps: it is not released).
   *
   * @param spec the spec
   * @param listener the events' receiver
   * @param lease the lease
   * @return the result
   * @throws InterruptedException when interrupted
   */
  RolloutResult apply(FleetSpec spec, RolloutListener listener, FleetLease lease) throws InterruptedException;

  /**
   * Restores the previous good generation under a lease the caller holds.
   *
   * @param fleet the fleet
   * @param listener the events' receiver
   * @param lease the lease
   * @return the result
   * @throws InterruptedException when interrupted
   */
  RolloutResult rollback(String fleet, RolloutListener listener, FleetLease lease) throws InterruptedException;

  /**
   * The fleet's status (reads the cloud).
   *
   * @param fleet the fleet
   * @return the status
   */
  FleetStatus status(String fleet);

  /**
   * The fleet's status from the listing this engine's latest reconcile step of it made, without
   * reading the cloud again.
   *
   * @param fleet the fleet
   * @return the status, or empty when this engine has not reconciled the fleet
   */
  java.util.Optional<FleetStatus> lastObserved(String fleet);

  /**
   * Forgets what this engine observed of a fleet that is no longer managed here, so that a
   * controller whose fleets come and go keeps no entry per fleet it ever had.
   *
   * @param fleet the fleet
   */
  void forget(String fleet);
}
