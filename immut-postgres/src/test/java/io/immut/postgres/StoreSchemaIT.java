package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.immut.postgres.StoreFixtures.TTL;
import static io.immut.postgres.StoreFixtures.key;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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
