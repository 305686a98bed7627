package io.immut.core.internal.controller;

import io.immut.api.FleetSpec;
import io.immut.core.controller.FleetHealth;
import io.immut.core.controller.FleetState;
import io.immut.core.controller.LeaseState;
import io.immut.core.port.FleetLease;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/** One fleet a controller manages: its spec, its lease, what it is doing, and what the health reports. */
final class ManagedFleet {
  final String name;
  /** Held by whoever acts on the fleet (a reconcile or a rollout): one at a time. */
  final ReentrantLock work = new ReentrantLock();

  private FleetSpec spec;
  /** The spec's generation id, kept: it is a hash of the spec's canonical JSON. */
  private String generationId;
  private String source;
  private boolean removed;
  private Instant due;
  /** Handed to the pass pool, not yet finished. */
  boolean queued;
  /** Handed to the rollout pool, not yet finished. */
  boolean rollout;
  /** Rollouts on the rollout pool that have ended: a pass that overlapped one leaves the due instant to it. */
  long rolloutsEnded;
  /** The thread of the rollout under way, to stop it when the fleet is removed. */
  volatile Thread rolloutThread;
  /** The generation id a retry was asked for. */
  String retryGeneration;

  FleetLease lease;
  LeaseState leaseState = LeaseState.NONE;
  int lastDesired = -1;

  private FleetState state = FleetState.PENDING;
  private String liveGeneration;
  private Instant lastReconciledAt;
  private Instant lastAttemptAt;
  private String lastOutcome = "";
  private String lastError = "";
  private int consecutiveErrors;
  private long reconciles;
  private int instances;
  private BigDecimal hourlyCost;
  private String note = "";

  ManagedFleet(FleetSpec spec, String source, Instant due) {
    this.name = spec.name();
    this.spec = spec;
    this.generationId = spec.generationId();
    this.source = source;
    this.due = due;
  }

  synchronized FleetSpec spec() {
    return spec;
  }

  synchronized String source() {
    return source;
  }

  /** The spec and its generation id, read together. */
  record Wanted(FleetSpec spec, String generationId) {}

  synchronized Wanted wanted() {
    return new Wanted(spec, generationId);
  }

  synchronized String generationId() {
    return generationId;
  }

  synchronized void update(FleetSpec spec, String source) {
    this.generationId = spec == this.spec ? generationId : spec.generationId();
    this.spec = spec;
    this.source = source;
  }

  synchronized boolean removed() {
    return removed;
  }

  synchronized void remove() {
    removed = true;
  }

  synchronized Instant due() {
    return due;
  }

  synchronized void due(Instant due) {
    this.due = due;
  }

  synchronized void attempt(Instant at) {
    lastAttemptAt = at;
    reconciles++;
  }

  synchronized void succeeded(Instant at, FleetState state, String outcome, String note) {
    this.state = state;
    this.lastReconciledAt = at;
    this.lastOutcome = outcome;
    this.lastError = "";
    this.consecutiveErrors = 0;
    this.note = note == null ? "" : note;
  }

  synchronized void failed(String outcome, String error) {
    this.state = FleetState.FAILING;
    this.lastOutcome = outcome;
    this.lastError = error == null ? "" : error;
    this.consecutiveErrors++;
  }

  /** Reconciles and rollouts failed in a row (0 after one that went well). */
  synchronized int consecutiveErrors() {
    return consecutiveErrors;
  }

  synchronized void state(FleetState state, String note) {
    this.state = state;
    this.note = note == null ? "" : note;
  }

  synchronized void observed(String liveGeneration, int instances, BigDecimal hourlyCost) {
    this.liveGeneration = liveGeneration;
    this.instances = instances;
    this.hourlyCost = hourlyCost;
  }

  synchronized FleetHealth health() {
    FleetLease l = lease;
    long token = l != null && leaseState == LeaseState.HELD ? l.fencingToken() : 0;
    return new FleetHealth(name, source, state, leaseState, token, generationId, liveGeneration, lastReconciledAt,
        lastAttemptAt, lastOutcome, lastError, consecutiveErrors, reconciles, instances, hourlyCost, note);
  }
}
