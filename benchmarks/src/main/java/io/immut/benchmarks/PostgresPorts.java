package io.immut.benchmarks;

import io.immut.core.Immut;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.immut.postgres.PostgresFleetStore;
import io.immut.testpostgres.ThrowawayPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The PostgreSQL ports: one {@link PostgresFleetStore} per controller (as one per process), named
 * by the controller, on one database, each on a pool of its own that the benchmark can cut off the
 * database to kill the controller. The database is {@code --jdbc-url} (user and password from
 * {@code IMMUT_DB_USER} and {@code IMMUT_DB_PASSWORD}) or a {@link ThrowawayPostgres} cluster.
 */
final class PostgresPorts implements ControllerPorts {
  private final ThrowawayPostgres cluster;
  private final String url;
  private final String user;
  private final String password;
  private final int poolSize;
  private final Map<String, PostgresFleetStore> stores = new ConcurrentHashMap<>();
  private final Map<String, CuttablePool> pools = new ConcurrentHashMap<>();
  private final Connection stats;
  private final boolean statements;

  private PostgresPorts(ThrowawayPostgres cluster, String url, String user, String password, int poolSize) throws SQLException {
    this.cluster = cluster;
    this.url = url;
    this.user = user;
    this.password = password;
    this.poolSize = poolSize;
    this.stats = DriverManager.getConnection(url, user, password);
    boolean has;
    try (Statement s = stats.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.executeQuery("SELECT pg_stat_statements_reset()").close();
      has = true;
    } catch (SQLException e) {
      has = false; // not preloaded: the transactions and rows of pg_stat_database only
    }
    this.statements = has;
  }

  static PostgresPorts open(String jdbcUrl, int poolSize) throws Exception {
    if (jdbcUrl != null) {
      return new PostgresPorts(null, jdbcUrl, System.getenv("IMMUT_DB_USER"), System.getenv("IMMUT_DB_PASSWORD"), poolSize);
    }
    ThrowawayPostgres cluster = ThrowawayPostgres.startForMeasurement(ThrowawayPostgres.binaries().orElseThrow(
        () -> new IllegalStateException(ThrowawayPostgres.missingMessage() + ", or pass --jdbc-url of a database (user"
            + " and password in IMMUT_DB_USER, IMMUT_DB_PASSWORD)")));
    try {
      return new PostgresPorts(cluster, cluster.url("postgres"), ThrowawayPostgres.USER, ThrowawayPostgres.PASSWORD, poolSize);
    } catch (SQLException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public Immut.Builder configure(Immut.Builder builder, String controller) {
    CuttablePool pool = pools.computeIfAbsent(controller, c -> {
      HikariConfig h = new HikariConfig();
      h.setPoolName("bench-" + c);
      h.setJdbcUrl(url);
      h.setUsername(user);
      h.setPassword(password);
      h.setMaximumPoolSize(poolSize);
      h.setConnectionTimeout(10_000);
      return new CuttablePool(new HikariDataSource(h));
    });
    PostgresFleetStore store = stores.computeIfAbsent(controller, c -> PostgresFleetStore.builder()
        .dataSource(pool, "immut").holder(c).build());
    return store.configure(builder);
  }

  @Override
  public String describe() {
    return "PostgreSQL (immut-postgres, one store of pool " + poolSize + " per controller" + (cluster != null
        ? ", a throwaway cluster on loopback" : "") + ")";
  }

  @Override
  public boolean killLeases(String controller) {
    CuttablePool p = pools.get(controller);
    if (p == null) {
      return false;
    }
    p.cut = true;
    return true;
  }

  @Override
  public Optional<DatabaseCounters> counters() {
    try (Statement s = stats.createStatement()) {
      long calls = -1;
      if (statements) {
        try (ResultSet r = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
            + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%'")) {
          r.next();
          calls = r.getLong(1);
        }
      }
      // pg_stat_database is flushed by the backends about once a second; a snapshot read here may
      // lag by that much, which a window of a minute averages out
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet r = s.executeQuery("SELECT xact_commit + xact_rollback, tup_returned + tup_fetched,"
          + " tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()")) {
        r.next();
        return Optional.of(new DatabaseCounters(calls, r.getLong(1), r.getLong(2), r.getLong(3), System.nanoTime()));
      }
    } catch (SQLException e) {
      System.err.println("cannot read the database's statistics: " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    stores.values().forEach(PostgresFleetStore::close);
    pools.values().forEach(p -> p.pool.close());
    try {
      stats.close();
    } catch (SQLException e) {
      // the cluster goes below
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * A controller's pool, which can be cut off the database: from then on no connection is handed
   * out, as to a process that died (its leases are neither renewed nor released and expire on the
   * database's clock; the store's calls retry, then fail, on the dead controller's threads only).
   */
  private static final class CuttablePool implements DataSource {
    private final HikariDataSource pool;
    volatile boolean cut;

    CuttablePool(HikariDataSource pool) {
      this.pool = pool;
    }

    private void refuseIfCut() throws SQLException {
      if (cut) {
        throw new SQLTransientConnectionException("the controller was killed (benchmark): no connection", "08001");
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      refuseIfCut();
      return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      refuseIfCut();
      return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return pool.isWrapperFor(type);
    }
  }
}
