package io.immut.core.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Generation;
import io.immut.core.internal.json.JsonFields;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a rollout ended.
 *
 * @param fleet the fleet
 * @param outcome completed, no change, rolled back, failed or aborted
 * @param generation the generation the rollout aimed at
 * @param liveGeneration the generation live at the end, or null when none is
 * @param reason why it ended so (empty for a plain completion)
 * @param launched how many instances this rollout launched
 * @param terminated how many instances this rollout terminated
 * @param startedAt when it started, on the engine's clock
 * @param finishedAt when it ended, on the engine's clock
 * @param keptGeneration the previous generation kept running, out of service, after a blue/green
 *     promotion (its {@code keepPreviousFor}), or null when none is kept
 * @param keptUntil the end of that generation's window: a rollback before it puts the generation
 *     back in service, the first {@code apply} at or after it retires it; null when none is kept
 */
public record RolloutResult(String fleet, Outcome outcome, Generation generation, Generation liveGeneration, String reason,
                            int launched, int terminated, Instant startedAt, Instant finishedAt, Generation keptGeneration,
                            Instant keptUntil) {


  /** Validates the fields. */
  public RolloutResult {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    reason = reason == null ? "" : reason;
    if ((keptGeneration == null) != (keptUntil == null)) {
      throw new IllegalArgumentException("a kept generation and the end of its window go together: " + keptGeneration
          + ", " + keptUntil);
    }
  }

  /**
   * A result with no generation kept.
   *
   * @param fleet the fleet
   * @param outcome how it ended
   * @param generation the generation the rollout aimed at
   * @param liveGeneration the generation live at the end, or null
   * @param reason why it ended so
   * @param launched instances launched
   * @param terminated instances terminated
   * @param startedAt when it started
   * @param finishedAt when it ended
   */
  public RolloutResult(String fleet, Outcome outcome, Generation generation, Generation liveGeneration, String reason,
                       int launched, int terminated, Instant startedAt, Instant finishedAt) {
    this(fleet, outcome, generation, liveGeneration, reason, launched, terminated, startedAt, finishedAt, null, null);
  }

  /**
   * The previous generation kept running out of service after a blue/green promotion.
   *
   * @return it, or empty
   * @since 0.2
   */
  public Optional<Generation> kept() {
    return Optional.ofNullable(keptGeneration);
  }

  /**
   * When the engine next has work of its own on this fleet: the end of the kept generation's
   * window, at or after which an {@code apply} of the same spec retires it. A controller that
   * calls {@code apply} on an interval need not wait for it; one that sleeps may sleep until then.
   *
   * @return the instant, or empty when nothing is scheduled
   * @since 0.2
   */
  public Optional<Instant> nextWorkDue() {
    return Optional.ofNullable(keptUntil);
  }

  /** How a rollout ended. */
  public enum Outcome {
    /** The new generation is live on the whole fleet. */
    COMPLETED,
    /** The generation was already live and the fleet matched it: nothing was done. */
    NO_CHANGE,
    /**
     * The generation was already live, and the previous one, kept running out of service since the
     * promotion, was retired: its keep-previous window had ended. Anything else the fleet needed
     * (lost instances, drift, orphans) was repaired in the same {@code apply}.
     *
     * @since 0.2
     */
    RETIRED_PREVIOUS,
    /** The new generation failed (gate, analysis, quota, capacity) and the previous one was restored. */
    ROLLED_BACK,
    /** The rollout could not go on and could not be rolled back completely; the reason says what to do. */
    FAILED,
    /** {@code Immut.abort(fleet)} stopped the rollout, and what it launched was rolled back. */
    ABORTED
  }

  /**
   * How long the rollout took on the engine's clock.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * Whether the target generation is live at the end.
   *
   * @return true for {@link Outcome#COMPLETED}, {@link Outcome#NO_CHANGE} and {@link Outcome#RETIRED_PREVIOUS}
   */
  public boolean succeeded() {
    return outcome == Outcome.COMPLETED || outcome == Outcome.NO_CHANGE || outcome == Outcome.RETIRED_PREVIOUS;
  }

  /**
   * The generation live at the end.
   *
   * @return it, or empty
   */
  public Optional<Generation> live() {
    return Optional.ofNullable(liveGeneration);
  }

  /**
   * The result as JSON for machines: one object of a stable schema ({@code "schemaVersion": 1},
   * documented in {@code docs/rollouts.md}). Every field is always present: {@code fleet},
   * {@code outcome} (the {@link Outcome} name), {@code succeeded}, {@code generation} and
   * {@code live} (objects with {@code name}, {@code number} and {@code id}, or null),
   * {@code reason} (empty for a plain completion), {@code launched}, {@code terminated},
   * {@code startedAt} and {@code finishedAt} (ISO-8601), {@code durationMillis}, and {@code kept}
   * (the generation kept out of service after a promotion, with {@code name}, {@code number},
   * {@code id} and {@code until}, or null) and {@code nextWorkDue} (ISO-8601, or null).
   *
   * @return the JSON text, pretty-printed
   * @since 0.2
   */
  public String toJson() {
    ObjectNode root = JsonFields.object();
    root.put("schemaVersion", 1);
    root.put("fleet", fleet);
    root.put("outcome", outcome.name());
    root.put("succeeded", succeeded());
    JsonFields.generation(root, "generation", generation);
    JsonFields.generation(root, "live", liveGeneration);
    root.put("reason", reason);
    root.put("launched", launched);
    root.put("terminated", terminated);
    root.put("startedAt", startedAt.toString());
    root.put("finishedAt", finishedAt.toString());
    root.put("durationMillis", duration().toMillis());
    JsonFields.generation(root, "kept", keptGeneration);
    if (keptGeneration != null) {
      ((ObjectNode) root.get("kept")).put("until", keptUntil.toString());
    }
    if (keptUntil == null) {
      root.putNull("nextWorkDue");
    } else {
      root.put("nextWorkDue", keptUntil.toString());
    }
    return JsonFields.pretty(root);
  }

  @Override
  public String toString() {
    return fleet + ": " + outcome + (generation == null ? "" : " " + generation.name())
        + (reason.isEmpty() ? "" : " (" + reason + ")") + ", launched " + launched + ", terminated " + terminated
        + ", in " + io.immut.api.Durations.formatRounded(duration())
        + (keptGeneration == null ? "" : "; " + keptGeneration.name() + " kept out of service until " + keptUntil);
  }
}
