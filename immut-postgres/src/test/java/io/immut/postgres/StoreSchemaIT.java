package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.immut.postgres.StoreFixtures.TTL;
import static io.immut.postgres.StoreFixtures.key;

import io.immut.api.FleetSpec;
import io.immut.core.history.GenerationRecord;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetLease;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's schema and connection against a real PostgreSQL: creation, a newer schema, unreachable, credentials. */
@ExtendWith(PostgresExtension.class)
class StoreSchemaIT {
  static PostgresServer server;
  static String url;
  static PostgresFleetStore store;
  static PostgresFleetStore other;

  @BeforeAll
  static void open(PostgresServer s) throws Exception {
    server = s;
    url = s.newDatabase();
    store = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("first").build();
    other = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("second").build();
  }

  @AfterAll
  static void close() {
    store.close();
    other.close();
  }

  static void sql(String statement) throws Exception {
    StoreFixtures.sql(url, statement);
  }

  /** A schema as version 1 of the store created it: its script, as the jar carries it, and the version row. */
  static void createVersion1(String schema) throws Exception {
    String script;
    try (java.io.InputStream in = StoreSchemaIT.class.getClassLoader()
        .getResourceAsStream("io/immut/postgres/internal/migrations/V1__fleet_store.sql")) {
      script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    sql("CREATE SCHEMA " + schema);
    sql("CREATE TABLE " + schema + ".schema_version (version integer PRIMARY KEY, script text NOT NULL,"
        + " applied_at timestamptz NOT NULL DEFAULT now())");
    StringBuilder statement = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      statement.append(line.replace("${schema}", schema)).append('\n');
      if (line.strip().endsWith(";")) {
        sql(statement.toString());
        statement.setLength(0);
      }
    }
    sql("INSERT INTO " + schema + ".schema_version (version, script) VALUES (1, 'V1__fleet_store.sql')");
  }

  static String json(FleetSpec spec) {
    return io.immut.core.spec.SpecCodec.writeJson(spec).replace("'", "''");
  }

  /** Ends a lease on the database's clock, as if its holder had been paused past its time to live. */
  static void expire(String fleet) throws Exception {
    sql("UPDATE immut.fleet_lease SET expires_at = now() - interval '1 second' WHERE fleet = '" + fleet + "'");
  }

  @Nested
  @DisplayName("the schema and the connection")
  class Schema {
    @Test
    @DisplayName("a new schema is created at the code's version; opening it again migrates nothing")
    void created() throws Exception {
      try (PostgresFleetStore fresh = PostgresFleetStore.builder().config(server.config(url, "fresh")).build()) {
        assertThat(fresh.schemaVersionFound()).isZero();
      }
      try (PostgresFleetStore again = PostgresFleetStore.builder().config(server.config(url, "fresh")).build()) {
        assertThat(again.schemaVersionFound()).isEqualTo(PostgresFleetStore.schemaVersion());
      }
    }

    @Test
    @DisplayName("a version 1 schema with a history, a lease and commands migrates in place to the code's version, nothing lost")
    void fromVersion1() throws Exception {
      createVersion1("old");
      FleetSpec v1 = StoreFixtures.spec("web", "ami-1");
      FleetSpec v2 = StoreFixtures.spec("web", "ami-2");
      // rows as version 1 of the store wrote them
      sql("INSERT INTO old.fleet_lease VALUES ('web', '" + StoreFixtures.SCOPE.id() + "', 'immut', 7, 'old-host',"
          + " now() - interval '1 hour', now() - interval '59 minutes')");
      sql("INSERT INTO old.generation VALUES ('web', 1, '" + v1.generationId() + "', 'RETIRED', '" + json(v1) + "',"
          + " '2026-03-01T10:00:00Z', '2026-03-01T10:05:00Z', 'replaced by web-v002', 7),"
          + " ('web', 2, '" + v2.generationId() + "', 'LIVE', '" + json(v2) + "',"
          + " '2026-03-01T10:01:00Z', '2026-03-01T10:05:00Z', NULL, 7)");
      sql("INSERT INTO old.fleet_command (fleet, scope_id, owner, command, sent_by) VALUES"
          + " ('web', '" + StoreFixtures.SCOPE.id() + "', 'immut', 'PAUSE', 'old-host')");

      try (PostgresFleetStore migrated = PostgresFleetStore.builder().config(server.config(url, "old")).holder("new").build()) {
        assertThat(migrated.schemaVersionFound()).isEqualTo(1);
        assertThat(PostgresFleetStore.schemaVersion()).isEqualTo(2);
        var life = migrated.lifecycle();
        assertThat(life.history("web")).extracting(r -> r.number() + " " + r.id() + " " + r.status() + " " + r.reason()
            + " " + r.updatedAt() + " " + r.kept()).containsExactly(
            "1 " + v1.generationId() + " RETIRED replaced by web-v002 2026-03-01T10:05:00Z Optional.empty",
            "2 " + v2.generationId() + " LIVE null 2026-03-01T10:05:00Z Optional.empty");
        assertThat(life.history("web").get(1).spec()).isEqualTo(v2);
        assertThat(life.live("web")).map(GenerationRecord::number).contains(2);
        assertThat(life.kept("web")).isEmpty();
        assertThat(migrated.commands().pending(key("web"))).containsExactly(FleetCommand.PAUSE);
        assertThat(migrated.commandLog("web", 10)).singleElement()
            .satisfies(c -> assertThat(c.sentBy()).isEqualTo("old-host"));

        // the new column works on the migrated rows: a promotion keeps generation 2; the next token is 8
        try (FleetLease lease = migrated.leases().acquire(key("web"), TTL)) {
          assertThat(lease.fencingToken()).isEqualTo(8);
          FleetSpec v3 = StoreFixtures.spec("web", "ami-3");
          life.begin(lease, v3, StoreFixtures.T0);
          life.markLive(lease, 3, StoreFixtures.T0, StoreFixtures.T0.plusSeconds(600));
          assertThat(life.kept("web")).map(GenerationRecord::number).contains(2);
        }
      }
      try (Connection c = java.sql.DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
           Statement st = c.createStatement();
           ResultSet r = st.executeQuery("SELECT version, script FROM old.schema_version ORDER BY version")) {
        List<String> applied = new ArrayList<>();
        while (r.next()) {
          applied.add(r.getInt(1) + " " + r.getString(2));
        }
        assertThat(applied).containsExactly("1 V1__fleet_store.sql", "2 V2__keep_previous_window.sql");
      }
      try (PostgresFleetStore again = PostgresFleetStore.builder().config(server.config(url, "old")).build()) {
        assertThat(again.schemaVersionFound()).isEqualTo(2);
        assertThat(again.lifecycle().history("web")).hasSize(3);
      }
    }

