package io.immut.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.immut.api.Redaction;
import io.immut.core.Immut;
import io.immut.core.clock.Clock;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.FleetLeases;
import io.immut.core.port.GenerationLifecycle;
import io.immut.postgres.internal.Database;
import io.immut.postgres.internal.PgFleetCommands;
import io.immut.postgres.internal.PgFleetLeases;
import io.immut.postgres.internal.PgGenerationLifecycle;
import io.immut.postgres.internal.SchemaMigrator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The engine's shared ports in one PostgreSQL database: fleet leases with fencing tokens, fleet
 * commands any process may send, and the generation lifecycle and history, every history write
 * conditional on the writer's fencing token. Building the store connects, and creates or migrates
 * its schema; it fails at once, with a {@link PostgresStoreException}, when the database cannot be
 * reached or holds a schema newer than this code.
 *
 * <pre>{@code
 * try (PostgresFleetStore store = PostgresFleetStore.builder()
 *         .config(PostgresConfig.builder().jdbcUrl("jdbc:postgresql://db:5432/immut")
 *             .user("immut").password(System.getenv("IMMUT_DB_PASSWORD")).build())
 *         .build();
 *      Immut immut = store.configure(Immut.builder()).driver("aws", config).build()) {
 *   immut.apply(spec);
 * }
 * }</pre>
 *
 * <p>Thread-safe; one store per process serves every engine and fleet in it. Closing the store
 * closes the pool it opened (not a data source handed in).
 *
 * @since 0.2
 */
public final class PostgresFleetStore implements AutoCloseable {
  private final HikariDataSource ownPool;
  private final Database db;
  private final PgFleetLeases leases;
  private final PgFleetCommands commands;
  private final PgGenerationLifecycle lifecycle;
  private final String holder;
  private final int schemaVersionFound;

  private PostgresFleetStore(Builder b, HikariDataSource ownPool, Database db) {
    this.ownPool = ownPool;
    this.db = db;
    this.holder = b.holder != null ? b.holder : defaultHolder();
    this.leases = new PgFleetLeases(db, b.clock, holder);
    this.commands = new PgFleetCommands(db, leases, holder);
    this.lifecycle = new PgGenerationLifecycle(db);
    this.schemaVersionFound = new SchemaMigrator(db).migrate();
  }

  /**
   * Starts a builder.
   *
   * @return a builder; a configuration or a data source is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The fleet leases, for {@code Immut.builder().fleetLeases(...)}.
   *
   * @return the leases
   */
  public FleetLeases leases() {
    return leases;
  }

  /**
   * The fleet commands, for {@code Immut.builder().fleetCommands(...)}.
   *
   * @return the commands
   */
  public FleetCommands commands() {
    return commands;
  }

  /**
   * The generation lifecycle and history, for {@code Immut.builder().generationLifecycle(...)}.
   *
   * @return the lifecycle
   */
  public GenerationLifecycle lifecycle() {
    return lifecycle;
  }

  /**
   * Hands the store's three ports to an engine's builder.
   *
   * @param builder the builder
   * @return the same builder, with {@code fleetLeases}, {@code fleetCommands} and
   *     {@code generationLifecycle} set
   */
  public Immut.Builder configure(Immut.Builder builder) {
    return Objects.requireNonNull(builder, "builder").fleetLeases(leases).fleetCommands(commands)
        .generationLifecycle(lifecycle);
  }

  /**
   * The commands sent to a fleet and what became of them, oldest first.
   *
   * @param fleet the fleet's name
   * @param limit at most this many, the most recent
   * @return the records
   */
  public List<FleetCommandRecord> commandLog(String fleet, int limit) {
    Objects.requireNonNull(fleet, "fleet");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return commands.log(fleet, limit).stream().map(r -> new FleetCommandRecord(r.command(), r.sentAt(), r.sentBy(),
        r.doneAt(), r.doneToken(), r.outcome())).toList();
  }

  /**
   * The schema version this code reads and writes; the database's schema is at this version once
   * the store is built.
   *
   * @return the version
   */
  public static int schemaVersion() {
    return SchemaMigrator.CODE_VERSION;
  }

  /**
   * The schema version found when the store was built, before migrating.
   *
   * @return the version, 0 for a database without the store's schema
   */
  public int schemaVersionFound() {
    return schemaVersionFound;
  }

