package io.immut.postgres.internal;

import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fleet commands in the table {@code fleet_command}: a row per command sent, open until the lease
 * holder clears it (carrying its fencing token, checked in the same transaction) or, for a pause,
 * until a resume lifts it. Sending a command that already waits adds nothing, so a send may be
 * repeated safely.
 */
public final class PgFleetCommands implements FleetCommands {
  private final Database db;
  private final String sender;
  private final PgFleetLeases leases;

  /**
   * Creates the commands.
   *
   * @param db the database
   * @param leases the leases, for the check that a fleet's name belongs to the sender's cloud
   * @param sender who this process is ({@code pid@host})
   */
  public PgFleetCommands(Database db, PgFleetLeases leases, String sender) {
    this.db = Objects.requireNonNull(db, "db");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  @Override
  public void send(FleetKey key, FleetCommand command) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(command, "command");
    db.inTransaction("send " + command + " to fleet " + key, true, c -> {
      checkOwner(c, key);
      if (command == FleetCommand.RESUME) {
        int lifted;
        try (PreparedStatement p = c.prepareStatement("UPDATE " + db.table("fleet_command") + " SET done_at = now(),"
            + " outcome = 'lifted by a resume from ' || ? WHERE fleet = ? AND command = 'PAUSE' AND done_at IS NULL")) {
          p.setString(1, sender);
          p.setString(2, key.fleet());
          lifted = p.executeUpdate();
        }
        insert(c, key, command, true, lifted == 0 ? "nothing to resume: the fleet was not paused" : "lifted the pause");
        return null;
      }
      insert(c, key, command, false, null);
      return null;
    });
  }

  private void insert(Connection c, FleetKey key, FleetCommand command, boolean done, String outcome) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + db.table("fleet_command")
        + " (fleet, scope_id, owner, command, sent_by, done_at, outcome)"
        + " SELECT ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, ?"
        + " WHERE ? OR NOT EXISTS (SELECT 1 FROM " + db.table("fleet_command")
        + " WHERE fleet = ? AND command = ? AND done_at IS NULL)")) {
      p.setString(1, key.fleet());
      p.setString(2, key.scope().id());
      p.setString(3, key.owner());
      p.setString(4, command.name());
      p.setString(5, sender);
      p.setBoolean(6, done);
      p.setString(7, outcome);
      p.setBoolean(8, done);
      p.setString(9, key.fleet());
      p.setString(10, command.name());
      p.executeUpdate();
    }
  }

  private void checkOwner(Connection c, FleetKey key) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT scope_id, owner FROM " + db.table("fleet_lease")
        + " WHERE fleet = ?")) {
      p.setString(1, key.fleet());
      try (ResultSet r = p.executeQuery()) {
        if (r.next() && (!r.getString(1).equals(key.scope().id()) || !r.getString(2).equals(key.owner()))) {
          throw leases.mismatch(key, r.getString(1), r.getString(2));
        }
      }
    }
  }

  @Override
  public Set<FleetCommand> pending(FleetKey key) {
    Objects.requireNonNull(key, "key");
    return db.readOne("read the commands of fleet " + key, c -> {
      Set<FleetCommand> found = EnumSet.noneOf(FleetCommand.class);
      try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT command FROM " + db.table("fleet_command")
          + " WHERE fleet = ? AND done_at IS NULL")) {
        p.setString(1, key.fleet());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            found.add(FleetCommand.valueOf(r.getString(1)));
          }
        }
      }
      return Set.copyOf(found);
    });
  }

  @Override
  public void clear(FleetLease lease, FleetCommand command) {
    PgFleetLeases.ours(lease);
    Objects.requireNonNull(command, "command");
    FleetCommand stored = command == FleetCommand.RESUME ? FleetCommand.PAUSE : command;
    String what = "clear " + command + " of fleet " + lease.key();
    // the engine clears an abort and a promote at the start of every run, reconciles included:
    // one read when the lease holds and there is none to clear, instead of a fenced transaction (a
    // command sent after this read is as one sent after the clear); otherwise the fenced
    // transaction, which also refuses a lease that was lost
    boolean fenced = db.readOne("read the commands of fleet " + lease.key(), c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT l.token = ? AND l.expires_at > now(), EXISTS (SELECT 1 FROM "
          + db.table("fleet_command") + " WHERE fleet = l.fleet AND command = ? AND done_at IS NULL) FROM "
          + db.table("fleet_lease") + " l WHERE l.fleet = ?")) {
        p.setLong(1, lease.fencingToken());
        p.setString(2, stored.name());
        p.setString(3, lease.key().fleet());
        try (ResultSet r = p.executeQuery()) {
          return !r.next() || !r.getBoolean(1) || r.getBoolean(2);
        }
      }
    });
    if (!fenced) {
      return;
    }
    db.inTransaction(what, true, c -> {
      PgFleetLeases.fence(c, db, lease, what);
      try (PreparedStatement p = c.prepareStatement("UPDATE " + db.table("fleet_command") + " SET done_at = now(),"
          + " done_token = ?, outcome = ? WHERE fleet = ? AND command = ? AND done_at IS NULL")) {
        p.setLong(1, lease.fencingToken());
        p.setString(2, "cleared by the lease holder " + sender + " (fencing token " + lease.fencingToken() + ")");
        p.setString(3, lease.key().fleet());
        p.setString(4, stored.name());
        return p.executeUpdate();
      }
    });
  }

  /**
   * One row of the command table.
   *
   * @param command the command
   * @param sentAt when it was sent
   * @param sentBy who sent it
   * @param doneAt when it was done, or null
   * @param doneToken the fencing token that cleared it, or null
   * @param outcome what became of it, or null
   */
  public record CommandRow(FleetCommand command, java.time.Instant sentAt, String sentBy, java.time.Instant doneAt,
                           Long doneToken, String outcome) {}

  /**
   * Every command sent to a fleet, oldest first.
   *
   * @param fleet the fleet's name
   * @param limit the most recent this many
   * @return the records
   */
  public List<CommandRow> log(String fleet, int limit) {
    return db.inTransaction("read the command log of fleet '" + fleet + "'", true, c -> {
      List<CommandRow> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT command, sent_at, sent_by, done_at, done_token, outcome"
          + " FROM (SELECT * FROM " + db.table("fleet_command") + " WHERE fleet = ? ORDER BY id DESC LIMIT ?) t"
          + " ORDER BY id")) {
        p.setString(1, fleet);
        p.setInt(2, limit);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            OffsetDateTime done = r.getObject(4, OffsetDateTime.class);
            long token = r.getLong(5);
            Long doneToken = r.wasNull() ? null : token;
            out.add(new CommandRow(FleetCommand.valueOf(r.getString(1)),
                r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), done == null ? null : done.toInstant(),
                doneToken, r.getString(6)));
          }
        }
      }
      return out;
    });
  }
}
