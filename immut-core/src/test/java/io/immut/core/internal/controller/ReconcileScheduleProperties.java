package io.immut.core.internal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The reconcile order on a simulated pool: with any number of fleets and workers and any pass
 * durations whose total stays within 90% of the pool's time per interval, every fleet is reconciled at least once
 * in every window of two intervals and never twice within one; and a worker always takes the fleet
 * that has waited longest. Seeds are fixed by the build.
 */
class ReconcileScheduleProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A worker that frees up at an instant. */
  private record Free(Instant at, int worker) {}

  @Property(tries = 200)
  void everyFleetIsReconciledOncePerIntervalWhileThePoolKeepsUp(@ForAll @IntRange(min = 1, max = 300) int fleets,
                                                               @ForAll @IntRange(min = 1, max = 8) int workers,
                                                               @ForAll @IntRange(min = 10, max = 60) int loadPercent,
                                                               @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Duration interval = Duration.ofSeconds(15);
    Random random = new Random(seed);
    // the mean pass takes what the load leaves: fleets × mean = load × (usable workers) × interval;
    // passes take half to one and a half of the mean, so at most 90% of the pool's time is asked for
    double meanMillis = loadPercent / 100.0 * Math.min(workers, fleets) * interval.toMillis() / fleets;
    Map<String, Instant> due = new HashMap<>();
    Map<String, List<Instant>> starts = new HashMap<>();
    for (int i = 0; i < fleets; i++) {
      due.put("f" + i, T0);
      starts.put("f" + i, new ArrayList<>());
    }
    PriorityQueue<Free> free = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()) != 0 ? a.at().compareTo(b.at())
        : Integer.compare(a.worker(), b.worker()));
    for (int w = 0; w < workers; w++) {
      free.add(new Free(T0, w));
    }
    Map<String, Instant> idle = new HashMap<>(due);
    Instant end = T0.plus(interval.multipliedBy(20));
    Map<Integer, String> running = new HashMap<>();
    Map<Integer, Instant> finishes = new HashMap<>();
    while (true) {
      Free w = free.poll();
      if (w.at().isAfter(end)) {
        break;
      }
      String was = running.remove(w.worker());
      if (was != null) {
        idle.put(was, due.get(was));
      }
      Instant now = w.at();
      List<String> ready = ReconcileSchedule.dueAt(idle, now);
      if (ready.isEmpty()) {
        Instant next = idle.values().stream().min(Instant::compareTo).orElse(end);
        // nothing due: the worker waits for the earliest due, or for another worker to bring one back
        Instant wake = next.isAfter(now) ? next : now.plusMillis(1);
        Instant other = finishes.values().stream().filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(wake);
        free.add(new Free(wake.isBefore(other) ? wake : other, w.worker()));
        continue;
      }
      String fleet = ready.get(0);
      // the fleet served has waited at least as long as every other due one
      for (String other : ready) {
        assertThat(idle.get(fleet)).isBeforeOrEqualTo(idle.get(other));
      }
      idle.remove(fleet);
      starts.get(fleet).add(now);
      due.put(fleet, ReconcileSchedule.next(now, interval));
      long took = Math.max(1, Math.round(meanMillis * (0.5 + random.nextDouble())));
      Instant done = now.plusMillis(took);
      running.put(w.worker(), fleet);
      finishes.put(w.worker(), done);
      free.add(new Free(done, w.worker()));
    }
    for (Map.Entry<String, List<Instant>> e : starts.entrySet()) {
      List<Instant> s = e.getValue();
      assertThat(s).as(e.getKey()).isNotEmpty();
      assertThat(s.get(0)).as("first reconcile of %s", e.getKey()).isBefore(T0.plus(interval.multipliedBy(2)));
      for (int i = 1; i < s.size(); i++) {
        Duration gap = Duration.between(s.get(i - 1), s.get(i));
        assertThat(gap).as("gap of %s", e.getKey()).isGreaterThanOrEqualTo(interval).isLessThan(interval.multipliedBy(2));
      }
      assertThat(Duration.between(s.get(s.size() - 1), end)).as("%s not left behind at the end", e.getKey())
          .isLessThan(interval.multipliedBy(2));
    }
  }

  @Property(tries = 200)
  void theFleetsDueAreThoseWhoseTimeCameEarliestFirst(@ForAll @IntRange(min = 0, max = 50) int fleets,
                                                     @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Random random = new Random(seed);
    Map<String, Instant> due = new HashMap<>();
    for (int i = 0; i < fleets; i++) {
      due.put("f" + i, T0.plusSeconds(random.nextInt(30)));
    }
    Instant now = T0.plusSeconds(15);
    List<String> out = ReconcileSchedule.dueAt(due, now);
    assertThat(out).containsExactlyInAnyOrderElementsOf(due.entrySet().stream().filter(e -> !e.getValue().isAfter(now))
        .map(Map.Entry::getKey).toList());
    for (int i = 1; i < out.size(); i++) {
      Instant a = due.get(out.get(i - 1));
      Instant b = due.get(out.get(i));
      assertThat(a.isBefore(b) || a.equals(b) && out.get(i - 1).compareTo(out.get(i)) < 0).isTrue();
    }
  }
}
