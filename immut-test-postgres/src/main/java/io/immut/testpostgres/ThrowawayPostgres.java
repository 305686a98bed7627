package io.immut.testpostgres;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server binaries
 * ({@code initdb}, {@code pg_ctl} from {@code PG_BIN}, {@code /usr/lib/postgresql/<version>/bin}
 * or the PATH), a data directory in a temporary directory, a free loopback port, password
 * authentication over TCP for the superuser {@value #USER}. {@code initdb} refuses to run as root,
 * so as root the commands run as the {@code postgres} user ({@code runuser}) in a directory it owns.
 * Stopped and removed on {@link #close()} (and at the JVM's exit, if it was not closed).
 *
 * <pre>{@code
 * Path bin = ThrowawayPostgres.binaries().orElseThrow(() -> new TestAbortedException(ThrowawayPostgres.missingMessage()));
 * try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin)) {
 *   String url = pg.newDatabase();   // user USER, password PASSWORD
 * }
 * }</pre>
 */
public final class ThrowawayPostgres implements AutoCloseable {
  /** The superuser the cluster is made with. */
  public static final String USER = "postgres";
  /** Its password: a cluster on loopback that lives as long as a test run. */
  public static final String PASSWORD = "test-only-secret";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean root;
  private final boolean statements;
  private final boolean durable;
  private final Thread cleanup;

  private ThrowawayPostgres(Path bin, Path dir, int port, boolean root, boolean statements, boolean durable) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.root = root;
    this.statements = statements;
    this.durable = durable;
    this.cleanup = new Thread(this::remove, "throwaway-postgres-" + port);
  }

  /**
   * Finds the directory of {@code initdb} and {@code pg_ctl}: {@code PG_BIN}, the newest
   * {@code /usr/lib/postgresql/<version>/bin}, or the PATH.
   *
   * @return the directory, or empty when PostgreSQL's server is not installed
   */
  public static Optional<Path> binaries() {
    String explicit = System.getenv("PG_BIN");
    if (explicit != null && Files.isExecutable(Path.of(explicit, "initdb"))) {
      return Optional.of(Path.of(explicit));
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // look on the PATH
      }
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, "initdb");
      if (Files.isExecutable(p) && Files.isExecutable(Path.of(d, "pg_ctl"))) {
        try {
          return Optional.of(p.toRealPath().getParent());
        } catch (IOException e) {
          return Optional.of(Path.of(d));
        }
      }
    }
    return Optional.empty();
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * What to say when {@link #binaries()} is empty.
   *
   * @return the message: what is missing and how to install it
   */
  public static String missingMessage() {
    return "PostgreSQL's server binaries (initdb, pg_ctl) were not found in PG_BIN, /usr/lib/postgresql/*/bin nor on the"
        + " PATH: install the Debian package postgresql (apt-get install -y postgresql, or run .ci/install-services)";
  }

  /**
   * Creates and starts a cluster for tests: {@code fsync} off (nothing of it must survive a crash
   * of the machine).
   *
   * @param bin the directory of {@code initdb} and {@code pg_ctl}
   * @return the running cluster
   * @throws IOException when {@code initdb} or {@code pg_ctl} fails (the message has the server's log)
   * @throws InterruptedException when interrupted while waiting for them
   */
  public static ThrowawayPostgres start(Path bin) throws IOException, InterruptedException {
    return start(bin, false);
  }

  /**
   * Creates and starts a cluster for measurements: {@code fsync} on, as a real server runs, and
   * {@code pg_stat_statements} preloaded when the server has it.
   *
   * @param bin the directory of {@code initdb} and {@code pg_ctl}
   * @return the running cluster
   * @throws IOException when {@code initdb} or {@code pg_ctl} fails (the message has the server's log)
   * @throws InterruptedException when interrupted while waiting for them
   */
  public static ThrowawayPostgres startForMeasurement(Path bin) throws IOException, InterruptedException {
    return start(bin, true);
  }

  private static ThrowawayPostgres start(Path bin, boolean measured) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("immut-postgres");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    boolean statements = measured && bin.getParent() != null
        && Files.exists(bin.getParent().resolve("lib").resolve("pg_stat_statements.so"));
    ThrowawayPostgres server = new ThrowawayPostgres(bin, dir, port, root, statements, measured);
    Runtime.getRuntime().addShutdownHook(server.cleanup);
    try {
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
      if (root) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(pwfile, postgres);
      }
      server.run("initdb", "-D", server.data.toString(), "-U", USER, "--pwfile=" + pwfile, "--auth-host=scram-sha-256",
          "--auth-local=trust", "-E", "UTF8", "--no-sync");
      Files.deleteIfExists(pwfile);
      server.startServer();
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Starts the stopped server on its port again.
   *
   * @throws IOException when {@code pg_ctl} fails
   * @throws InterruptedException when interrupted while waiting for it
   */
  public void startServer() throws IOException, InterruptedException {
    run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=100"
            + (durable ? "" : " -c fsync=off") + (statements ? " -c shared_preload_libraries=pg_stat_statements" : ""),
        "start");
  }

  /**
   * Stops the server at once (open connections are cut, as in a crash).
   *
   * @throws IOException when {@code pg_ctl} fails
   * @throws InterruptedException when interrupted while waiting for it
   */
  public void stopServer() throws IOException, InterruptedException {
    run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "immediate", "stop");
  }

  /**
   * The loopback port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Whether the server preloads {@code pg_stat_statements}.
   *
   * @return true when started for measurement and the server has the extension
   */
  public boolean hasStatementStatistics() {
    return statements;
  }

  /**
   * Creates a new empty database.
   *
   * @return its JDBC URL (no credentials in it: user {@value #USER}, password {@link #PASSWORD})
   * @throws SQLException when the server refuses
   */
  public String newDatabase() throws SQLException {
    String name = "immut_test_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  /**
   * A database's JDBC URL.
   *
   * @param database the database's name
   * @return {@code jdbc:postgresql://127.0.0.1:PORT/database}
   */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * The last lines of the server's log, for a failure message.
   *
   * @return up to 20 lines
   */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("immut-pg-" + tool, ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).directory(dir.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(tool + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + Files.readString(out) + "\n" + logTail());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Stops the server and removes its directory. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs remove() itself
      return;
    }
    remove();
  }

  private synchronized void remove() {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        stopServer();
      }
    } catch (IOException | InterruptedException e) {
      // removed below all the same
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing else to do
    }
  }
}
