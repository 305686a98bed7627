package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.GenerationLifecycle;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import io.immut.spi.CloudScope;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's ports against a real PostgreSQL: leases and fencing, the lifecycle, commands, the schema. */
@ExtendWith(PostgresExtension.class)
class PostgresFleetStoreIT {
  static final CloudScope SCOPE = CloudScope.shared("test-cloud");
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final Duration TTL = Duration.ofMinutes(1);

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

  static FleetKey key(String fleet) {
    return new FleetKey(SCOPE, "immut", fleet);
  }

  static FleetSpec spec(String fleet, String image) {
    return FleetSpec.builder(fleet).capacity(Capacity.fixed(2))
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build()).build();
  }

  static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
         Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Ends a lease on the database's clock, as if its holder had been paused past its time to live. */
  static void expire(String fleet) throws Exception {
    sql("UPDATE immut.fleet_lease SET expires_at = now() - interval '1 second' WHERE fleet = '" + fleet + "'");
  }

  @Nested
  @DisplayName("leases")
  class Leases {
    @Test
    @DisplayName("a held lease refuses a second acquirer with FleetBusyException naming the holder")
    void busy() {
      try (FleetLease lease = store.leases().acquire(key("busy"), TTL)) {
        assertThat(lease.isHeld()).isTrue();
        assertThat(other.leases().isLeased(key("busy"))).isTrue();
        assertThatThrownBy(() -> other.leases().acquire(key("busy"), TTL)).isInstanceOf(FleetBusyException.class)
            .hasMessageContaining("fleet 'busy' is busy").hasMessageContaining("first")
            .hasMessageContaining("fencing token " + lease.fencingToken())
            .message().doesNotContain(PostgresServer.PASSWORD);
      }
      assertThat(other.leases().isLeased(key("busy"))).isFalse();
    }

    @Test
    @DisplayName("every acquisition's fencing token is larger than the one before")
    void tokensGrow() {
      long first;
      try (FleetLease lease = store.leases().acquire(key("tokens"), TTL)) {
        first = lease.fencingToken();
      }
      try (FleetLease lease = other.leases().acquire(key("tokens"), TTL)) {
        assertThat(lease.fencingToken()).isEqualTo(first + 1);
      }
    }

    @Test
    @DisplayName("renewal moves the expiry forward, on the database's grant")
    void renewal() throws Exception {
      try (FleetLease lease = store.leases().acquire(key("renew"), Duration.ofSeconds(5))) {
        Instant before = lease.expiresAt();
        sql("UPDATE immut.fleet_lease SET expires_at = now() + interval '1 second' WHERE fleet = 'renew'");
        lease.renew();
        assertThat(lease.expiresAt()).isAfter(before.minusSeconds(1));
        assertThat(lease.isHeld()).isTrue();
      }
    }

    @Test
    @DisplayName("a lease taken over after it expired: the old holder's check, renewal and writes are refused")
    void takenOver() throws Exception {
      FleetLease old = store.leases().acquire(key("paused"), TTL);
      store.lifecycle().begin(old, spec("paused", "ami-1"), T0);
      expire("paused");
      FleetLease next = other.leases().acquire(key("paused"), TTL);

      assertThat(next.fencingToken()).isGreaterThan(old.fencingToken());
      assertThat(old.isHeld()).isFalse();
      assertThatThrownBy(old::check).isInstanceOf(LeaseLostException.class).hasMessageContaining("taken over by second");
      assertThatThrownBy(old::renew).isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store.lifecycle().markLive(old, 1, T0)).isInstanceOf(LeaseLostException.class)
          .hasMessageContaining("nothing was written");
      assertThatThrownBy(() -> store.lifecycle().begin(old, spec("paused", "ami-2"), T0))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store.commands().clear(old, FleetCommand.PAUSE)).isInstanceOf(LeaseLostException.class);
      assertThat(other.lifecycle().history("paused")).singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(GenerationStatus.PENDING));

      old.release();
      assertThat(next.isHeld()).as("the old holder's release leaves the new lease alone").isTrue();
      next.release();
    }

    @Test
    @DisplayName("an expired lease that nobody took writes nothing until it is renewed")
    void expiredNotTaken() throws Exception {
      try (FleetLease lease = store.leases().acquire(key("lapsed"), TTL)) {
        expire("lapsed");
        assertThatThrownBy(() -> store.lifecycle().begin(lease, spec("lapsed", "ami-1"), T0))
            .isInstanceOf(LeaseLostException.class).hasMessageContaining("expired");
        lease.renew();
        assertThat(store.lifecycle().begin(lease, spec("lapsed", "ami-1"), T0).number()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("of many processes racing for one fleet, exactly one takes it")
    void race() throws Exception {
      List<PostgresFleetStore> stores = List.of(store, other);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<FleetLease>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          PostgresFleetStore s = stores.get(i % 2);
          tries.add(() -> {
            try {
              return s.leases().acquire(key("race"), TTL);
            } catch (FleetBusyException e) {
              return null;
            }
          });
        }
        List<FleetLease> won = new ArrayList<>();
        for (Future<FleetLease> f : pool.invokeAll(tries)) {
          if (f.get() != null) {
            won.add(f.get());
          }
        }
        assertThat(won).hasSize(1);
        won.get(0).release();
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("a fleet name bound to one cloud scope is refused to another, with the fix")
    void otherScope() {
      store.leases().acquire(key("scoped"), TTL).release();
      assertThatThrownBy(() -> store.leases().acquire(new FleetKey(CloudScope.shared("elsewhere"), "immut", "scoped"), TTL))
          .hasMessageContaining("belongs to cloud scope test-cloud").hasMessageContaining("schema(...)");
    }
  }

  @Nested
  @DisplayName("the generation lifecycle")
  class Lifecycle {
    @Test
    @DisplayName("begin, mark live, and the previous live generation retired in the same transaction")
    void transitions() {
      GenerationLifecycle life = store.lifecycle();
      try (FleetLease lease = store.leases().acquire(key("web"), TTL)) {
        GenerationRecord v1 = life.begin(lease, spec("web", "ami-1"), T0);
        assertThat(v1.generation().name()).isEqualTo("web-v001");
        assertThat(v1.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(life.begin(lease, spec("web", "ami-1"), T0.plusSeconds(1))).isEqualTo(v1);
        assertThat(life.target("web")).contains(v1);
        life.markLive(lease, 1, T0.plusSeconds(2));
        GenerationRecord v2 = life.begin(lease, spec("web", "ami-2"), T0.plusSeconds(3));
        assertThat(v2.number()).isEqualTo(2);
        assertThat(life.target("web")).contains(v2);

        GenerationRecord live = life.markLive(lease, 2, T0.plusSeconds(4));

        assertThat(live.status()).isEqualTo(GenerationStatus.LIVE);
        assertThat(life.live("web")).contains(live);
        assertThat(life.history("web")).extracting(GenerationRecord::status)
            .containsExactly(GenerationStatus.RETIRED, GenerationStatus.LIVE);
        assertThat(life.history("web").get(0).reason()).isEqualTo("replaced by web-v002");
        assertThat(life.previous("web")).map(GenerationRecord::number).contains(1);
        assertThat(life.find("web", v1.id())).map(GenerationRecord::status).contains(GenerationStatus.RETIRED);
        assertThat(life.fail(lease, 2, "late failure", T0.plusSeconds(5)).status()).isEqualTo(GenerationStatus.LIVE);

        GenerationRecord v3 = life.begin(lease, spec("web", "ami-3"), T0.plusSeconds(6));
        assertThat(life.fail(lease, 3, "health gate failed", T0.plusSeconds(7)).status()).isEqualTo(GenerationStatus.FAILED);
        assertThat(life.begin(lease, spec("web", "ami-3"), T0.plusSeconds(8)))
            .satisfies(r -> assertThat(r.status()).isEqualTo(GenerationStatus.PENDING))
            .satisfies(r -> assertThat(r.reason()).isEqualTo("applied again after failed"))
            .satisfies(r -> assertThat(r.number()).isEqualTo(v3.number()));
        assertThat(life.rollBack(lease, 2, "on request", T0.plusSeconds(9)).status()).isEqualTo(GenerationStatus.ROLLED_BACK);
        assertThat(life.live("web")).isEmpty();
        life.verify("web");
      }
    }

    @Test
    @DisplayName("marking live supersedes older pending generations; a database constraint keeps one live generation")
    void oneLive() throws Exception {
      GenerationLifecycle life = store.lifecycle();
      try (FleetLease lease = store.leases().acquire(key("api"), TTL)) {
        life.begin(lease, spec("api", "ami-1"), T0);
        life.begin(lease, spec("api", "ami-2"), T0);
        life.markLive(lease, 2, T0);
        assertThat(life.history("api")).extracting(GenerationRecord::status)
            .containsExactly(GenerationStatus.RETIRED, GenerationStatus.LIVE);
        assertThat(life.history("api").get(0).reason()).isEqualTo("superseded by api-v002");
        assertThatThrownBy(() -> sql("UPDATE immut.generation SET status = 'LIVE' WHERE fleet = 'api' AND number = 1"))
            .hasMessageContaining("generation_one_live");
      }
    }

    @Test
    @DisplayName("concurrent writers never share a number nor give one generation two")
    void concurrentNumbers() throws Exception {
      FleetLease lease = store.leases().acquire(key("many"), TTL);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Callable<GenerationRecord>> writes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          String image = "ami-" + (i % 12);
          writes.add(() -> store.lifecycle().begin(lease, spec("many", image), T0));
        }
        List<GenerationRecord> results = new ArrayList<>();
        for (Future<GenerationRecord> f : pool.invokeAll(writes)) {
          results.add(f.get());
        }
        List<GenerationRecord> history = store.lifecycle().history("many");
        assertThat(history).hasSize(12);
        assertThat(history).extracting(GenerationRecord::number).containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList());
        assertThat(history).extracting(GenerationRecord::id).doesNotHaveDuplicates();
        assertThat(results.stream().map(GenerationRecord::number).distinct().count()).isEqualTo(12);
      } finally {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        lease.release();
      }
    }

    @Test
    @DisplayName("a lease of another store is refused with the fix")
    void foreignLease() {
      FleetLease foreign = fakeLease();
      assertThatThrownBy(() -> store.lifecycle().markLive(foreign, 1, T0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("was not taken from this PostgreSQL store");
    }

    @Test
    @DisplayName("a row that cannot be read is named by verify, which changes nothing")
    void verifyNamesBadRows() throws Exception {
      try (FleetLease lease = store.leases().acquire(key("broken"), TTL)) {
        store.lifecycle().begin(lease, spec("broken", "ami-1"), T0);
      }
      sql("UPDATE immut.generation SET spec = '{\"name\": 5' WHERE fleet = 'broken'");
      assertThatThrownBy(() -> store.lifecycle().verify("broken"))
          .hasMessageContaining("generation 1 of fleet 'broken'").hasMessageContaining("cannot be read");
    }
  }

  static FleetLease fakeLease() {
    return new FleetLease() {
      @Override
      public FleetKey key() {
        return PostgresFleetStoreIT.key("web");
      }

      @Override
      public long fencingToken() {
        return 1;
      }

      @Override
      public Instant expiresAt() {
        return Instant.MAX;
      }

      @Override
      public boolean isHeld() {
        return true;
      }

      @Override
      public void renew() {}

      @Override
      public void release() {}
    };
  }

  @Nested
  @DisplayName("commands")
  class Commands {
    @Test
    @DisplayName("a command sent by any process waits for the holder, who clears it with its token; the outcome is kept")
    void sendAndClear() {
      other.commands().send(key("cmd"), FleetCommand.PROMOTE);
      other.commands().send(key("cmd"), FleetCommand.PROMOTE);
      assertThat(store.commands().pending(key("cmd"))).containsExactly(FleetCommand.PROMOTE);

      try (FleetLease lease = store.leases().acquire(key("cmd"), TTL)) {
        store.commands().clear(lease, FleetCommand.PROMOTE);
        assertThat(store.commands().pending(key("cmd"))).isEmpty();
        assertThat(store.commandLog("cmd", 10)).singleElement().satisfies(r -> {
          assertThat(r.command()).isEqualTo(FleetCommand.PROMOTE);
          assertThat(r.sentBy()).isEqualTo("second");
          assertThat(r.isPending()).isFalse();
          assertThat(r.doneToken()).isEqualTo(lease.fencingToken());
          assertThat(r.outcome()).contains("cleared by the lease holder first");
        });
      }
    }

    @Test
    @DisplayName("a pause holds until a resume lifts it")
    void pauseResume() {
      other.commands().send(key("pause"), FleetCommand.PAUSE);
      assertThat(store.commands().pending(key("pause"))).containsExactly(FleetCommand.PAUSE);
      other.commands().send(key("pause"), FleetCommand.RESUME);
      assertThat(store.commands().pending(key("pause"))).isEmpty();
      assertThat(store.commandLog("pause", 10)).extracting(FleetCommandRecord::outcome)
          .containsExactly("lifted by a resume from second", "lifted the pause");
    }
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
      PostgresConfig config = PostgresConfig.builder().jdbcUrl(url).user(PostgresServer.USER).password("wrong-one").build();

      assertThatThrownBy(() -> PostgresFleetStore.builder().config(config).build())
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("check the user and password")
          .message().doesNotContain("wrong-one");
    }
  }
}
