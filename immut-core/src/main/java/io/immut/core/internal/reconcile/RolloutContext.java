package io.immut.core.internal.reconcile;

import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetLease;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.internal.execution.Executor;
import io.immut.spi.FleetSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of one rollout share: the engine, the fleet and its lease, the events' receiver,
 * the read-your-writes overlay, and the counts the result reports.
 */
final class RolloutContext {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutContext.class);

  final Engine engine;
  final String fleet;
  final FleetSelector selector;
  final FleetLease lease;
  final Overlay overlay = new Overlay();
  final Executor.RetryObserver retries;
  private final RolloutListener listener;
  private Instant lastRenewed;
  /**
   * From when a change may not be listed yet ({@code Capabilities.listLag}): the start of this
   * rollout, or of this engine's tenure of the fleet under the same lease, or its last change in it.
   */
  final Instant began;
  /** Whether the listing can be trusted to show what any earlier process did. */
  boolean settled;
  /** The preflight's listing of the fleet and when it was asked for, until the loop takes it; or null. */
  private java.util.List<io.immut.spi.InstanceView> preflightListing;
  private Instant preflightAskedAt;
  double fraction;
  int launched;
  int terminated;
  int trafficChanges;
  int wave;
  int lastDesired = -1;
  /** The generation kept running out of service after a promotion, and until when; or nulls. */
  String keptId;
  Instant keptUntil;
  /** The kept generation whose window had ended when this rollout looked, or null. */
  io.immut.core.history.GenerationRecord expiredKept;

  RolloutContext(Engine engine, String fleet, RolloutListener listener, FleetLease lease) {
    this.engine = engine;
    this.fleet = fleet;
    this.selector = new FleetSelector(fleet, engine.owner());
    this.listener = listener;
    this.lease = lease;
    this.lastRenewed = engine.clock().now();
    this.began = engine.observations().tenures().unseenSince(fleet, lease.fencingToken(), lastRenewed);
    this.retries = (op, attempt, delay, error) -> emit(new RolloutEvent.Retrying(fleet, now(), fraction, op, attempt, delay,
        error.getMessage()));
  }

  Instant now() {
    return engine.clock().now();
  }

  /**
   * Keeps the preflight's listing, on which the state and budget checks were made, for the loop's
   * first step.
   *
   * @param views what the listing answered
   * @param askedAt when it was asked for
   */
  void preflightListed(java.util.List<io.immut.spi.InstanceView> views, Instant askedAt) {
    preflightListing = java.util.List.copyOf(views);
    preflightAskedAt = askedAt;
  }

  /**
   * The preflight's listing, once, when the loop's first step may decide on it instead of listing
   * again: asked for no earlier than listings are trusted from ({@link #listingTrustedFrom}: nothing
   * of what happened before can be missing from it) and at most {@code maxAge} ago.
   *
   * @param now the engine's now
   * @param maxAge the oldest listing to decide on
   * @return the listing, or null to list again
   */
  java.util.List<io.immut.spi.InstanceView> takePreflightListing(Instant now, java.time.Duration maxAge) {
    java.util.List<io.immut.spi.InstanceView> views = preflightListing;
    Instant at = preflightAskedAt;
    preflightListing = null;
    preflightAskedAt = null;
    if (views == null || at.isBefore(listingTrustedFrom()) || at.plus(maxAge).isBefore(now)) {
      return null;
    }
    return views;
  }

  /**
   * The first instant a listing shows everything that may be unseen ({@link #began}): that plus
   * the driver's {@code Capabilities.listLag()}.
   *
   * @return the instant
   */
  Instant listingTrustedFrom() {
    return began.plus(engine.driver().capabilities().listLag());
  }

  /** Records that this rollout launched or terminated something in the fleet, now. */
  void changed() {
    engine.observations().tenures().changed(fleet, lease.fencingToken(), now());
  }

  void emit(RolloutEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("a rollout listener threw on {}; ignored", event.getClass().getSimpleName(), e);
    }
  }

  /** Renews the lease once half of its time to live is gone; fails when it was taken over. */
  void renewLease() {
    Instant expires = lease.expiresAt();
    Instant now = now();
    Duration half = Duration.between(lastRenewed, expires).dividedBy(2);
    if (!lease.isHeld() || Duration.between(now, expires).compareTo(half) <= 0) {
      lease.renew();
      lastRenewed = now;
    }
  }

  /** The commands waiting for the fleet. */
  Set<FleetCommand> commands() {
    return engine.commands().pending(lease.key());
  }

  /** Clears a command this rollout carried out. */
  void done(FleetCommand command) {
    engine.commands().clear(lease, command);
  }

  /** Clears the stop commands once the rollout stopped for them. */
  void clearStops() {
    done(FleetCommand.ABORT);
    done(FleetCommand.ROLLBACK);
  }
}
