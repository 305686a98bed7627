package io.immut.core.port;

import io.immut.api.FleetSpec;
import io.immut.core.history.GenerationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The generation lifecycle port: every status transition of a fleet's generations, in one place,
 * and the two questions the engine asks of the history (what is live, what is being rolled in).
 * Each transition takes the caller's {@link FleetLease} and checks it first, so that a store shared
 * by many engines can refuse the write of a holder whose lease was taken over (by its fencing
 * token, in the same transaction as the write).
 *
 * <p>Transitions:
 * <pre>
 *   begin:    (new) → PENDING;  FAILED / ROLLED_BACK / RETIRED → PENDING (applied again); LIVE, PENDING kept
 *   markLive: → LIVE, and in the same operation the previous live generation → RETIRED
 *             ("replaced by"; kept until an instant when a blue/green keeps it), older pending
 *             ones → RETIRED ("superseded by"), and any other kept generation no longer kept
 *   release:  a kept RETIRED generation → RETIRED, not kept (its instances were retired)
 *   fail:     PENDING → FAILED (a LIVE generation is kept live)
 *   rollBack: → ROLLED_BACK
 * </pre>
 *
 * @since 0.2
 */
public interface GenerationLifecycle {

  /**
   * Records a spec's generation as the one being rolled in.
   *
   * @param lease the fleet's lease
   * @param spec the spec
   * @param now the time
   * @return the record: new and pending, revived to pending, or the existing live or pending one
   */
  GenerationRecord begin(FleetLease lease, FleetSpec spec, Instant now);

  /**
   * Makes a generation the live one and retires the previous live generation (and older pending
   * ones), as one operation: a reader never sees two live generations nor, when one was live
   * before, none.
   *
   * @param lease the fleet's lease
   * @param number the generation's number
   * @param now the time
   * @return the live record
   */
  GenerationRecord markLive(FleetLease lease, int number, Instant now);

  /**
   * Makes a generation the live one as {@link #markLive(FleetLease, int, Instant)} does, and
   * records the previous live generation as kept until {@code keepPreviousUntil}: its instances
   * stay running, out of service, so that {@code rollback} can put them back in service, until the
   * first {@code apply} at or after that instant retires them. The previous generation's retirement
   * and its window are one write.
   *
   * <p>Both lifecycles of immut record the window (the local one over a {@code GenerationStore},
   * PostgreSQL's in its {@code kept_until} column). The default of this method records nothing: in
   * a lifecycle that keeps it, the previous generation is not kept in the history, and the first
   * {@code apply} after the promotion retires its instances.
   *
   * @param lease the fleet's lease
   * @param number the generation's number
   * @param now the time
   * @param keepPreviousUntil until when the previous live generation is kept, or null to keep none
   * @return the live record
   * @since 0.2
   */
  default GenerationRecord markLive(FleetLease lease, int number, Instant now, Instant keepPreviousUntil) {
    return markLive(lease, number, now);
  }

  /**
   * Records that a kept generation's instances were retired: it stays {@code RETIRED}, no longer
   * kept. Nothing happens to a generation that is not kept.
   *
   * @param lease the fleet's lease
   * @param number the generation's number
   * @param now the time
   * @return the record
   * @since 0.2
   */
  default GenerationRecord release(FleetLease lease, int number, Instant now) {
    return history(lease.key().fleet()).stream().filter(r -> r.number() == number).findFirst()
        .orElseThrow(() -> new io.immut.api.ImmutException("fleet '" + lease.key().fleet() + "' has no generation number "
            + number + " in its history"));
  }

  /**
   * The generation whose instances are kept running, out of service, after a blue/green
   * promotion replaced it: a {@code RETIRED} record with {@link GenerationRecord#kept()}, below
   * the live one. Its window may have ended already, when no {@code apply} ran since.
   *
   * @param fleet the fleet
   * @return the kept record, or empty
   * @since 0.2
   */
  default Optional<GenerationRecord> kept(String fleet) {
    int live = live(fleet).map(GenerationRecord::number).orElse(0);
    return history(fleet).stream().filter(r -> r.keptUntil() != null && r.number() < live)
        .max(java.util.Comparator.comparingInt(GenerationRecord::number));
  }

  /**
   * Records that a generation failed to roll in; a generation that is live stays live.
   *
   * @param lease the fleet's lease
   * @param number the generation's number
   * @param reason why
   * @param now the time
   * @return the record
   */
  GenerationRecord fail(FleetLease lease, int number, String reason, Instant now);

  /**
   * Records that a generation was rolled back (after a failed gate, on request, or after it had
   * been live).
   *
   * @param lease the fleet's lease
   * @param number the generation's number
   * @param reason why
   * @param now the time
   * @return the record
   */
  GenerationRecord rollBack(FleetLease lease, int number, String reason, Instant now);

  /**
   * The fleet's live generation.
   *
   * @param fleet the fleet
   * @return the live record, or empty
   */
  Optional<GenerationRecord> live(String fleet);

  /**
   * The generation being rolled in: the highest-numbered pending one above the live one.
   *
   * @param fleet the fleet
   * @return the record, or empty
   */
  Optional<GenerationRecord> target(String fleet);

  /**
   * The last good generation before the live one: the one a rollback on request restores.
   *
   * @param fleet the fleet
   * @return the highest-numbered retired generation below the live one, or empty
   */
  Optional<GenerationRecord> previous(String fleet);

  /**
   * Finds a generation by its content id.
   *
   * @param fleet the fleet
   * @param generationId the id
   * @return the record, or empty
   */
  Optional<GenerationRecord> find(String fleet, String generationId);

  /**
   * Every generation of the fleet, ascending by number.
   *
   * @param fleet the fleet
   * @return the records
   */
  List<GenerationRecord> history(String fleet);

  /**
   * Checks that the fleet's history can be read, before any change.
   *
   * @param fleet the fleet
   * @throws io.immut.api.ImmutException naming every unreadable part and the fix
   */
  void verify(String fleet);
}
