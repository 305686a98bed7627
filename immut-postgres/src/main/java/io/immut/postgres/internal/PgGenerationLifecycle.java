package io.immut.postgres.internal;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetLease;
import io.immut.core.port.GenerationLifecycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The generation lifecycle in the table {@code generation}. Each transition is one transaction
 * that first checks the caller's fencing token against the lease table and keeps that row locked
 * (so no takeover commits in between), then takes a transaction-scoped advisory lock on the fleet
 * (so numbers are allocated one at a time), then writes. {@code markLive} retires the previous
 * live generation (kept until the end of a blue/green's keep-previous window when one is given, in
 * the same row: column {@code kept_until}) and supersedes older pending ones in the same
 * transaction, and a unique index allows one live generation per fleet whatever any writer does.
 *
 * <p>Times are kept to the microsecond (PostgreSQL's precision); the records returned are the ones
 * stored.
 */
public final class PgGenerationLifecycle implements GenerationLifecycle {

  private final Database db;
  private final GenerationRows rows;

  /**
   * Creates the lifecycle.
   *
   * @param db the database
   */
  public PgGenerationLifecycle(Database db) {
    this.db = Objects.requireNonNull(db, "db");
    this.rows = new GenerationRows(db);
  }

  @Override
  public GenerationRecord begin(FleetLease lease, FleetSpec spec, Instant now) {
    Objects.requireNonNull(spec, "spec");
    String fleet = fleetOf(lease, spec.name());
    Instant at = micros(now);
    return write(lease, "record generation " + spec.generationId() + " of fleet '" + fleet + "'", c -> {
      Optional<GenerationRecord> found = select(c, fleet, "generation_id = ?", spec.generationId(), true);
      if (found.isPresent()) {
        GenerationRecord rec = found.get();
        GenerationStatus s = rec.status();
        if (s == GenerationStatus.FAILED || s == GenerationStatus.ROLLED_BACK || s == GenerationStatus.RETIRED) {
          return update(c, lease, rec, GenerationStatus.PENDING, "applied again after " + s.name().toLowerCase(Locale.ROOT), at);
        }
        return rec;
      }
      int number;
      try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(number), 0) + 1 FROM " + db.table("generation")
          + " WHERE fleet = ?")) {
        p.setString(1, fleet);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          number = r.getInt(1);
        }
      }
      GenerationRecord rec = new GenerationRecord(new Generation(fleet, number, spec.generationId()), spec,
          GenerationStatus.PENDING, at, at, null);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO " + db.table("generation") + " (fleet, number, generation_id, status, spec, created_at, updated_at, reason"
          + ", written_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        p.setString(1, fleet);
        p.setInt(2, number);
        p.setString(3, spec.generationId());
        p.setString(4, GenerationStatus.PENDING.name());
        p.setString(5, rows.specText(spec));
        p.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        p.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        p.setString(8, null);
        p.setLong(9, lease.fencingToken());
        p.executeUpdate();
      }
      return rec;
    });
  }

  @Override
  public GenerationRecord markLive(FleetLease lease, int number, Instant now) {
    return markLive(lease, number, now, null);
  }

  @Override
  public GenerationRecord markLive(FleetLease lease, int number, Instant now, Instant keepPreviousUntil) {
    String fleet = fleetOf(lease, null);
    Instant at = micros(now);
    Instant keep = keepPreviousUntil != null && keepPreviousUntil.isAfter(now) ? micros(keepPreviousUntil) : null;
    return write(lease, "mark generation " + number + " of fleet '" + fleet + "' live", c -> {
      GenerationRecord target = byNumber(c, fleet, number);
      String name = target.generation().name();
      boolean promoted = target.status() != GenerationStatus.LIVE;
      for (GenerationRecord r : rows.list(c, fleet, true)) {
        int n = r.number();
        if (n == number) {
          continue;
        }
        if (r.status() == GenerationStatus.LIVE) {
          update(c, lease, r, GenerationStatus.RETIRED, "replaced by " + name, keep, at);
        } else if (r.status() == GenerationStatus.PENDING && n < number) {
          update(c, lease, r, GenerationStatus.RETIRED, "superseded by " + name, null, at);
        } else if (r.keptUntil() != null && (keep != null || promoted)) {
          // one kept generation at a time: an older one is retired with the rest of the old instances
          update(c, lease, r, GenerationStatus.RETIRED, r.reason(), null, at);
        }
      }
      return promoted ? update(c, lease, target, GenerationStatus.LIVE, null, null, at) : target;
    });
  }

  @Override
  public GenerationRecord release(FleetLease lease, int number, Instant now) {
    String fleet = fleetOf(lease, null);
    Instant at = micros(now);
    return write(lease, "record that the kept generation " + number + " of fleet '" + fleet + "' was retired", c -> {
      GenerationRecord rec = byNumber(c, fleet, number);
      return rec.keptUntil() == null ? rec : update(c, lease, rec, GenerationStatus.RETIRED, rec.reason(), null, at);
    });
  }

  @Override
  public Optional<GenerationRecord> kept(String fleet) {
    return db.readOne("read the kept generation of fleet '" + fleet + "'", c -> rows.one(c, fleet,
        "kept_until IS NOT NULL AND number < coalesce((SELECT number FROM " + db.table("generation")
            + " WHERE fleet = ? AND status = 'LIVE'), 0) ORDER BY number DESC LIMIT 1", fleet));
  }

  @Override
  public GenerationRecord fail(FleetLease lease, int number, String reason, Instant now) {
    String fleet = fleetOf(lease, null);
    Instant at = micros(now);
    return write(lease, "record that generation " + number + " of fleet '" + fleet + "' failed", c -> {
      GenerationRecord rec = byNumber(c, fleet, number);
      return rec.status() == GenerationStatus.LIVE ? rec : update(c, lease, rec, GenerationStatus.FAILED, reason, at);
    });
  }

  @Override
  public GenerationRecord rollBack(FleetLease lease, int number, String reason, Instant now) {
    String fleet = fleetOf(lease, null);
    Instant at = micros(now);
    return write(lease, "record that generation " + number + " of fleet '" + fleet + "' was rolled back", c ->
        update(c, lease, byNumber(c, fleet, number), GenerationStatus.ROLLED_BACK, reason, at));
  }

  @Override
  public Optional<GenerationRecord> live(String fleet) {
    return db.readOne("read the live generation of fleet '" + fleet + "'", c -> select(c, fleet, "status = ?", "LIVE", false));
  }

  @Override
  public Optional<GenerationRecord> target(String fleet) {
    return read("read the generation being rolled in of fleet '" + fleet + "'", c -> {
      int live = select(c, fleet, "status = ?", "LIVE", false).map(GenerationRecord::number).orElse(0);
      return rows.one(c, fleet, "status = 'PENDING' AND number > ? ORDER BY number DESC LIMIT 1", live);
    });
  }

  @Override
  public Optional<GenerationRecord> previous(String fleet) {
    return read("read the previous generation of fleet '" + fleet + "'", c -> {
      Optional<GenerationRecord> live = select(c, fleet, "status = ?", "LIVE", false);
      if (live.isEmpty()) {
        return Optional.<GenerationRecord>empty();
      }
      return rows.one(c, fleet, "status = 'RETIRED' AND number < ? ORDER BY number DESC LIMIT 1", live.get().number());
    });
  }

  @Override
  public Optional<GenerationRecord> find(String fleet, String generationId) {
    Objects.requireNonNull(generationId, "generationId");
    return db.readOne("find generation " + generationId + " of fleet '" + fleet + "'",
        c -> select(c, fleet, "generation_id = ?", generationId, false));
  }

  @Override
  public List<GenerationRecord> history(String fleet) {
    return db.readOne("read the history of fleet '" + fleet + "'", c -> rows.list(c, fleet, false));
  }

  @Override
  public void verify(String fleet) {
    List<String> problems = read("check the history of fleet '" + fleet + "'", c -> rows.problems(c, fleet));
    if (!problems.isEmpty()) {
      throw new ImmutException("the history of fleet '" + fleet + "' in schema " + db.schema() + " of PostgreSQL at "
          + db.where() + " cannot be read: " + String.join("; ", problems) + ". Nothing was changed; repair or delete"
          + " those rows (docs/postgres.md, operations)");
    }
  }

  private GenerationRecord byNumber(Connection c, String fleet, int number) throws SQLException {
    return rows.one(c, fleet, "number = ? FOR UPDATE", number).orElseThrow(() -> new ImmutException("fleet '" + fleet
        + "' has no generation number " + number + " in its history (schema " + db.schema() + " of PostgreSQL at "
        + db.where() + "); record the fleet spec first, or use a number from its history"));
  }

  private Optional<GenerationRecord> select(Connection c, String fleet, String condition, String value, boolean lock)
      throws SQLException {
    return rows.one(c, fleet, condition + (lock ? " FOR UPDATE" : ""), value);
  }

  private GenerationRecord update(Connection c, FleetLease lease, GenerationRecord rec, GenerationStatus status,
                                  String reason, Instant at) throws SQLException {
    return update(c, lease, rec, status, reason, null, at);
  }

  /** A status change; {@code keptUntil} is the kept generation's window (null: not kept), written in the same row. */
  private GenerationRecord update(Connection c, FleetLease lease, GenerationRecord rec, GenerationStatus status,
                                  String reason, Instant keptUntil, Instant at) throws SQLException {
    GenerationRecord next = rec.withStatus(status, reason, keptUntil, at);
    try (PreparedStatement p = c.prepareStatement("UPDATE " + db.table("generation")
        + " SET status = ?, reason = ?, updated_at = ?, kept_until = ?, written_token = ? WHERE fleet = ? AND number = ?")) {
      p.setString(1, status.name());
      p.setString(2, reason);
      p.setObject(3, OffsetDateTime.ofInstant(next.updatedAt(), ZoneOffset.UTC));
      p.setObject(4, keptUntil == null ? null : OffsetDateTime.ofInstant(keptUntil, ZoneOffset.UTC),
          java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      p.setLong(5, lease.fencingToken());
      p.setString(6, rec.fleet());
      p.setInt(7, rec.number());
      p.executeUpdate();
    }
    return next;
  }

  private <T> T write(FleetLease lease, String what, Database.Work<T> work) {
    PgFleetLeases.ours(lease);
    return db.inTransaction(what, true, c -> {
      PgFleetLeases.fence(c, db, lease, what);
      try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
        p.setString(1, "immut.generation:" + db.schema() + ":" + lease.key().fleet());
        p.execute();
      }
      return work.run(c);
    });
  }

  private <T> T read(String what, Database.Work<T> work) {
    return db.inTransaction(what, true, work);
  }

  private static String fleetOf(FleetLease lease, String specFleet) {
    Objects.requireNonNull(lease, "lease");
    String fleet = lease.key().fleet();
    if (specFleet != null && !fleet.equals(specFleet)) {
      throw new IllegalArgumentException("the lease is of fleet '" + fleet + "', not of '" + specFleet + "'");
    }
    return fleet;
  }

  private static Instant micros(Instant now) {
    return Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.MICROS);
  }
}
