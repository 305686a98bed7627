package io.immut.core.internal.local;

import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.history.GenerationStore;
import io.immut.core.port.FleetLease;
import io.immut.core.port.GenerationLifecycle;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The generation lifecycle over a {@link GenerationStore} (in memory, or a directory of JSON
 * files). Transitions are serialised in this JVM and each checks the caller's lease first.
 *
 * <p>A store writes one record at a time, so {@link #markLive} is made atomic for readers: it first
 * writes the new live record, then retires the others. The live generation is the live record set
 * last (then the highest-numbered), so a crash between the two writes leaves a history whose
 * {@link #live} already answers the new generation; the next {@code markLive} retires what is left.
 */
public final class StoreGenerationLifecycle implements GenerationLifecycle {
  private static final Comparator<GenerationRecord> LIVE_ORDER = Comparator.comparing(GenerationRecord::updatedAt)
      .thenComparingInt(r -> r.generation().number());

  private final GenerationStore store;

  /**
   * Creates the lifecycle.
   *
   * @param store the history
   */
  public StoreGenerationLifecycle(GenerationStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The store underneath.
   *
   * @return the store
   */
  public GenerationStore store() {
    return store;
  }

  @Override
  public synchronized GenerationRecord begin(FleetLease lease, FleetSpec spec, Instant now) {
    check(lease, spec.name());
    GenerationRecord rec = store.record(spec, now);
    GenerationStatus s = rec.status();
    if (s == GenerationStatus.FAILED || s == GenerationStatus.ROLLED_BACK || s == GenerationStatus.RETIRED) {
      rec = store.updateStatus(spec.name(), rec.generation().number(), GenerationStatus.PENDING,
          "applied again after " + s.name().toLowerCase(Locale.ROOT), now);
    }
    return rec;
  }

  @Override
  public GenerationRecord markLive(FleetLease lease, int number, Instant now) {
    return markLive(lease, number, now, null);
  }

  @Override
  public synchronized GenerationRecord markLive(FleetLease lease, int number, Instant now, Instant keepPreviousUntil) {
    String fleet = lease.key().fleet();
    check(lease, fleet);
    GenerationRecord target = byNumber(fleet, number);
    GenerationRecord live = target.status() == GenerationStatus.LIVE && isLatestLive(fleet, target) ? target
        : store.updateStatus(fleet, number, GenerationStatus.LIVE, "", now);
    Instant keep = keepPreviousUntil != null && keepPreviousUntil.isAfter(now) ? keepPreviousUntil : null;
    for (GenerationRecord r : store.history(fleet)) {
      int n = r.generation().number();
      if (n == number) {
        continue;
      }
      if (r.status() == GenerationStatus.LIVE) {
        retire(fleet, n, "replaced by " + target.generation().name(), keep, now);
      } else if (r.status() == GenerationStatus.PENDING && n < number) {
        store.updateStatus(fleet, n, GenerationStatus.RETIRED, "superseded by " + target.generation().name(), now);
      } else if (r.keptUntil() != null && (keep != null || target != live)) {
        // one kept generation at a time: an older one is retired with the rest of the old instances
        store.updateStatus(fleet, n, GenerationStatus.RETIRED, r.reason(), now);
      }
    }
    return live;
  }

  @Override
  public synchronized GenerationRecord release(FleetLease lease, int number, Instant now) {
    String fleet = lease.key().fleet();
    check(lease, fleet);
    GenerationRecord rec = byNumber(fleet, number);
    if (rec.keptUntil() == null) {
      return rec;
    }
    return store.updateStatus(fleet, number, GenerationStatus.RETIRED, rec.reason(), now);
  }

  /** A retirement, kept until an instant in the same write when {@code keep} is set. */
  private GenerationRecord retire(String fleet, int number, String reason, Instant keep, Instant now) {
    return keep == null ? store.updateStatus(fleet, number, GenerationStatus.RETIRED, reason, now)
        : store.updateStatus(fleet, number, GenerationStatus.RETIRED, reason, keep, now);
  }

  private boolean isLatestLive(String fleet, GenerationRecord rec) {
    return live(fleet).map(r -> r.generation().number() == rec.generation().number()).orElse(false);
  }

  @Override
  public synchronized GenerationRecord fail(FleetLease lease, int number, String reason, Instant now) {
    String fleet = lease.key().fleet();
    check(lease, fleet);
    GenerationRecord rec = byNumber(fleet, number);
    if (rec.status() == GenerationStatus.LIVE) {
      return rec;
    }
    return store.updateStatus(fleet, number, GenerationStatus.FAILED, reason, now);
  }

  @Override
  public synchronized GenerationRecord rollBack(FleetLease lease, int number, String reason, Instant now) {
    String fleet = lease.key().fleet();
    check(lease, fleet);
    byNumber(fleet, number);
    return store.updateStatus(fleet, number, GenerationStatus.ROLLED_BACK, reason, now);
  }

  @Override
  public Optional<GenerationRecord> live(String fleet) {
    return store.history(fleet).stream().filter(r -> r.status() == GenerationStatus.LIVE).max(LIVE_ORDER);
  }

  @Override
  public Optional<GenerationRecord> target(String fleet) {
    List<GenerationRecord> history = store.history(fleet);
    int live = history.stream().filter(r -> r.status() == GenerationStatus.LIVE).max(LIVE_ORDER)
        .map(r -> r.generation().number()).orElse(0);
    return history.stream().filter(r -> r.status() == GenerationStatus.PENDING && r.generation().number() > live)
        .max(Comparator.comparingInt(r -> r.generation().number()));
  }

  @Override
  public Optional<GenerationRecord> previous(String fleet) {
    List<GenerationRecord> history = store.history(fleet);
    Optional<GenerationRecord> live = history.stream().filter(r -> r.status() == GenerationStatus.LIVE).max(LIVE_ORDER);
    if (live.isEmpty()) {
      return Optional.empty();
    }
    int n = live.get().generation().number();
    return history.stream().filter(r -> r.status() == GenerationStatus.RETIRED && r.generation().number() < n)
        .max(Comparator.comparingInt(r -> r.generation().number()));
  }

  @Override
  public Optional<GenerationRecord> find(String fleet, String generationId) {
    return store.find(fleet, generationId);
  }

  @Override
  public List<GenerationRecord> history(String fleet) {
    return store.history(fleet);
  }

  @Override
  public void verify(String fleet) {
    store.verify(fleet);
  }

  private GenerationRecord byNumber(String fleet, int number) {
    return store.byNumber(fleet, number).orElseThrow(() -> new ImmutException("fleet '" + fleet
        + "' has no generation number " + number + " in its history"));
  }

  private static void check(FleetLease lease, String fleet) {
    Objects.requireNonNull(lease, "lease");
    if (!lease.key().fleet().equals(fleet)) {
      throw new IllegalArgumentException("the lease is of fleet '" + lease.key().fleet() + "', not of '" + fleet + "'");
    }
    lease.check();
  }
}
