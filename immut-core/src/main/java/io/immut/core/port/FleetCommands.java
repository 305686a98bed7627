package io.immut.core.port;

import java.util.Set;

/**
 * The fleet command port: a mailbox per fleet that any process may write to and the lease holder
 * reads. A command stays until the holder clears it: a promotion sent before the rollout waits for
 * one is kept until it does. {@link FleetCommand#PAUSE} and {@link FleetCommand#RESUME} set and lift
 * one state: reading answers {@code PAUSE} while the fleet is paused.
 *
 * @since 0.2
 */
public interface FleetCommands {

  /**
   * Sends a command to the fleet.
   *
   * @param key the fleet
   * @param command the command
   */
  void send(FleetKey key, FleetCommand command);

  /**
   * The commands waiting: any of {@code PROMOTE}, {@code ABORT}, {@code ROLLBACK}, and {@code PAUSE}
   * while the fleet is paused (never {@code RESUME}).
   *
   * @param key the fleet
   * @return the commands
   */
  Set<FleetCommand> pending(FleetKey key);

  /**
   * Clears a command the holder carried out (or, at the start of a rollout, one left from before).
   *
   * @param lease the holder's lease, checked first
   * @param command the command
   * @throws LeaseLostException when the lease is no longer held
   */
  void clear(FleetLease lease, FleetCommand command);
}
