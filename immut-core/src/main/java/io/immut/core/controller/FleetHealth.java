package io.immut.core.controller;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One fleet as a controller sees it: what it does with it, its lease, when it was last reconciled
 * successfully, and the last error.
 *
 * @param fleet the fleet
 * @param source where its spec comes from: {@code api}, or the spec file's path
 * @param state what the controller does with it
 * @param lease the controller's lease state
 * @param fencingToken the fencing token of the lease held, or 0
 * @param generationId the content id of the spec's generation
 * @param liveGeneration the name of the live generation ({@code web-v007}), or null
 * @param lastReconciledAt when a reconcile last succeeded, or null
 * @param lastAttemptAt when a reconcile was last started, or null
 * @param lastOutcome the outcome of the last reconcile or rollout ({@code NO_CHANGE}, {@code COMPLETED}, ...), or empty
 * @param lastError the last error's message, empty when the last reconcile succeeded
 * @param consecutiveErrors reconciles failed in a row
 * @param reconciles reconciles made so far by this controller (successful or not)
 * @param instances owned instances not gone, as last observed
 * @param hourlyCost their hourly cost as last observed, or null when the driver has no prices
 * @param note why the fleet is blocked or skipped, or empty
 * @since 0.2
 */
public record FleetHealth(String fleet, String source, FleetState state, LeaseState lease, long fencingToken,
                          String generationId, String liveGeneration, Instant lastReconciledAt, Instant lastAttemptAt,
                          String lastOutcome, String lastError, int consecutiveErrors, long reconciles, int instances,
                          BigDecimal hourlyCost, String note) {

  /** Validates the fields. */
  public FleetHealth {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(generationId, "generationId");
    lastOutcome = lastOutcome == null ? "" : lastOutcome;
    lastError = lastError == null ? "" : lastError;
    note = note == null ? "" : note;
  }

  /**
   * When a reconcile last succeeded.
   *
   * @return the instant, or empty
   */
  public Optional<Instant> lastReconciled() {
    return Optional.ofNullable(lastReconciledAt);
  }

  /**
   * Whether the fleet is in good order: reconciled, rolling out, or managed by another controller.
   *
   * @return false while failing or blocked
   */
  public boolean isHealthy() {
    return state != FleetState.FAILING && state != FleetState.BLOCKED;
  }
}
