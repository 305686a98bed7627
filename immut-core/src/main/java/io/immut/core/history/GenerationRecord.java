package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import java.time.Instant;
import java.util.Objects;

/**
 * One generation of a fleet as the history keeps it.
 *
 * @param generation the numbered generation
 * @param spec the fleet spec it was recorded from
 * @param status where it stands
 * @param createdAt when it was recorded
 * @param updatedAt when its status last changed
 * @param reason why it has its status (a failure's cause), or empty
 */
public record GenerationRecord(Generation generation, FleetSpec spec, GenerationStatus status, Instant createdAt,
                               Instant updatedAt, String reason) {
  /** Validates the fields. */
  public GenerationRecord {
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    reason = reason == null ? "" : reason;
  }
}
