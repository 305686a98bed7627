package io.immut.benchmarks;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.clock.Clock;
import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerHealth;
import io.immut.core.controller.FleetHealth;
import io.immut.core.controller.FleetState;
import io.immut.core.memory.MemoryCloud;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The controller at scale, in real time: {@code --fleets} fleets (default 1,000) of
 * {@code --size} instances (default 10) on the in-memory cloud (instances boot in 2 s, turn healthy
 * 1 s later), driven by {@code --controllers} controllers (default 1) on shared ports
 * ({@code --ports local} or {@code postgres}; see {@link ControllerPorts}) with a 15 s interval and a
 * lease TTL of {@code --lease-ttl} (default 40 s). Measures:
 * <ol>
 *   <li>the time for every fleet to be live after the first specs are put;</li>
 *   <li>in the steady state: every fleet reconciled at least once per interval (the largest gap
 *       between two reconciles of a fleet, over {@code --steady} of time), and the reconcile
 *       latency p50 / p99;</li>
 *   <li>after a change of every fleet's spec: the time for all to converge on the new generation,
 *       with no double launch, and the gaps of the reconciles meanwhile;</li>
 *   <li>on ports with a database: its statements (pg_stat_statements when loaded), transactions and
 *       rows per second in the steady state and during the change;</li>
 *   <li>with more than one controller, on ports that can keep a dead controller's leases: the time
 *       for the others to hold every fleet after the one holding the most is cut off the database
 *       (its leases neither renewed nor released), as a process killed with SIGKILL would be.</li>
 * </ol>
 *
 * <pre>
 * java ... io.immut.benchmarks.ControllerBenchmark [--fleets 1000] [--size 10] [--controllers 1] [--ports local|postgres]
 *     [--jdbc-url URL] [--pool-size 4] [--lease-ttl 40s] [--threads 4] [--rollout-threads 200] [--steady 60s] [--out DIR]
 * </pre>
 */
public final class ControllerBenchmark {
  private static final Duration INTERVAL = Duration.ofSeconds(15);

  private ControllerBenchmark() {}

  private static FleetSpec spec(int i, String image, int size) {
    HealthCheck check = HealthCheck.builder().gracePeriod(Duration.ZERO).interval(Duration.ofSeconds(1)).healthyThreshold(1)
        .progressDeadline(Duration.ofMinutes(10)).build();
    return FleetSpec.builder(String.format(Locale.ROOT, "fleet-%04d", i))
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").healthCheck(check).build())
        .capacity(Capacity.fixed(size)).build();
  }

  /** Reconcile starts and latencies, from the controllers' events. */
  static final class Record {
    final Map<String, List<Instant>> starts = new HashMap<>();
    final List<Long> latencyMicros = new ArrayList<>();
    long attempts;

    synchronized void on(ControllerEvent e) {
      if (e instanceof ControllerEvent.Reconciled) {
        attempts++;
      }
      if (e instanceof ControllerEvent.Reconciled r && r.outcome() != ControllerEvent.Outcome.SKIPPED) {
        starts.computeIfAbsent(r.fleet(), f -> new ArrayList<>()).add(r.at().minus(r.took()));
        if (r.outcome() == ControllerEvent.Outcome.RECONCILED) {
          latencyMicros.add(r.took().toNanos() / 1000);
        }
      }
    }

    synchronized void clear() {
      starts.clear();
      latencyMicros.clear();
      attempts = 0;
    }

    /** The largest gap between two reconcile starts of each fleet within [from, to], the ends included as starts. */
    synchronized Map<String, Duration> gaps(List<String> fleets, Instant from, Instant to) {
      Map<String, Duration> out = new HashMap<>();
      for (String f : fleets) {
        List<Instant> s = new ArrayList<>(starts.getOrDefault(f, List.of()));
        s.removeIf(t -> t.isBefore(from) || t.isAfter(to));
        Collections.sort(s);
        Instant last = from;
        Duration max = Duration.ZERO;
        for (Instant t : s) {
          Duration g = Duration.between(last, t);
          max = g.compareTo(max) > 0 ? g : max;
          last = t;
        }
        Duration tail = Duration.between(last, to);
        out.put(f, tail.compareTo(max) > 0 ? tail : max);
      }
      return out;
    }

