package io.immut.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster for one benchmark run, made the way immut-postgres's tests make theirs:
 * {@code initdb} and {@code pg_ctl} of {@code PG_BIN}, {@code /usr/lib/postgresql/<version>/bin}
 * or the PATH (as the {@code postgres} user when run as root), a data directory in a temporary
 * directory, a free loopback port, password authentication, {@code pg_stat_statements} preloaded
 * when the server has it. Removed on {@link #close()}.
 */
final class ThrowawayPostgres implements AutoCloseable {
  static final String USER = "postgres";
  /** A password for a cluster that lives as long as the run on loopback only. */
  static final String PASSWORD = "benchmark-only";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean root;
  private final boolean statements;

  private ThrowawayPostgres(Path bin, Path dir, int port, boolean root, boolean statements) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.root = root;
    this.statements = statements;
  }

  /** Finds the server binaries, creates and starts a cluster. */
  static ThrowawayPostgres start() throws IOException, InterruptedException {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL's server binaries (initdb, pg_ctl) were"
        + " not found in PG_BIN, /usr/lib/postgresql/*/bin nor on the PATH: install the package postgresql, or pass"
        + " --jdbc-url of a database (user and password in IMMUT_DB_USER, IMMUT_DB_PASSWORD)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("immut-bench-pg");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    boolean statements = Files.exists(bin.getParent().resolve("lib").resolve("pg_stat_statements.so"));
    ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port, root, statements);
    try {
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
      if (root) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(pwfile, postgres);
      }
      pg.run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + pwfile,
          "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync");
      Files.deleteIfExists(pwfile);
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "throwaway-postgres"));
      String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=100"
          + (statements ? " -c shared_preload_libraries=pg_stat_statements" : "");
      pg.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
          "-o", options, "start");
      return pg;
    } catch (IOException | InterruptedException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** Whether the server preloads {@code pg_stat_statements}. */
  boolean hasStatementStatistics() {
    return statements;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static Optional<Path> binaries() {
    String explicit = System.getenv("PG_BIN");
    if (explicit != null && Files.isExecutable(Path.of(explicit, "initdb"))) {
      return Optional.of(Path.of(explicit));
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                Comparator.comparingInt((String v) -> v.length()).thenComparing(Comparator.naturalOrder())));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // look on the PATH
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "initdb")) && Files.isExecutable(Path.of(d, "pg_ctl"))) {
        return Optional.of(Path.of(d));
      }
    }
    return Optional.empty();
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("immut-bench-" + tool, ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).directory(dir.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(tool + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + Files.readString(out));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Override
  public synchronized void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-m", "immediate", "stop");
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
