package io.immut.benchmarks;

import io.immut.core.Immut;
import io.immut.core.history.GenerationStore;
import java.nio.file.Path;

/**
 * The ports the benchmark's controllers share: what makes several controllers one system. Each
 * controller's engine is built with {@link #configure}; a store of another kind is one more
 * implementation here and one line in {@link #named}.
 */
interface ControllerPorts {

  /**
   * Gives an engine's builder the shared ports.
   *
   * @param builder the engine's builder
   * @return the builder
   */
  Immut.Builder configure(Immut.Builder builder);

  /** What the figures call these ports. */
  String describe();

  /**
   * The ports by name: {@code local} (one history in memory shared by the controllers of this JVM,
   * the local leases and commands in a lock directory).
   *
   * @param name the name
   * @param locks the lock directory of the local ports
   * @return the ports
   */
  static ControllerPorts named(String name, Path locks) {
    return switch (name) {
      case "local" -> local(locks);
      // PostgreSQL, once immut-postgres is in: case "postgres" -> postgres(jdbcUrl), whose configure sets
      // fleetLeases(...), fleetCommands(...) and generationLifecycle(...) from the module's store
      default -> throw new IllegalArgumentException("unknown ports '" + name + "'; known: local");
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
      public Immut.Builder configure(Immut.Builder builder) {
        return builder.generationStore(store).lockDirectory(locks);
      }

      @Override
      public String describe() {
        return "local (in-memory history, in-JVM leases and commands)";
      }
    };
  }
}
