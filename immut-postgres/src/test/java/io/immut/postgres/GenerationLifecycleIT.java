package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.immut.postgres.StoreFixtures.T0;
import static io.immut.postgres.StoreFixtures.TTL;
import static io.immut.postgres.StoreFixtures.key;
import static io.immut.postgres.StoreFixtures.spec;

import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetLease;
import io.immut.core.port.GenerationLifecycle;
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

/** The generation lifecycle against a real PostgreSQL: transitions, one live generation, concurrent writers. */
@ExtendWith(PostgresExtension.class)
class GenerationLifecycleIT {
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
    @DisplayName("a promotion keeps the previous generation until the window ends, in the same write; release ends it")
    void keepPrevious() throws Exception {
      GenerationLifecycle life = store.lifecycle();
      Instant until = T0.plusSeconds(1800);
      try (FleetLease lease = store.leases().acquire(key("kept"), TTL)) {
        life.begin(lease, spec("kept", "ami-1"), T0);
        life.markLive(lease, 1, T0);
        life.begin(lease, spec("kept", "ami-2"), T0.plusSeconds(1));

        life.markLive(lease, 2, T0.plusSeconds(2), until);

        GenerationRecord previous = life.history("kept").get(0);
        assertThat(previous.status()).isEqualTo(GenerationStatus.RETIRED);
        assertThat(previous.reason()).isEqualTo("replaced by kept-v002");
        assertThat(previous.kept()).contains(Instant.parse("2026-03-01T10:30:00.123456Z"));
        assertThat(life.kept("kept")).contains(previous);
        assertThat(life.previous("kept")).contains(previous);
        // marking the live generation live again keeps the window
        life.markLive(lease, 2, T0.plusSeconds(3));
        assertThat(life.kept("kept")).map(GenerationRecord::number).contains(1);
        assertThatThrownBy(() -> sql("UPDATE immut.generation SET status = 'FAILED' WHERE fleet = 'kept' AND number = 1"))
            .hasMessageContaining("generation_kept_is_retired");

        GenerationRecord released = life.release(lease, 1, T0.plusSeconds(1800));

        assertThat(released.status()).isEqualTo(GenerationStatus.RETIRED);
        assertThat(released.kept()).isEmpty();
        assertThat(released.reason()).isEqualTo("replaced by kept-v002");
        assertThat(life.kept("kept")).isEmpty();
        assertThat(life.history("kept").get(0)).isEqualTo(released);
        assertThat(life.release(lease, 1, T0.plusSeconds(1801))).isEqualTo(released);
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
      FleetLease foreign = StoreFixtures.fakeLease();
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

  @Test
  @DisplayName("any sequence of transitions leaves the same history as the engine's own lifecycle over a store (fixed seeds)")
  void sameAsTheLocalLifecycle() {
    for (long seed = 1; seed <= 40; seed++) {
      java.util.Random random = new java.util.Random(seed);
      String fleet = "model-" + seed;
      GenerationLifecycle local = new io.immut.core.internal.local.StoreGenerationLifecycle(
          io.immut.core.history.GenerationStore.inMemory());
      FleetLease always = StoreFixtures.fakeLease(key(fleet));
      try (FleetLease lease = store.leases().acquire(key(fleet), TTL)) {
        List<String> ops = new ArrayList<>();
        for (int step = 0; step < 14; step++) {
          Instant at = Instant.parse("2026-03-01T10:00:00Z").plusSeconds(step);
          int known = local.history(fleet).size();
          int op = known == 0 ? 0 : random.nextInt(6);
          int n = known == 0 ? 0 : 1 + random.nextInt(known);
          switch (op) {
            case 0 -> {
              String image = "ami-" + random.nextInt(5);
              ops.add("begin " + image);
              local.begin(always, spec(fleet, image), at);
              store.lifecycle().begin(lease, spec(fleet, image), at);
            }
            case 1 -> {
              ops.add("markLive " + n);
              local.markLive(always, n, at);
              store.lifecycle().markLive(lease, n, at);
            }
            case 4 -> {
              // a blue/green promotion that keeps the previous generation; a window already over keeps none
              Instant until = at.plusSeconds(random.nextInt(5) - 1);
              ops.add("markLive " + n + " keeping until +" + Duration.between(at, until).toSeconds() + "s");
              local.markLive(always, n, at, until);
              store.lifecycle().markLive(lease, n, at, until);
            }
            case 5 -> {
              ops.add("release " + n);
              local.release(always, n, at);
              store.lifecycle().release(lease, n, at);
            }
            case 2 -> {
              ops.add("fail " + n);
              local.fail(always, n, "failed", at);
              store.lifecycle().fail(lease, n, "failed", at);
            }
            default -> {
              ops.add("rollBack " + n);
              local.rollBack(always, n, "rolled back", at);
              store.lifecycle().rollBack(lease, n, "rolled back", at);
            }
          }
          String after = "seed " + seed + " after " + ops;
          assertThat(shown(store.lifecycle().history(fleet))).as(after).isEqualTo(shown(local.history(fleet)));
          assertThat(store.lifecycle().live(fleet).map(GenerationRecord::number)).as(after)
              .isEqualTo(local.live(fleet).map(GenerationRecord::number));
          assertThat(store.lifecycle().target(fleet).map(GenerationRecord::number)).as(after)
              .isEqualTo(local.target(fleet).map(GenerationRecord::number));
          assertThat(store.lifecycle().previous(fleet).map(GenerationRecord::number)).as(after)
              .isEqualTo(local.previous(fleet).map(GenerationRecord::number));
          assertThat(store.lifecycle().kept(fleet).map(GenerationRecord::number)).as(after)
              .isEqualTo(local.kept(fleet).map(GenerationRecord::number));
        }
      }
    }
  }

  /** Number, id, status, reason (an empty reason as none), times and keep-previous window of each record. */
  private static List<String> shown(List<GenerationRecord> history) {
    return history.stream().map(r -> r.number() + " " + r.id() + " " + r.status() + " "
        + (r.reason() == null || r.reason().isEmpty() ? "-" : r.reason()) + " " + r.createdAt() + " " + r.updatedAt()
        + " kept " + r.kept().map(Instant::toString).orElse("-")).toList();
  }
}
