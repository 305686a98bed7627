package io.immut.core.internal.controller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order fleets are reconciled in: earliest due first, ties by name. Each fleet is due one
 * interval after its last reconcile began, so a fleet is never served twice while another that was
 * due before it waits, and with enough workers for the load every fleet is reconciled once per
 * interval (the properties in the tests prove both on a simulated pool).
 */
public final class ReconcileSchedule {
  private ReconcileSchedule() {}

  /**
   * The fleets due at an instant, in the order to serve them.
   *
   * @param due each idle fleet's next due instant
   * @param now the instant
   * @return the fleets due, earliest first, ties by name
   */
  public static List<String> dueAt(Map<String, Instant> due, Instant now) {
    List<Map.Entry<String, Instant>> ready = new ArrayList<>();
    for (Map.Entry<String, Instant> e : due.entrySet()) {
      if (!e.getValue().isAfter(now)) {
        ready.add(e);
      }
    }
    ready.sort(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
    List<String> out = new ArrayList<>(ready.size());
    for (Map.Entry<String, Instant> e : ready) {
      out.add(e.getKey());
    }
    return out;
  }

  /**
   * When a fleet is due next: one interval after its reconcile began.
   *
   * @param began when the last reconcile began
   * @param interval the interval
   * @return the next due instant
   */
  public static Instant next(Instant began, java.time.Duration interval) {
    return began.plus(interval);
  }
}
