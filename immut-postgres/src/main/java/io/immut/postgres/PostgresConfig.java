package io.immut.postgres;

import io.immut.api.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the fleet store's PostgreSQL database is and how to reach it: a JDBC URL, a user, a
 * password, the pool's size, the schema the store's tables live in, and how long to wait for the
 * database. An immutable value; its {@link #toString()} never shows the password nor credentials
 * written into the URL ({@link Redaction}).
 *
 * <pre>{@code
 * PostgresConfig config = PostgresConfig.builder()
 *     .jdbcUrl("jdbc:postgresql://db.internal:5432/immut")
 *     .user("immut")
 *     .password(System.getenv("IMMUT_DB_PASSWORD"))
 *     .poolSize(4)
 *     .build();
 * }</pre>
 *
 * @since 0.2
 */
public final class PostgresConfig {
  /** The schema the store's tables live in unless {@link Builder#schema} sets another. */
  public static final String DEFAULT_SCHEMA = "immut";

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final int poolSize;
  private final String schema;
  private final Duration connectTimeout;
  private final Duration retryWindow;

  private PostgresConfig(Builder b) {
    this.jdbcUrl = b.jdbcUrl;
    this.user = b.user;
    this.password = b.password;
    this.poolSize = b.poolSize;
    this.schema = b.schema;
    this.connectTimeout = b.connectTimeout;
    this.retryWindow = b.retryWindow;
  }

  /**
   * Starts a builder.
   *
   * @return a builder; the JDBC URL is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this configuration.
   *
   * @return a builder with every field of this configuration
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.jdbcUrl = jdbcUrl;
    b.user = user;
    b.password = password;
    b.poolSize = poolSize;
    b.schema = schema;
    b.connectTimeout = connectTimeout;
    b.retryWindow = retryWindow;
    return b;
  }

  /**
   * The JDBC URL, as given (it may hold credentials: show {@link #jdbcUrlShown()} instead).
   *
   * @return the URL, {@code jdbc:postgresql://host:port/database}
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * The JDBC URL with any credentials in it masked: for messages and logs.
   *
   * @return the URL without secrets
   */
  public String jdbcUrlShown() {
    return Redaction.scrub(jdbcUrl);
  }

  /**
   * The database user.
   *
   * @return the user, or empty to let the URL or the driver's defaults decide
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * The password. Never shown by this value's {@code toString}.
   *
   * @return the password, or empty
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * The largest number of connections the pool opens.
   *
   * @return the size, from 1
   */
  public int poolSize() {
    return poolSize;
  }

  /**
   * The schema of the store's tables, created when missing.
   *
   * @return the schema's name
   */
  public String schema() {
    return schema;
  }

  /**
   * How long to wait for a connection (from the pool, or a new one to the server) before a call
   * fails.
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long a call goes on retrying while the database cannot be reached (a restart, a failover)
   * before it fails with a {@link PostgresStoreException}. Only statements that are safe to repeat
   * are repeated after they were sent.
   *
   * @return the window; zero for no retries
   */
  public Duration retryWindow() {
    return retryWindow;
  }

  /** Shows every field except the password; credentials inside the URL are masked too. */
  @Override
  public String toString() {
    return "PostgresConfig{jdbcUrl=" + jdbcUrlShown() + ", user=" + user + ", password="
        + (password == null ? "(none)" : Redaction.MASK) + ", poolSize=" + poolSize + ", schema=" + schema
        + ", connectTimeout=" + connectTimeout + ", retryWindow=" + retryWindow + "}";
  }

  static Optional<String> schemaProblem(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      return Optional.of("schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), got "
          + (schema == null ? "null" : "'" + schema + "'"));
    }
    return Optional.empty();
  }

  /** A builder of {@link PostgresConfig}; {@link #build()} reports every problem at once. */
  public static final class Builder {
    private String jdbcUrl;
    private String user;
    private String password;
    private int poolSize = 4;
    private String schema = DEFAULT_SCHEMA;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration retryWindow = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the JDBC URL.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
     * @return this builder
     */
    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /**
     * Sets the database user.
     *
     * @param user the user
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Sets the password.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the largest number of pooled connections (default 4). An engine uses one connection per
     * statement, briefly; a few suffice for many fleets.
     *
     * @param poolSize from 1 to 1000
     * @return this builder
     */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /**
     * Sets the schema of the store's tables (default {@value PostgresConfig#DEFAULT_SCHEMA}).
     * Engines that share fleets share it; engines of different clouds that reuse fleet names use
     * a schema each.
     *
     * @param schema a lower-case SQL identifier
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * Sets how long to wait for a connection (default 10 seconds).
     *
     * @param timeout at least 250 milliseconds
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets how long calls go on retrying while the database cannot be reached (default 30
     * seconds; keep it below the fleet lease's time to live).
     *
     * @param window zero or more
     * @return this builder
     */
    public Builder retryWindow(Duration window) {
      this.retryWindow = window;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return it
     * @throws IllegalArgumentException naming every invalid field and the fix
     */
    public PostgresConfig build() {
      List<String> problems = new ArrayList<>();
      if (jdbcUrl == null || jdbcUrl.isBlank()) {
        problems.add("jdbcUrl is required: jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
      } else if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        problems.add("jdbcUrl " + Redaction.scrub(jdbcUrl) + " is not a PostgreSQL JDBC URL: it must start with"
            + " jdbc:postgresql:");
      }
      if (poolSize < 1 || poolSize > 1000) {
        problems.add("poolSize must be from 1 to 1000, got " + poolSize);
      }
      schemaProblem(schema).ifPresent(problems::add);
      if (connectTimeout == null || connectTimeout.compareTo(Duration.ofMillis(250)) < 0) {
        problems.add("connectTimeout must be at least 250 ms, got " + connectTimeout);
      }
      if (retryWindow == null || retryWindow.isNegative()) {
        problems.add("retryWindow must be zero or positive, got " + retryWindow);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid PostgreSQL configuration: " + String.join("; ", problems));
      }
      Objects.requireNonNull(jdbcUrl);
      return new PostgresConfig(this);
    }
  }
}
