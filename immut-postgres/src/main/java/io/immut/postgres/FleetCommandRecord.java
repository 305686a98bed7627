package io.immut.postgres;

import io.immut.core.port.FleetCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One command sent to a fleet, as the store keeps it: who sent it and when, and, once it is done,
 * when, by which lease (its fencing token) and with what outcome. A pause is done when a
 * {@code RESUME} lifts it.
 *
 * @param command the command
 * @param sentAt when it was sent, on the database's clock
 * @param sentBy who sent it ({@code pid@host} of the sender)
 * @param doneAt when it was done, or null while it waits
 * @param doneToken the fencing token of the lease that cleared it, or null (a pause lifted by a resume)
 * @param outcome what became of it, or null while it waits
 * @since 0.2
 */
public record FleetCommandRecord(FleetCommand command, Instant sentAt, String sentBy, Instant doneAt, Long doneToken,
                                 String outcome) {
  /** Validates the fields. */
  public FleetCommandRecord {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(sentBy, "sentBy");
  }

  /**
   * Whether the command still waits for the lease holder.
   *
   * @return true while not done
   */
  public boolean isPending() {
    return doneAt == null;
  }

  /**
   * When it was done.
   *
   * @return the instant, or empty while it waits
   */
  public Optional<Instant> done() {
    return Optional.ofNullable(doneAt);
  }
}
