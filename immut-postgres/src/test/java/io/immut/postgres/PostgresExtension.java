package io.immut.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One throwaway PostgreSQL cluster for the whole test run, started by the first test class that
 * asks for it and removed when the run ends (the JUnit root store closes it). Test classes get it
 * as a {@link PostgresServer} parameter and make a database or schema of their own. Skips the
 * class, with a message, only when the server binaries are missing.
 */
final class PostgresExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  /** The cluster, closed with the run. */
  private record Cluster(PostgresServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  static PostgresServer server(ExtensionContext context) {
    Optional<Path> bin = PostgresServer.binaries();
    assumeTrue(bin.isPresent(), PostgresServer.missingMessage());
    return context.getRoot().getStore(NS).getOrComputeIfAbsent("cluster", k -> {
      try {
        return new Cluster(PostgresServer.start(bin.get()));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start a PostgreSQL cluster with " + bin.get() + ": " + e.getMessage(), e);
      }
    }, Cluster.class).server();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server(e);
  }
}
