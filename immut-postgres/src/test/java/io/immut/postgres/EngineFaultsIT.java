package io.immut.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.history.GenerationStatus;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutResult;
import io.immut.postgres.cloud.RemoteCloudDriver;
import io.immut.postgres.cloud.SharedCloud;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Engines in this JVM on one PostgreSQL store and one shared cloud: contention, a paused holder, a database restart. */
@ExtendWith(PostgresExtension.class)
class EngineFaultsIT {
  static PostgresServer server;
  static String url;
  static SharedCloud cloud;
  static PostgresFleetStore first;
  static PostgresFleetStore second;

  @BeforeAll
  static void open(PostgresServer s) throws Exception {
    server = s;
    url = s.newDatabase();
    cloud = SharedCloud.start();
    first = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("engine-a").build();
    second = PostgresFleetStore.builder().config(s.config(url, "immut")).holder("engine-b").build();
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
    cloud.close();
  }

  static FleetKey key(String fleet) {
    return new FleetKey(new RemoteCloudDriver(cloud.endpoint()).scope(), "immut", fleet);
  }

  @Test
  @DisplayName("two engines apply different specs to one fleet at once: exactly one wins, the other is told it is busy")
  void twoEnginesOneFleet() throws Exception {
    FleetSpec a = Fleets.manual("contended", "ami-a", 2);
    FleetSpec b = Fleets.manual("contended", "ami-b", 2);
    cloud.register(a);
    cloud.register(b);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Immut ea = Fleets.engine(first, cloud, Duration.ofSeconds(10));
         Immut eb = Fleets.engine(second, cloud, Duration.ofSeconds(10))) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RolloutResult>> runs = new ArrayList<>();
      runs.add(pool.submit(() -> {
        go.await();
        return ea.apply(a);
      }));
      runs.add(pool.submit(() -> {
        go.await();
        return eb.apply(b);
      }));
      go.countDown();

      // the winner waits for a promotion, holding the fleet; the loser has its answer already
      List<Throwable> refused = new ArrayList<>();
      Future<RolloutResult> winner = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (refused.isEmpty() && System.nanoTime() < deadline) {
        for (Future<RolloutResult> f : runs) {
          if (f.isDone()) {
            try {
              f.get();
            } catch (java.util.concurrent.ExecutionException e) {
              refused.add(e.getCause());
            }
          }
        }
        Thread.sleep(50);
      }
      for (Future<RolloutResult> f : runs) {
        if (!f.isDone()) {
          winner = f;
        }
      }
      assertThat(refused).singleElement().isInstanceOf(FleetBusyException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("fleet 'contended' is busy", "engine-"));
      assertThat(winner).isNotNull();

      first.commands().send(key("contended"), io.immut.core.port.FleetCommand.PROMOTE);
      RolloutResult result = winner.get(60, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
      assertThat(first.lifecycle().history("contended")).singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(GenerationStatus.LIVE));
      assertThat(Fleets.live(cloud, "contended")).hasSize(2)
          .allSatisfy(i -> assertThat(i.generationId()).isEqualTo(result.generation().id()));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a holder paused past its lease, taken over meanwhile: its next write is refused and it changes nothing more")
  void pausedHolder() throws Exception {
    FleetSpec v1 = Fleets.rolling("paused", "ami-1", 2);
    FleetSpec v2 = Fleets.manual("paused", "ami-2", 2);
    cloud.register(v1);
    cloud.register(v2);
    try (Immut ea = Fleets.engine(first, cloud, Duration.ofSeconds(30))) {
      assertThat(ea.apply(v1).outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
      CompletableFuture<RolloutEvent> waiting = new CompletableFuture<>();
      Immut paused = first.configure(Immut.builder()).driver(new RemoteCloudDriver(cloud.endpoint()))
          .leaseTtl(Duration.ofSeconds(30)).listener(e -> {
            if (e instanceof RolloutEvent.AwaitingPromotion) {
              waiting.complete(e);
            }
          }).build();
      CompletableFuture<RolloutResult> run = CompletableFuture.supplyAsync(() -> paused.apply(v2));
      waiting.get(30, TimeUnit.SECONDS);

      // the stop-the-world pause: the lease runs out on the database's clock, and another process takes the fleet
      sql("UPDATE immut.fleet_lease SET expires_at = now() - interval '1 second' WHERE fleet = 'paused'");
      FleetLease taker = second.leases().acquire(key("paused"), Duration.ofSeconds(30));
      first.commands().send(key("paused"), io.immut.core.port.FleetCommand.PROMOTE);

      RolloutResult stopped = run.get(60, TimeUnit.SECONDS);
      assertThat(stopped.outcome()).isEqualTo(RolloutResult.Outcome.FAILED);
      assertThat(stopped.reason()).contains("taken over by engine-b", "changes nothing more");
      assertThat(first.lifecycle().live("paused")).map(GenerationRecord::id).contains(v1.generationId());
      assertThat(first.lifecycle().find("paused", v2.generationId())).map(GenerationRecord::status)
          .contains(GenerationStatus.PENDING);
      taker.release();
      paused.close();

      // the new holder finishes the fleet's rollout; nothing is left over
      assertThat(ea.apply(Fleets.rolling("paused", "ami-1", 2)).outcome()).isIn(RolloutResult.Outcome.COMPLETED,
          RolloutResult.Outcome.NO_CHANGE);
      assertThat(Fleets.live(cloud, "paused")).hasSize(2)
          .allSatisfy(i -> assertThat(i.generationId()).isEqualTo(v1.generationId()));
    }
  }

  @Test
  @DisplayName("the database restarted in the middle of a rollout: the rollout goes on or fails clearly, and the next apply finishes")
  void databaseRestart() throws Exception {
    FleetSpec v1 = Fleets.rolling("restart", "ami-1", 3);
    FleetSpec v2 = Fleets.rolling("restart", "ami-2", 3);
    cloud.register(v1);
    cloud.register(v2);
    try (Immut engine = Fleets.engine(first, cloud, Duration.ofSeconds(60))) {
      assertThat(engine.apply(v1).outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
      CompletableFuture<RolloutResult> run = CompletableFuture.supplyAsync(() -> engine.apply(v2));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Fleets.launched(cloud, v2).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.stopServer();
      Thread.sleep(1500);
      server.startServer();

      RolloutResult result;
      try {
        result = run.get(90, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(PostgresStoreException.class).hasMessageContaining("PostgreSQL at");
        result = engine.apply(v2);
      }

      assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
      assertThat(first.lifecycle().live("restart")).map(GenerationRecord::id).contains(v2.generationId());
      assertThat(Fleets.live(cloud, "restart")).hasSize(3)
          .allSatisfy(i -> assertThat(i.generationId()).isEqualTo(v2.generationId()));
      assertThat(Fleets.launched(cloud, v2)).as("no double launch").hasSize(3);
    }
  }

  static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
         Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
