package io.immut.core.history;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation of a fleet as the history knows it: its number and content id, the full fleet spec
 * it was recorded with, its status, and when and why that status was last set.
 *
 * @param generation the generation: fleet, number and content id
 * @param spec the fleet spec the generation was recorded from; its {@code generationId()} is the
 *     generation's id
 * @param status where the generation stands
 * @param createdAt when the generation was first recorded
 * @param updatedAt when its status was last set; not before {@code createdAt}
 * @param reason why the status was set ("health gate failed on 2 of 3 instances"), or null
 * @param keptUntil for a {@link GenerationStatus#RETIRED} generation whose instances are kept running,
 *     out of service, after a blue/green promotion replaced it ({@code keepPreviousFor}): until when.
 *     It was superseded at {@code updatedAt}; {@code rollback(fleet)} before this instant puts it
 *     back in service, and the first {@code apply} at or after it retires its instances. Null
 *     otherwise
 */
public record GenerationRecord(Generation generation, FleetSpec spec, GenerationStatus status, Instant createdAt,
                               Instant updatedAt, String reason, Instant keptUntil) {

  /** Checks that the parts belong together. */
  public GenerationRecord {
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!spec.name().equals(generation.fleet())) {
      throw new IllegalArgumentException("generation " + generation.name() + " belongs to fleet '" + generation.fleet()
          + "' but its spec is of fleet '" + spec.name() + "'");
    }
    if (!spec.generationId().equals(generation.id())) {
      throw new IllegalArgumentException("generation " + generation.name() + " has id " + generation.id()
          + " but its spec's content id is " + spec.generationId());
    }
    if (keptUntil != null && status != GenerationStatus.RETIRED) {
      throw new IllegalArgumentException("generation " + generation.name() + " is " + status
          + ": only a RETIRED generation can be kept (until " + keptUntil + ")");
    }
    if (updatedAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("generation " + generation.name() + " was updated at " + updatedAt
          + ", before it was created at " + createdAt);
    }
  }

  /**
   * A record of a generation that is not kept.
   *
   * @param generation the generation
   * @param spec the fleet spec it was recorded from
   * @param status where it stands
   * @param createdAt when it was first recorded
   * @param updatedAt when its status was last set
   * @param reason why, or null
   */
  public GenerationRecord(Generation generation, FleetSpec spec, GenerationStatus status, Instant createdAt,
                          Instant updatedAt, String reason) {
    this(generation, spec, status, createdAt, updatedAt, reason, null);
  }

  /**
   * Until when the instances of this retired generation are kept running, out of service.
   *
   * @return the end of its keep-previous window, or empty when it is not kept
   * @since 0.2
   */
  public Optional<Instant> kept() {
    return Optional.ofNullable(keptUntil);
  }

  /**
   * The fleet's name.
   *
   * @return {@code generation().fleet()}
   */
  public String fleet() {
    return generation.fleet();
  }

  /**
   * The generation's number within its fleet.
   *
   * @return {@code generation().number()}, from 1
   */
  public int number() {
    return generation.number();
  }

  /**
   * The generation's content id.
   *
   * @return {@code generation().id()}
   */
  public String id() {
    return generation.id();
  }

  /**
   * The reason the status was set.
   *
   * @return the reason, or empty when none was given
   */
  public Optional<String> why() {
    return Optional.ofNullable(reason);
  }

  /**
   * This record with another status.
   *
   * @param newStatus the status
   * @param newReason why, or null
   * @param now when; a time before {@code createdAt} (a clock that went back) counts as {@code createdAt}
   * @return the updated record
   */
  public GenerationRecord withStatus(GenerationStatus newStatus, String newReason, Instant now) {
    return withStatus(newStatus, newReason, null, now);
  }

  /**
   * This record with another status, kept until an instant or not kept.
   *
   * @param newStatus the status
   * @param newReason why, or null
   * @param newKeptUntil until when a retired generation's instances are kept, or null
   * @param now when; a time before {@code createdAt} (a clock that went back) counts as {@code createdAt}
   * @return the updated record
   * @since 0.2
   */
  public GenerationRecord withStatus(GenerationStatus newStatus, String newReason, Instant newKeptUntil, Instant now) {
    Objects.requireNonNull(now, "now");
    return new GenerationRecord(generation, spec, newStatus, createdAt, now.isBefore(createdAt) ? createdAt : now,
        newReason, newKeptUntil);
  }

  /** Returns {@code web-v003 (5f2c0e9a1b) LIVE}, and {@code (kept until …)} for a kept generation. */
  @Override
  public String toString() {
    return generation + " " + status + (reason == null ? "" : ": " + reason)
        + (keptUntil == null ? "" : " (kept until " + keptUntil + ")");
  }
}