    @Test
    @DisplayName("a schema newer than the code is refused before anything is read or written")
    void newer() throws Exception {
      PostgresFleetStore.builder().config(server.config(url, "future")).build().close();
      sql("INSERT INTO future.schema_version (version, script) VALUES (99, 'V99__from_the_future.sql')");

      assertThatThrownBy(() -> PostgresFleetStore.builder().config(server.config(url, "future")).build())
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("is at version 99, newer than this version of immut understands (up to "
              + PostgresFleetStore.schemaVersion() + ")")
          .hasMessageContaining("Upgrade immut-postgres");
    }

    @Test
    @DisplayName("an unreachable database fails the build at once with its address and the fix, no password shown")
    void unreachable() throws Exception {
      int closed;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = s.getLocalPort();
      }
      PostgresConfig config = PostgresConfig.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:" + closed + "/immut?password=in-url")
          .user("immut").password("not-shown").connectTimeout(Duration.ofSeconds(1)).build();

      assertThatThrownBy(() -> PostgresFleetStore.builder().config(config).build())
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed + "/immut")
          .hasMessageContaining("check that the server runs")
          .message().doesNotContain("not-shown").doesNotContain("in-url");
    }

    @Test
    @DisplayName("a data source handed in is used, and left open when the store closes")
    void givenDataSource() throws Exception {
      org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
      ds.setUrl(url);
      ds.setUser(PostgresServer.USER);
      ds.setPassword(PostgresServer.PASSWORD);
      try (PostgresFleetStore given = PostgresFleetStore.builder().dataSource(ds, "given").holder("given").build()) {
        given.leases().acquire(key("given"), TTL).release();
        assertThat(given.toString()).contains("the given data source", "schema given");
      }
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        assertThat(s.executeQuery("SELECT count(*) FROM given.fleet_lease").next()).isTrue();
      }
    }

    @Test
    @DisplayName("a wrong password is reported as such, without the password")
    void wrongPassword() {
      PostgresConfig config = PostgresConfig.builder().jdbcUrl(url).user(PostgresServer.USER).password("wrong-one")
          .connectTimeout(Duration.ofSeconds(1)).build();

      assertThatThrownBy(() -> PostgresFleetStore.builder().config(config).build())
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("check the user and password")
          .message().doesNotContain("wrong-one");
    }

    @Test
    @DisplayName("a role that may not create schemas works in a schema made for it, and is told what to grant otherwise")
    void leastPrivilege() throws Exception {
      sql("CREATE ROLE store_role LOGIN PASSWORD 'role-secret'");
      sql("CREATE SCHEMA granted AUTHORIZATION store_role");
      PostgresConfig granted = PostgresConfig.builder().jdbcUrl(url).user("store_role").password("role-secret")
          .schema("granted").build();
      try (PostgresFleetStore s = PostgresFleetStore.builder().config(granted).build()) {
        s.leases().acquire(key("least"), Duration.ofSeconds(30)).release();
      }

      PostgresConfig ungranted = granted.toBuilder().schema("not_granted").build();
      assertThatThrownBy(() -> PostgresFleetStore.builder().config(ungranted).build())
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("permission denied").hasMessageContaining("grant the user the rights docs/postgres.md lists")
          .message().doesNotContain("role-secret");
    }
  }
}
