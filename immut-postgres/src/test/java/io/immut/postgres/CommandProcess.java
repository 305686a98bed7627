package io.immut.postgres;

import io.immut.core.port.FleetCommand;
import io.immut.core.port.FleetKey;
import io.immut.postgres.cloud.RemoteCloudDriver;
import java.net.URI;
import java.util.Locale;

/**
 * A process that only writes a fleet command, as an operator's tool would, on the same store and
 * cloud scope as the controllers, then exits; prints {@code SENT <command> <fleet>}.
 *
 * <p>Arguments: cloud endpoint, JDBC URL, schema, holder, command ({@code rollback}, {@code promote}), fleet.
 */
public final class CommandProcess {
  private CommandProcess() {}

  public static void main(String[] args) {
    PostgresConfig config = PostgresConfig.builder().jdbcUrl(args[1]).user(PostgresServer.USER)
        .password(System.getenv("IMMUT_TEST_DB_PASSWORD")).schema(args[2]).poolSize(1).build();
    try (PostgresFleetStore store = PostgresFleetStore.builder().config(config).holder(args[3]).build()) {
      FleetKey key = new FleetKey(new RemoteCloudDriver(URI.create(args[0])).scope(), "immut", args[5]);
      store.commands().send(key, FleetCommand.valueOf(args[4].toUpperCase(Locale.ROOT)));
      System.out.println("SENT " + args[4] + " " + args[5]);
    }
  }
}