  /**
   * Who this process is in the lease and command tables.
   *
   * @return the holder's name
   */
  public String holder() {
    return holder;
  }

  /** Closes the connection pool the store opened; a data source handed in is left open. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresFleetStore[" + db.where() + ", schema " + db.schema() + ", holder " + holder + "]";
  }

  private static String defaultHolder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return ProcessHandle.current().pid() + "@" + host;
  }

  /** A builder of {@link PostgresFleetStore}. */
  public static final class Builder {
    private PostgresConfig config;
    private DataSource dataSource;
    private String schema = PostgresConfig.DEFAULT_SCHEMA;
    private Duration retryWindow = Duration.ofSeconds(30);
    private Clock clock = Clock.system();
    private String holder;

    private Builder() {}

    /**
     * Connects with a configuration, through a pool the store opens and closes.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(PostgresConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Connects through a ready data source (a pool of the application's); the store does not
     * close it.
     *
     * @param dataSource the data source
     * @param schema the schema of the store's tables (see {@link PostgresConfig.Builder#schema})
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource, String schema) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Sets the engine's clock, in which leases tell their expiry (default: the system clock; the
     * database's clock decides expiry itself).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the name this process has in the lease and command tables (default {@code pid@host}).
     *
     * @param holder a name operators recognise
     * @return this builder
     */
    public Builder holder(String holder) {
      if (holder == null || holder.isBlank()) {
        throw new IllegalArgumentException("holder must not be blank");
      }
      this.holder = holder;
      return this;
    }

    /**
     * Connects, creates or migrates the schema, and builds the store.
     *
     * @return the store
     * @throws IllegalStateException when neither or both of a configuration and a data source were set
     * @throws PostgresStoreException when the database cannot be reached or its schema is newer than this code
     */
    public PostgresFleetStore build() {
      if ((config == null) == (dataSource == null)) {
        throw new IllegalStateException(config == null
            ? "no database: call config(PostgresConfig.builder().jdbcUrl(...)...build()) or dataSource(dataSource, schema)"
            : "config(...) cannot be combined with dataSource(...): the store either opens its own pool or uses yours");
      }
      if (dataSource != null) {
        PostgresConfig.schemaProblem(schema).ifPresent(problem -> {
          throw new IllegalArgumentException(problem);
        });
        return new PostgresFleetStore(this, null, new Database(dataSource, schema, "the given data source", retryWindow,
            PostgresStoreException::new));
      }
      HikariDataSource pool = open(config);
      try {
        return new PostgresFleetStore(this, pool, new Database(pool, config.schema(), config.jdbcUrlShown(),
            config.retryWindow(), PostgresStoreException::new));
      } catch (RuntimeException | Error e) {
        pool.close();
        throw e;
      }
    }

    private static HikariDataSource open(PostgresConfig config) {
      HikariConfig h = new HikariConfig();
      h.setPoolName("immut-postgres");
      h.setJdbcUrl(config.jdbcUrl());
      config.user().ifPresent(h::setUsername);
      config.password().ifPresent(h::setPassword);
      h.setMaximumPoolSize(config.poolSize());
      h.setMinimumIdle(Math.min(1, config.poolSize()));
      h.setConnectionTimeout(config.connectTimeout().toMillis());
      // the pool starts without a connection; the schema check that follows reports an unreachable database
      h.setInitializationFailTimeout(-1);
      long seconds = Math.max(1, config.connectTimeout().toSeconds());
      h.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      h.addDataSourceProperty("loginTimeout", Long.toString(seconds));
      // no statement of the store runs long: a stalled socket is a lost server, not a slow query
      h.addDataSourceProperty("socketTimeout", Long.toString(Math.max(30, seconds * 3)));
      h.addDataSourceProperty("tcpKeepAlive", "true");
      h.addDataSourceProperty("ApplicationName", "immut");
      try {
        return new HikariDataSource(h);
      } catch (RuntimeException e) {
        throw new PostgresStoreException("cannot open a connection pool to PostgreSQL at " + config.jdbcUrlShown() + ": "
            + Redaction.scrub(e.getMessage()) + "; check the URL and that the PostgreSQL JDBC driver is on the class path",
            e);
      }
    }
  }
}
