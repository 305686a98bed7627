package io.immut.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the store's schema. Each migration is a numbered SQL script
 * ({@code migrations/V<n>__<what>.sql}); the table {@code schema_version} lists those applied.
 * Migrating runs in one transaction (PostgreSQL's DDL is transactional) under a transaction-scoped
 * advisory lock, so that engines starting at once migrate once and a failed migration leaves the
 * schema as it was. A schema newer than this code is refused, before anything is read or written.
 */
public final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  /** The migrations this code knows, in order; the last one's number is the code's schema version. */
  static final List<String> MIGRATIONS = List.of("V1__fleet_store.sql", "V2__keep_previous_window.sql");

  /** The schema version this code reads and writes. */
  public static final int CODE_VERSION = MIGRATIONS.size();

  private final Database db;

  /**
   * Creates the migrator.
   *
   * @param db the database
   */
  public SchemaMigrator(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Brings the schema to {@link #CODE_VERSION}.
   *
   * @return the version found before migrating (0 for a new schema)
   * @throws io.immut.api.ImmutException the store's exception when the database cannot be reached, the schema is newer than
   *     the code, or a migration fails
   */
  public int migrate() {
    int found = db.withoutRetries().inTransaction("read the schema version of " + db.schema(), true, this::version);
    check(found);
    if (found == CODE_VERSION) {
      return found;
    }
    return db.inTransaction("migrate schema " + db.schema() + " to version " + CODE_VERSION, false, c -> {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
        lock.setString(1, "immut.schema:" + db.schema());
        lock.execute();
      }
      int before = version(c);
      check(before);
      try (Statement s = c.createStatement()) {
        // only when missing: CREATE SCHEMA needs the CREATE right on the database even with IF NOT EXISTS,
        // and a schema an administrator made for the store's role is enough
        if (!schemaExists(c)) {
          s.execute("CREATE SCHEMA " + db.schema());
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + db.table("schema_version") + " (version integer PRIMARY KEY,"
            + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        for (int v = before + 1; v <= CODE_VERSION; v++) {
          String script = MIGRATIONS.get(v - 1);
          for (String statement : statements(script)) {
            s.execute(statement);
          }
          try (PreparedStatement done = c.prepareStatement("INSERT INTO " + db.table("schema_version")
              + " (version, script) VALUES (?, ?)")) {
            done.setInt(1, v);
            done.setString(2, script);
            done.executeUpdate();
          }
          LOG.info("PostgreSQL fleet store at {}: schema {} migrated to version {} ({})", db.where(), db.schema(), v, script);
        }
      }
      return before;
    });
  }

  /**
   * The schema's version.
   *
   * @param c a connection
   * @return the highest version applied, or 0 when the schema has no store yet
   * @throws SQLException on a database failure
   */
  int version(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      p.setString(1, db.table("schema_version"));
      try (ResultSet r = p.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + db.table("schema_version"))) {
      r.next();
      return r.getInt(1);
    }
  }

  private boolean schemaExists(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      p.setString(1, db.schema());
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private void check(int found) {
    if (found > CODE_VERSION) {
      throw db.problem("the fleet store's schema " + db.schema() + " in PostgreSQL at " + db.where()
          + " is at version " + found + ", newer than this version of immut understands (up to " + CODE_VERSION
          + "): a newer immut migrated it. Upgrade immut-postgres on this host to the version the other hosts run;"
          + " never point an older immut at a newer schema");
    }
  }

  private List<String> statements(String script) {
    String text;
    try (InputStream in = SchemaMigrator.class.getResourceAsStream("migrations/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the immut-postgres jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + script + " from the immut-postgres jar", e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line.replace("${schema}", db.schema())).append('\n');
      if (t.endsWith(";")) {
        String st = current.toString().strip();
        out.add(st.substring(0, st.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration " + script + " ends without a semicolon");
    }
    return out;
  }
}
