package io.immut.core.internal.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each fleet: since when this engine has held it under one lease (one fencing token), and when
 * it last launched or terminated anything in it. A listing that lags ({@code Capabilities.listLag})
 * can hide only what changed within the lag: a rollout under a lease this engine has held for
 * longer than the lag, with no change of its own since, has nothing unseen to wait for; under a new
 * lease another process may have acted a moment ago, so it waits the lag from now.
 */
final class Tenures {
  private record Tenure(long token, Instant since, Instant lastChange) {}

  private final Map<String, Tenure> byFleet = new ConcurrentHashMap<>();

  /**
   * The instant from which a change may not be listed yet, for a rollout starting now under the
   * lease of the given fencing token: when this engine's tenure of the fleet began, or its last
   * change in it, whichever is later; now for a lease this engine has not used before.
   *
   * @param fleet the fleet
   * @param token the lease's fencing token
   * @param now the engine's now
   * @return the instant
   */
  Instant unseenSince(String fleet, long token, Instant now) {
    Tenure t = byFleet.compute(fleet, (f, old) -> old != null && old.token() == token ? old : new Tenure(token, now, now));
    return t.lastChange().isAfter(t.since()) ? t.lastChange() : t.since();
  }

  /**
   * Records a change this engine made in a fleet (a launch or a termination, when the call ended).
   *
   * @param fleet the fleet
   * @param token the lease's fencing token
   * @param at when
   */
  void changed(String fleet, long token, Instant at) {
    byFleet.merge(fleet, new Tenure(token, at, at), (old, fresh) -> old.token() != token ? fresh
        : new Tenure(token, old.since(), at.isAfter(old.lastChange()) ? at : old.lastChange()));
  }

  /**
   * Forgets a fleet no longer managed here.
   *
   * @param fleet the fleet
   */
  void forget(String fleet) {
    byFleet.remove(fleet);
  }
}
