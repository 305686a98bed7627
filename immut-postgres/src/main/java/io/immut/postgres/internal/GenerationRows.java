package io.immut.postgres.internal;

import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.ImmutException;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.spec.SpecCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows of the table {@code generation} as {@link GenerationRecord}s, and the fleet spec's text. */
final class GenerationRows {
  private static final String COLUMNS = "number, generation_id, status, spec, created_at, updated_at, reason, kept_until";

  private final Database db;

  GenerationRows(Database db) {
    this.db = db;
  }

  String specText(FleetSpec spec) {
    return SpecCodec.writeJson(spec);
  }

  /** The fleet's generations in ascending order; a row that cannot be read fails the call, naming it. */
  List<GenerationRecord> list(Connection c, String fleet, boolean lock) throws SQLException {
    List<GenerationRecord> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + db.table("generation")
        + " WHERE fleet = ? ORDER BY number" + (lock ? " FOR UPDATE" : ""))) {
      p.setString(1, fleet);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(record(fleet, r));
        }
      }
    }
    return out;
  }

  /** One generation by a condition on its row ({@code number = ?}, {@code generation_id = ?}, ...) and its values. */
  Optional<GenerationRecord> one(Connection c, String fleet, String condition, Object... values) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + db.table("generation")
        + " WHERE fleet = ? AND " + condition)) {
      p.setString(1, fleet);
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 2, values[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(record(fleet, r)) : Optional.empty();
      }
    }
  }

  /** Every row of the fleet that cannot be read, each with its reason. */
  List<String> problems(Connection c, String fleet) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + db.table("generation")
        + " WHERE fleet = ? ORDER BY number")) {
      p.setString(1, fleet);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          try {
            record(fleet, r);
          } catch (ImmutException e) {
            problems.add(e.getMessage());
          }
        }
      }
    }
    return problems;
  }

  private GenerationRecord record(String fleet, ResultSet r) throws SQLException {
    int number = r.getInt(1);
    String id = r.getString(2);
    String where = "generation " + number + " of fleet '" + fleet + "' (table " + db.table("generation") + ")";
    FleetSpec spec;
    try {
      spec = SpecCodec.parseJson(r.getString(4));
    } catch (RuntimeException e) {
      throw new ImmutException(where + " holds a spec that cannot be read: " + e.getMessage());
    }
    try {
      return new GenerationRecord(new Generation(fleet, number, id), spec, GenerationStatus.valueOf(r.getString(3)),
          instant(r, 5), instant(r, 6), r.getString(7), r.getObject(8) == null ? null : instant(r, 8));
    } catch (IllegalArgumentException e) {
      throw new ImmutException(where + " is inconsistent: " + e.getMessage());
    }
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    return r.getObject(column, OffsetDateTime.class).toInstant();
  }
}
