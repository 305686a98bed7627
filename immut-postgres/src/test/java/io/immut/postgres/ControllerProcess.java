package io.immut.postgres;

import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.controller.ControllerEvent;
import io.immut.postgres.cloud.RemoteCloudDriver;
import io.immut.postgres.cloud.SharedCloud;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link FleetController} in a JVM of its own, for the fault tests: watches a directory of spec
 * files, acts on a {@link SharedCloud} with a {@link PostgresFleetStore}, and runs until it is
 * killed. It prints a line per lease change ({@code LEASE <fleet> <state> <token>}) and per
 * reconcile that acted ({@code RECONCILED <fleet> <outcome>}). The database password comes from the
 * environment.
 *
 * <p>Arguments: cloud endpoint, JDBC URL, schema, spec directory, holder, lease TTL in ms,
 * interval in ms.
 */
public final class ControllerProcess {
  private ControllerProcess() {}

  public static void main(String[] args) throws Exception {
    PostgresConfig config = PostgresConfig.builder().jdbcUrl(args[1]).user(PostgresServer.USER)
        .password(System.getenv("IMMUT_TEST_DB_PASSWORD")).schema(args[2]).poolSize(2).build();
    Duration ttl = Duration.ofMillis(Long.parseLong(args[5]));
    Duration interval = Duration.ofMillis(Long.parseLong(args[6]));
    try (PostgresFleetStore store = PostgresFleetStore.builder().config(config).holder(args[4]).build();
         Immut immut = store.configure(Immut.builder()).driver(new RemoteCloudDriver(URI.create(args[0]))).leaseTtl(ttl)
             .build();
         FleetController controller = immut.controller().interval(interval).leaseTtl(ttl).threads(2).rolloutThreads(4)
             .specDirectory(Path.of(args[3])).listener(ControllerProcess::print).build()) {
      controller.start();
      System.out.println("STARTED " + args[4]);
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  private static void print(ControllerEvent e) {
    if (e instanceof ControllerEvent.LeaseChanged l) {
      System.out.println("LEASE " + l.fleet() + " " + l.to() + " " + l.fencingToken());
    } else if (e instanceof ControllerEvent.Reconciled r && r.outcome() != ControllerEvent.Outcome.SKIPPED
        && r.outcome() != ControllerEvent.Outcome.RECONCILED) {
      System.out.println("RECONCILED " + r.fleet() + " " + r.outcome() + " " + r.detail());
    } else if (e instanceof ControllerEvent.SpecRejected s) {
      System.out.println("REJECTED " + s.problem());
    }
  }
}
