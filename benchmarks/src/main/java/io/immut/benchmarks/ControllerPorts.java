package io.immut.benchmarks;

import io.immut.core.Immut;
import io.immut.core.history.GenerationStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The ports the benchmark's controllers share: what makes several controllers one system. Each
 * controller's engine is built with {@link #configure}; a store of another kind is one more
 * implementation here and one line in {@link #named}.
 */
interface ControllerPorts extends AutoCloseable {

  /**
   * Gives a controller's engine's builder the shared ports.
   *
   * @param builder the engine's builder
   * @param controller the controller's name, unique in the run (its holder name where the ports keep one)
   * @return the builder
   */
  Immut.Builder configure(Immut.Builder builder, String controller);

  /** What the figures call these ports. */
  String describe();

  /**
   * Makes a controller's leases outlive it, as a process killed with SIGKILL leaves them: from now
   * on nothing that controller does releases a lease (its shutdown included), so the others take its
   * fleets only once the leases have expired.
   *
   * @param controller the controller's name
   * @return false when these ports cannot do it (then no failover is measured)
   */
  default boolean killLeases(String controller) {
    return false;
  }

  /** The database's counters now, when the ports have a database. */
  default Optional<DatabaseCounters> counters() {
    return Optional.empty();
  }

  @Override
  default void close() {}

  /**
   * The ports by name: {@code local} (one history in memory shared by the controllers of this JVM,
   * the local leases and commands in a lock directory) or {@code postgres} (immut-postgres: one
   * {@code PostgresFleetStore} per controller on one database, at {@code --jdbc-url} or on a
   * throwaway cluster started for the run).
   *
   * @param name the name
   * @param locks the lock directory of the local ports
   * @param args the benchmark's arguments ({@code --jdbc-url}, {@code --pool-size})
   * @return the ports
   * @throws Exception when the database cannot be started or reached
   */
  static ControllerPorts named(String name, Path locks, Map<String, String> args) throws Exception {
    return switch (name) {
      case "local" -> local(locks);
      case "postgres" -> PostgresPorts.open(args.get("--jdbc-url"), Integer.parseInt(args.getOrDefault("--pool-size", "4")));
      default -> throw new IllegalArgumentException("unknown ports '" + name + "'; known: local, postgres");
    };
  }

  /**
   * The local ports: one in-memory history shared by every controller of this JVM, and the local
   * leases and commands in a lock directory.
   *
   * @param locks the lock directory
   * @return the ports
   */
  static ControllerPorts local(Path locks) {
    GenerationStore store = GenerationStore.inMemory();
    return new ControllerPorts() {
      @Override
      public Immut.Builder configure(Immut.Builder builder, String controller) {
        return builder.generationStore(store).lockDirectory(locks);
      }

      @Override
      public String describe() {
        return "local (in-memory history, in-JVM leases and commands)";
      }
    };
  }

  /**
   * Counters of the database, read together.
   *
   * @param statements statements executed, from {@code pg_stat_statements} ({@code -1} when it is not loaded)
   * @param transactions committed and rolled back transactions ({@code pg_stat_database})
   * @param rowsRead rows returned and fetched ({@code pg_stat_database})
   * @param rowsWritten rows inserted, updated and deleted ({@code pg_stat_database})
   * @param nanos when they were read ({@link System#nanoTime()})
   */
  record DatabaseCounters(long statements, long transactions, long rowsRead, long rowsWritten, long nanos) {}
}
