package io.immut.postgres.internal;

import io.immut.api.ImmutException;
import io.immut.api.Redaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one way to the database: a transaction per call, on a pooled connection, with the
 * schema's tables named in full. A call that cannot reach the database is retried within the
 * retry window when that is safe: always when no connection could be had (nothing was sent), and
 * after a statement was sent only for work that may be repeated. Every failure leaves as a
 * store's exception (made by the {@link Failures} the facade gives) that names the database
 * without credentials.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs the work.
     *
     * @param c the connection, auto-commit off
     * @return the result
     * @throws SQLException on a database failure
     */
    T run(Connection c) throws SQLException;
  }

  /** Makes the store's public exception: the implementation names no type of the API package. */
  @FunctionalInterface
  public interface Failures {
    /**
     * Makes the exception.
     *
     * @param message what happened, where, and the fix
     * @param cause the failure, or null
     * @return the exception
     */
    ImmutException of(String message, Throwable cause);
  }

  private final DataSource dataSource;
  private final Failures failures;
  private final String schema;
  private final String where;
  private final Duration retryWindow;

  /**
   * Creates the access.
   *
   * @param dataSource the pool
   * @param schema the schema's name, an identifier already checked
   * @param where the database as shown in messages, without credentials
   * @param retryWindow how long unreachable calls are retried
   * @param failures makes the store's exception
   */
  public Database(DataSource dataSource, String schema, String where, Duration retryWindow, Failures failures) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.where = Redaction.scrub(Objects.requireNonNull(where, "where"));
    this.retryWindow = Objects.requireNonNull(retryWindow, "retryWindow");
  }

  /**
   * The same access without retries: for the checks at start, which report an unreachable
   * database at once.
   *
   * @return the access
   */
  public Database withoutRetries() {
    return new Database(dataSource, schema, where, Duration.ZERO, failures);
  }

  /**
   * The schema.
   *
   * @return its name
   */
  public String schema() {
    return schema;
  }

  /**
   * The database as shown in messages.
   *
   * @return the URL without credentials, or a description of the data source
   */
  public String where() {
    return where;
  }

  /**
   * The store's exception for a problem found without a failed statement.
   *
   * @param message what, where, and the fix
   * @return the exception
   */
  public ImmutException problem(String message) {
    return failures.of(message, null);
  }

  /**
   * A table's name qualified by the schema.
   *
   * @param table the table
   * @return {@code schema.table}
   */
  public String table(String table) {
    return schema + "." + table;
  }

  /**
   * Runs work in one transaction and commits it.
   *
   * @param what what the work does, for messages ("mark web-v003 live")
   * @param repeatable whether the work may run again after a connection was lost mid-way
   * @param work the work
   * @param <T> the result's type
   * @return the result
   * @throws ImmutException the store's exception when the database cannot be used
   */
  public <T> T inTransaction(String what, boolean repeatable, Work<T> work) {
    return run(what, repeatable, false, work);
  }

  /**
   * Runs a read of one statement, which is a transaction of its own (no {@code BEGIN} nor
   * {@code COMMIT} sent: a third of the round trips of a read in {@link #inTransaction}). Repeated
   * after a connection was lost, like a repeatable transaction.
   *
   * @param what what the read does, for messages
   * @param work the work: one statement
   * @param <T> the result's type
   * @return the result
   * @throws ImmutException the store's exception when the database cannot be used
   */
  public <T> T readOne(String what, Work<T> work) {
    return run(what, true, true, work);
  }

  private <T> T run(String what, boolean repeatable, boolean autoCommit, Work<T> work) {
    long deadline = System.nanoTime() + retryWindow.toNanos();
    long pause = 100;
    while (true) {
      boolean sent = false;
      try (Connection c = dataSource.getConnection()) {
        sent = true;
        if (autoCommit) {
          c.setAutoCommit(true);
          return work.run(c);
        }
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException | Error e) {
          rollbackQuietly(c);
          throw e;
        }
      } catch (SQLException e) {
        boolean retry = isUnreachable(e) && (!sent || repeatable || isSerializationFailure(e))
            || isSerializationFailure(e);
        if (!retry || System.nanoTime() - deadline > 0) {
          throw failure(what, e);
        }
        LOG.warn("PostgreSQL at {} cannot be used to {} ({}); retrying in {} ms", where, what, describe(e), pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw failures.of("interrupted while waiting for PostgreSQL at " + where + " to " + what, ie);
        }
        pause = Math.min(pause * 2, 2000);
      }
    }
  }

  /**
   * The exception for a failed call: what, where, why and what to do.
   *
   * @param what what the call did
   * @param e the failure
   * @return the exception
   */
  public ImmutException failure(String what, SQLException e) {
    SQLException root = root(e);
    String state = root.getSQLState() == null ? "" : root.getSQLState();
    String fix;
    if (state.equals("28P01") || state.equals("28000")) {
      fix = "check the user and password of the PostgresConfig";
    } else if (isUnreachable(e)) {
      fix = "check that the server runs and accepts connections at that address (host, port, pg_hba.conf, firewall),"
          + " then try again";
    } else if (state.equals("3D000")) {
      fix = "create the database first (createdb), or correct the URL";
    } else if (state.startsWith("42")) {
      fix = "grant the user the rights docs/postgres.md lists on schema " + schema;
    } else {
      fix = "see the cause; the store wrote nothing of this call";
    }
    return failures.of("cannot " + what + " in PostgreSQL at " + where + ": " + describe(e) + (root == e ? "" : ": " + describe(root)) + "; " + fix, e);
  }

  /** The innermost SQL exception with a state: the server's own answer behind a pool's timeout. */
  static SQLException root(SQLException e) {
    SQLException found = e;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        found = s;
      }
    }
    return found;
  }

  static String describe(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return Redaction.scrub(m.strip()) + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")");
  }

  /** No connection, or a connection lost: class 08, server shutting down or starting (57P01-57P03), a pool timeout. */
  static boolean isUnreachable(SQLException e) {
    String rootState = root(e).getSQLState();
    if (rootState != null && (rootState.startsWith("28") || rootState.equals("3D000"))) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String st = s.getSQLState();
        if (st.startsWith("08") || st.equals("57P01") || st.equals("57P02") || st.equals("57P03")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A serialization failure or a deadlock: the transaction was rolled back whole and may run again. */
  static boolean isSerializationFailure(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the server rolled the transaction back
    }
  }
}