    synchronized long percentile(double p) {
      if (latencyMicros.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(latencyMicros);
      Collections.sort(sorted);
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
  }

  private static Duration await(List<FleetController> controllers, Predicate<FleetHealth> done, int fleets, Duration max)
      throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      Map<String, FleetHealth> byFleet = new HashMap<>();
      for (FleetController c : controllers) {
        for (FleetHealth h : c.health().fleets()) {
          if (h.lease() == io.immut.core.controller.LeaseState.HELD || !byFleet.containsKey(h.fleet())) {
            byFleet.put(h.fleet(), h);
          }
        }
      }
      long ok = byFleet.values().stream().filter(done).count();
      if (ok == fleets) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() - start > max.toNanos()) {
        throw new IllegalStateException("only " + ok + " of " + fleets + " fleets converged within " + max);
      }
      Thread.sleep(200);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /**
   * Runs the benchmark.
   *
   * @param args see the class comment
   * @throws Exception when it cannot run
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(args);
    int fleets = Integer.parseInt(a.getOrDefault("--fleets", "1000"));
    int size = Integer.parseInt(a.getOrDefault("--size", "10"));
    int controllerCount = Integer.parseInt(a.getOrDefault("--controllers", "1"));
    int threads = Integer.parseInt(a.getOrDefault("--threads", "4"));
    int rolloutThreads = Integer.parseInt(a.getOrDefault("--rollout-threads", "200"));
    Duration steady = Args.duration(a.getOrDefault("--steady", "60s"));
    Path out = Path.of(a.getOrDefault("--out", "target/benchmarks"));
    Path locks = Files.createTempDirectory("immut-controller-bench");
    Duration leaseTtl = Args.duration(a.getOrDefault("--lease-ttl", "40s"));
    try (ControllerPorts ports = ControllerPorts.named(a.getOrDefault("--ports", "local"), locks, a)) {
      run(ports, fleets, size, controllerCount, threads, rolloutThreads, steady, leaseTtl, out);
    }
  }

  private static void run(ControllerPorts ports, int fleets, int size, int controllerCount, int threads, int rolloutThreads,
      Duration steady, Duration leaseTtl, Path out) throws Exception {

    MemoryCloud cloud = MemoryCloud.builder().clock(Clock.system()).seed(1).bootTime(Duration.ofSeconds(2))
        .healthyAfter(Duration.ofSeconds(1)).shutdownTime(Duration.ofSeconds(1)).build();
    Record record = new Record();
    List<Immut> engines = new ArrayList<>();
    List<FleetController> controllers = new ArrayList<>();
    for (int c = 0; c < controllerCount; c++) {
      Immut immut = ports.configure(Immut.builder().driver(cloud.driver()).clock(Clock.system()), "controller-" + c).build();
      engines.add(immut);
      controllers.add(immut.controller().interval(INTERVAL).leaseTtl(leaseTtl).threads(threads).rolloutThreads(rolloutThreads)
          .listener(record::on).build());
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < fleets; i++) {
      FleetSpec s = spec(i, "ami-1", size);
      names.add(s.name());
      for (FleetController c : controllers) {
        c.put(s);
      }
    }
    long cpu0 = cpuNanos();
    controllers.forEach(FleetController::start);
    Duration initial = await(controllers, h -> h.state() == FleetState.RECONCILED && h.instances() == size
        && h.liveGeneration() != null && h.liveGeneration().endsWith("v001"), fleets, Duration.ofMinutes(30));
    System.out.printf(Locale.ROOT, "all %d fleets live in %s%n", fleets, seconds(initial));

    // steady state: every fleet reconciled each interval
    Thread.sleep(INTERVAL.toMillis());
    record.clear();
    Instant from = Instant.now();
    long cpu1 = cpuNanos();
    Optional<ControllerPorts.DatabaseCounters> db0 = ports.counters();
    Thread.sleep(steady.toMillis());
    Optional<ControllerPorts.DatabaseCounters> db1 = ports.counters();
    Instant to = Instant.now();
    long steadyCpu = cpuNanos() - cpu1;
    long steadyAttempts;
    synchronized (record) {
      steadyAttempts = record.attempts;
    }
    Map<String, Duration> gaps = record.gaps(names, from, to);
    Duration maxGap = gaps.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    long within = gaps.values().stream().filter(g -> g.compareTo(INTERVAL.plusSeconds(1)) <= 0).count();
    long p50 = record.percentile(0.50);
    long p99 = record.percentile(0.99);
    long reconciles;
    synchronized (record) {
      reconciles = record.latencyMicros.size();
    }
    System.out.printf(Locale.ROOT, "steady %s: %d reconciles, largest gap %s, %d of %d fleets within 16 s, p50 %.2f ms, p99 %.2f ms%n",
        seconds(Duration.between(from, to)), reconciles, seconds(maxGap), within, fleets, p50 / 1000.0, p99 / 1000.0);

    // a change of every spec
    record.clear();
    Instant changed = Instant.now();
    Optional<ControllerPorts.DatabaseCounters> db2 = ports.counters();
    for (int i = 0; i < fleets; i++) {
      for (FleetController c : controllers) {
        c.put(spec(i, "ami-2", size));
      }
    }
    Duration converge = await(controllers, h -> h.state() == FleetState.RECONCILED && h.instances() == size
        && h.liveGeneration() != null && h.liveGeneration().endsWith("v002"), fleets, Duration.ofMinutes(60));
    Instant converged = Instant.now();
    Optional<ControllerPorts.DatabaseCounters> db3 = ports.counters();
    Map<String, Duration> rolloutGaps = record.gaps(names, changed, converged);
    Duration maxRolloutGap = rolloutGaps.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    long doubles = 0;
    for (int i = 0; i < fleets; i++) {
      FleetSpec v2 = spec(i, "ami-2", size);
      String id = v2.generationId();
      String fleet = v2.name();
      long ever = cloud.instances().stream().filter(v -> fleet.equals(v.fleet()) && id.equals(v.generationId())).count();
      doubles += ever > size ? 1 : 0;
    }
    long calls = engines.stream().mapToLong(Immut::driverCalls).sum();
    long mutating = engines.stream().mapToLong(Immut::mutatingDriverCalls).sum();
    long cpuAll = cpuNanos() - cpu0;
    System.out.printf(Locale.ROOT, "spec change of every fleet: converged in %s; largest gap between reconciles meanwhile %s;"
        + " fleets launched twice: %d%n", seconds(converge), seconds(maxRolloutGap), doubles);
    ControllerHealth h = controllers.get(0).health();
    String failover = failover(ports, controllers, fleets, leaseTtl);
    for (FleetController c : controllers) {
      c.shutdown(Duration.ofSeconds(60));
    }
    List<String> dbRows = new ArrayList<>();
    if (db0.isPresent() && db1.isPresent()) {
      dbRows.add("| steady state: database load | " + rates(db0.get(), db1.get()) + "; "
          + perAttempt(db0.get(), db1.get(), steadyAttempts) + " |");
    }
    if (db2.isPresent() && db3.isPresent()) {
      dbRows.add("| spec change: database load | " + rates(db2.get(), db3.get()) + " |");
    }
    String table = String.join("\n",
        "| measure | value |",
        "| --- | --- |",
        "| fleets × instances, controllers, ports | " + fleets + " × " + size + ", " + controllerCount + ", " + ports.describe() + " |",
        "| reconcile threads, rollout threads per controller | " + threads + ", " + rolloutThreads + " |",
        "| first specs: all fleets live | " + seconds(initial) + " |",
        "| steady state: fleets reconciled at least once per 15 s (+1 s) | " + within + " of " + fleets + " (largest gap "
            + seconds(maxGap) + ", over " + seconds(Duration.between(from, to)) + ") |",
        "| steady state: reconcile latency p50 / p99 | " + String.format(Locale.ROOT, "%.2f ms / %.2f ms", p50 / 1000.0,
            p99 / 1000.0) + " (" + reconciles + " reconciles) |",
        "| steady state: CPU of the JVM | " + String.format(Locale.ROOT, "%.0f%% of one core",
            100.0 * steadyCpu / Duration.between(from, to).toNanos()) + " |",
        "| spec change of every fleet: all converged | " + seconds(converge) + " |",
        "| largest gap between two reconciles of a fleet meanwhile (a rolling fleet counts as unreconciled) | "
            + seconds(maxRolloutGap) + " |",
        "| fleets with a double launch | " + doubles + " |",
        String.join("\n", dbRows),
        "| lease TTL; failover after the controller holding the most fleets dies | " + seconds(leaseTtl) + "; " + failover
            + " |",
        "| driver calls (mutating) | " + calls + " (" + mutating + ") |",
        "| CPU of the whole run | " + String.format(Locale.ROOT, "%.0f s", cpuAll / 1e9) + " |",
        "| controller 0's health at the end | " + h.count(FleetState.RECONCILED) + " reconciled, " + h.count(FleetState.SKIPPED)
            + " skipped (held by another) |");
    table = table.replace("\n\n", "\n");
    System.out.println(table);
    Files.createDirectories(out);
    Files.writeString(out.resolve("controller.md"), table + "\n");
  }

  private static String rates(ControllerPorts.DatabaseCounters a, ControllerPorts.DatabaseCounters b) {
    double s = (b.nanos() - a.nanos()) / 1e9;
    String statements = a.statements() < 0 ? "statements not counted (no pg_stat_statements)"
        : String.format(Locale.ROOT, "%.0f statements/s", (b.statements() - a.statements()) / s);
    return statements + String.format(Locale.ROOT, ", %.0f transactions/s, %.0f rows read/s, %.0f rows written/s",
        (b.transactions() - a.transactions()) / s, (b.rowsRead() - a.rowsRead()) / s, (b.rowsWritten() - a.rowsWritten()) / s);
  }

  private static String perAttempt(ControllerPorts.DatabaseCounters a, ControllerPorts.DatabaseCounters b, long attempts) {
    if (attempts == 0) {
      return "no reconcile";
    }
    long n = a.statements() < 0 ? b.transactions() - a.transactions() : b.statements() - a.statements();
    return String.format(Locale.ROOT, "%.1f %s per reconcile attempt (%d attempts, skips on a held lease included)",
        (double) n / attempts, a.statements() < 0 ? "transactions" : "statements", attempts);
  }

  /**
   * Stops the controller holding the most fleets as a killed process would (its leases are not
   * released) and measures how long the others take to hold every fleet.
   */
  private static String failover(ControllerPorts ports, List<FleetController> controllers, int fleets, Duration ttl)
      throws InterruptedException {
    if (controllers.size() < 2) {
      return "not measured (one controller)";
    }
    FleetController victim = controllers.get(0);
    int most = -1;
    int index = 0;
    for (int c = 0; c < controllers.size(); c++) {
      int held = (int) controllers.get(c).health().fleets().stream()
          .filter(f -> f.lease() == io.immut.core.controller.LeaseState.HELD).count();
      if (held > most) {
        most = held;
        victim = controllers.get(c);
        index = c;
      }
    }
    if (!ports.killLeases("controller-" + index)) {
      return "not measured (these ports cannot keep a dead controller's leases)";
    }
    long t0 = System.nanoTime();
    // its threads now fail to reach the database (and retry for the store's window); stop them
    // on the side, as the measure does not wait for a dead process
    FleetController dead = victim;
    Thread reaper = new Thread(() -> dead.shutdown(Duration.ofSeconds(5)), "dead-controller");
    reaper.setDaemon(true);
    reaper.start();
    controllers.remove(victim);
    Duration max = ttl.plus(INTERVAL).multipliedBy(2);
    while (true) {
      java.util.Set<String> held = new java.util.HashSet<>();
      for (FleetController c : controllers) {
        c.health().fleets().stream().filter(f -> f.lease() == io.immut.core.controller.LeaseState.HELD)
            .forEach(f -> held.add(f.fleet()));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (held.size() == fleets) {
        System.out.printf(Locale.ROOT, "failover: controller-%d's %d fleets taken by the others in %s%n", index, most,
            seconds(took));
        return "**" + seconds(took) + "** for controller-" + index + "'s " + most + " fleets (target ≤ "
            + seconds(ttl.plus(INTERVAL)) + ")";
      }
      if (took.compareTo(max) > 0) {
        return "only " + held.size() + " of " + fleets + " fleets held by the others after " + seconds(took);
      }
      Thread.sleep(100);
    }
  }

  private static long cpuNanos() {
    try {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
