package io.immut.postgres;

import io.immut.api.FleetSpec;
import io.immut.core.Immut;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.spec.SpecCodec;
import io.immut.postgres.cloud.SharedCloud;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An engine in a JVM of its own, for the fault tests: applies one spec file to a {@link SharedCloud}
 * with a {@link PostgresFleetStore}, and prints one line of what happened ({@code RESULT <outcome>},
 * {@code BUSY <message>}, {@code ERROR <message>}). With {@code retry-busy} it tries again while
 * the fleet is busy, for up to a minute. The database password comes from the environment.
 *
 * <p>Arguments: cloud endpoint, JDBC URL, schema, spec file, lease TTL in ms, holder,
 * {@code once} or {@code retry-busy}.
 */
public final class RolloutProcess {
  private RolloutProcess() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    PostgresConfig config = PostgresConfig.builder().jdbcUrl(args[1]).user(PostgresServer.USER)
        .password(System.getenv("IMMUT_TEST_DB_PASSWORD")).schema(args[2]).poolSize(2).build();
    FleetSpec spec = SpecCodec.readJson(Path.of(args[3]));
    Duration ttl = Duration.ofMillis(Long.parseLong(args[4]));
    boolean retry = args[6].equals("retry-busy");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try (PostgresFleetStore store = PostgresFleetStore.builder().config(config).holder(args[5]).build();
         Immut immut = store.configure(Immut.builder())
             .driver(new io.immut.postgres.cloud.RemoteCloudDriver(endpoint)).leaseTtl(ttl)
             .listener(e -> System.out.println("EVENT " + e.getClass().getSimpleName())).build()) {
      while (true) {
        try {
          RolloutResult result = immut.apply(spec);
          System.out.println("RESULT " + result.outcome() + " " + result.reason());
          System.exit(0);
        } catch (FleetBusyException e) {
          if (!retry || System.nanoTime() - deadline > 0) {
            System.out.println("BUSY " + e.getMessage());
            System.exit(2);
          }
          Thread.sleep(200);
        }
      }
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(3);
    }
  }
}
