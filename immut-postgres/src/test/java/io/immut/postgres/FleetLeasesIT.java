package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.immut.postgres.StoreFixtures.T0;
import static io.immut.postgres.StoreFixtures.TTL;
import static io.immut.postgres.StoreFixtures.key;
import static io.immut.postgres.StoreFixtures.spec;

import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.port.LeaseLostException;
import io.immut.core.rollout.FleetBusyException;
import io.immut.spi.CloudScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fleet leases and fleet commands against a real PostgreSQL: busy, tokens, renewal, takeover and fencing, commands. */
@ExtendWith(PostgresExtension.class)
class FleetLeasesIT {
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
}
