package io.immut.postgres.internal;

import io.immut.api.ImmutException;
import io.immut.core.clock.Clock;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.FleetLeases;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet leases in the table {@code fleet_lease}: one row per fleet, taken by one upsert that
 * succeeds only when the row's lease has expired (on the database's clock) and then grows the
 * fencing token by one. Renewal and release are updates conditional on the token, so a holder
 * whose lease was taken over changes nothing.
 *
 * <p>A lease knows locally when it ends: the time to live the database granted, counted from
 * before the statement was sent, on this JVM's monotonic clock. {@link FleetLease#isHeld()} and
 * {@link FleetLease#check()} also ask the database, so a lease taken over while this process was
 * paused is noticed before the next change to the cloud.
 */
public final class PgFleetLeases implements FleetLeases {
  private static final Logger LOG = LoggerFactory.getLogger(PgFleetLeases.class);

  private final Database db;
  private final Clock clock;
  private final String holder;

  /**
   * Creates the leases.
   *
   * @param db the database
   * @param clock the engine's clock, in which {@link FleetLease#expiresAt()} is told
   * @param holder who this process is, as the lease table shows it ({@code pid@host})
   */
  public PgFleetLeases(Database db, Clock clock, String holder) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.holder = Objects.requireNonNull(holder, "holder");
  }

  @Override
  public FleetLease acquire(FleetKey key, Duration ttl) {
    Objects.requireNonNull(key, "key");
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease's time to live must be positive, got " + ttl);
    }
    long sentNanos = System.nanoTime();
    Instant sentAt = clock.now();
    Granted granted = db.inTransaction("take the lease of fleet " + key, false, c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO " + db.table("fleet_lease") + " AS l"
          + " (fleet, scope_id, owner, token, holder, acquired_at, expires_at)"
          + " VALUES (?, ?, ?, 1, ?, now(), now() + ? * interval '1 millisecond')"
          + " ON CONFLICT (fleet) DO UPDATE SET token = l.token + 1, holder = excluded.holder,"
          + " acquired_at = excluded.acquired_at, expires_at = excluded.expires_at"
          + " WHERE l.expires_at <= now() AND l.scope_id = excluded.scope_id AND l.owner = excluded.owner"
          + " RETURNING token, expires_at, now()")) {
        p.setString(1, key.fleet());
        p.setString(2, key.scope().id());
        p.setString(3, key.owner());
        p.setString(4, holder);
        p.setLong(5, ttl.toMillis());
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) {
            return new Granted(r.getLong(1), remaining(r.getObject(2, OffsetDateTime.class), r.getObject(3, OffsetDateTime.class)));
          }
        }
      }
      throw refusal(c, key);
    });
    LOG.debug("took the lease of fleet {} with fencing token {}", key, granted.token);
    return new Lease(key, ttl, granted.token, sentNanos, sentAt, granted.remaining);
  }

  @Override
  public boolean isLeased(FleetKey key) {
    return db.readOne("read the lease of fleet " + key, c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT expires_at > now() FROM " + db.table("fleet_lease")
          + " WHERE fleet = ?")) {
        p.setString(1, key.fleet());
        try (ResultSet r = p.executeQuery()) {
          return r.next() && r.getBoolean(1);
        }
      }
    });
  }

  /** Why the upsert took nothing: another holder, or the fleet's name taken by another cloud or owner. */
  private RuntimeException refusal(Connection c, FleetKey key) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT scope_id, owner, holder, token, expires_at FROM "
        + db.table("fleet_lease") + " WHERE fleet = ?")) {
      p.setString(1, key.fleet());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return new ImmutException("the lease of fleet " + key + " was neither taken nor found in PostgreSQL at "
              + db.where() + "; try again");
        }
        if (!r.getString(1).equals(key.scope().id()) || !r.getString(2).equals(key.owner())) {
          return mismatch(key, r.getString(1), r.getString(2));
        }
        return new FleetBusyException("fleet '" + key.fleet() + "' is busy: a rollout by " + r.getString(3)
            + " holds its lease (fencing token " + r.getLong(4) + ", until " + r.getObject(5, OffsetDateTime.class).toInstant()
            + ", in PostgreSQL at " + db.where() + " schema " + db.schema() + "); wait for it to finish, or abort it with"
            + " Immut.abort(\"" + key.fleet() + "\")");
      }
    }
  }

  ImmutException mismatch(FleetKey key, String scope, String owner) {
    return new ImmutException("fleet name '" + key.fleet() + "' in schema " + db.schema() + " of PostgreSQL at " + db.where()
        + " belongs to cloud scope " + scope + " and owner '" + owner + "', not to " + key.scope().id() + " and '"
        + key.owner() + "': the generation history is kept by fleet name, so one schema serves one cloud scope and"
        + " owner per name. Give this engine its own schema (PostgresConfig.builder().schema(...)) or another fleet name");
  }

  private static Duration remaining(OffsetDateTime expires, OffsetDateTime now) {
    Duration d = Duration.between(now.toInstant(), expires.toInstant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The token and time to live the database granted. */
  private record Granted(long token, Duration remaining) {}

  /** The lease's row as the database has it now. */
  private record Row(long token, boolean live, String holder, Instant expiresAt) {}

  /**
   * Checks, inside a transaction, that a lease still holds its fleet, and keeps the row locked
   * against a takeover until the transaction ends: the fencing of every write.
   *
   * @param c the transaction's connection
   * @param db the database
   * @param lease the lease the write carries
   * @param what the write, for the message
   * @throws SQLException on a database failure
   * @throws LeaseLostException when the token is not the row's, or the lease expired
   */
  static void fence(Connection c, Database db, FleetLease lease, String what) throws SQLException {
    Row row = row(c, db, lease.key().fleet(), true);
    String lost = lostBecause(row, lease);
    if (lost != null) {
      throw new LeaseLostException("refused to " + what + ": the lease of fleet " + lease.key() + " (fencing token "
          + lease.fencingToken() + ") " + lost + "; nothing was written, and this rollout changes nothing more");
    }
  }

  private static Row row(Connection c, Database db, String fleet, boolean lock) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT token, expires_at > now(), holder, expires_at FROM "
        + db.table("fleet_lease") + " WHERE fleet = ?" + (lock ? " FOR SHARE" : ""))) {
      p.setString(1, fleet);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new Row(r.getLong(1), r.getBoolean(2), r.getString(3), r.getObject(4, OffsetDateTime.class).toInstant());
      }
    }
  }

  private static String lostBecause(Row row, FleetLease lease) {
    if (lease instanceof Lease l && l.released) {
      return "was released";
    }
    if (row == null) {
      return "is not in the lease table";
    }
    if (row.token != lease.fencingToken()) {
      return "was taken over by " + row.holder + " (fencing token " + row.token + ")";
    }
    if (!row.live) {
      return "expired at " + row.expiresAt + " without renewal";
    }
    return null;
  }

  /**
   * The lease as this store's, or a clear refusal.
   *
   * @param lease a lease handed to the store
   * @return it
   */
  static FleetLease ours(FleetLease lease) {
    Objects.requireNonNull(lease, "lease");
    if (!(lease instanceof Lease)) {
      throw new IllegalArgumentException("the lease " + lease + " was not taken from this PostgreSQL store, so its fencing"
          + " token means nothing here: give the engine the store's leases too, with PostgresFleetStore.configure("
          + "Immut.builder()) or Immut.builder().fleetLeases(store.leases())");
    }
    return lease;
  }

  /** One acquisition. */
  private final class Lease implements FleetLease {
    private final FleetKey key;
    private final Duration ttl;
    private final long token;
    private volatile long deadlineNanos;
    private volatile Instant expiresAt;
    private volatile boolean released;

    Lease(FleetKey key, Duration ttl, long token, long sentNanos, Instant sentAt, Duration remaining) {
      this.key = key;
      this.ttl = ttl;
      this.token = token;
      set(sentNanos, sentAt, remaining);
    }

    private void set(long sentNanos, Instant sentAt, Duration remaining) {
      this.deadlineNanos = sentNanos + remaining.toNanos();
      this.expiresAt = sentAt.plus(remaining);
    }

    @Override
    public FleetKey key() {
      return key;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    @Override
    public Instant expiresAt() {
      return expiresAt;
    }

    private boolean locallyHeld() {
      return !released && System.nanoTime() - deadlineNanos < 0;
    }

    @Override
    public boolean isHeld() {
      if (!locallyHeld()) {
        return false;
      }
      try {
        return lostBecause(read(), this) == null;
      } catch (ImmutException e) {
        LOG.warn("cannot confirm the lease of fleet {} (fencing token {}): {}", key, token, e.getMessage());
        return false;
      }
    }

    @Override
    public void check() {
      if (released) {
        throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token + ") was released;"
            + " this rollout changes nothing more");
      }
      if (!locallyHeld()) {
        throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token + ") expired at "
            + expiresAt + " without renewal (was this process paused?); another rollout may hold the fleet now,"
            + " so this one changes nothing more");
      }
      String lost = lostBecause(read(), this);
      if (lost != null) {
        throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token + ") " + lost
            + "; this rollout changes nothing more");
      }
    }

    private Row read() {
      return db.readOne("read the lease of fleet " + key, c -> row(c, db, key.fleet(), false));
    }

    @Override
    public void renew() {
      if (released) {
        throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token + ") cannot be renewed:"
            + " it was released");
      }
      long sentNanos = System.nanoTime();
      Instant sentAt = clock.now();
      Duration remaining = db.inTransaction("renew the lease of fleet " + key, true, c -> {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + db.table("fleet_lease")
            + " SET expires_at = now() + ? * interval '1 millisecond' WHERE fleet = ? AND token = ?"
            + " RETURNING expires_at, now()")) {
          p.setLong(1, ttl.toMillis());
          p.setString(2, key.fleet());
          p.setLong(3, token);
          try (ResultSet r = p.executeQuery()) {
            if (r.next()) {
              return remaining(r.getObject(1, OffsetDateTime.class), r.getObject(2, OffsetDateTime.class));
            }
          }
        }
        Row row = row(c, db, key.fleet(), false);
        throw new LeaseLostException("the lease of fleet " + key + " (fencing token " + token + ") cannot be renewed: it "
            + (row == null ? "is not in the lease table" : "was taken over by " + row.holder + " (fencing token "
            + row.token + ")") + "; this rollout changes nothing more");
      });
      set(sentNanos, sentAt, remaining);
    }

    @Override
    public void release() {
      if (released) {
        return;
      }
      released = true;
      try {
        db.inTransaction("release the lease of fleet " + key, true, c -> {
          try (PreparedStatement p = c.prepareStatement("UPDATE " + db.table("fleet_lease")
              + " SET expires_at = now() WHERE fleet = ? AND token = ? AND expires_at > now()")) {
            p.setString(1, key.fleet());
            p.setLong(2, token);
            return p.executeUpdate();
          }
        });
      } catch (ImmutException e) {
        LOG.warn("could not release the lease of fleet {} (fencing token {}); it ends at its expiry, {}: {}", key, token,
            expiresAt, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "FleetLease[" + key + ", token " + token + ", PostgreSQL]";
    }
  }
}
