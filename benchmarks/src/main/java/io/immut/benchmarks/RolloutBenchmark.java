package io.immut.benchmarks;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.memory.Operation;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rollout benchmarks: a rolling rollout from one generation to the next on the in-memory
 * cloud, in virtual time, for fleets of 10 to 10,000 instances.
 * <ol>
 *   <li>makespan in virtual time against the lower bound {@code waves × (boot + health grace)};</li>
 *   <li>mutating driver calls per rollout and per wave, against one call per instance launched and
 *       one per instance terminated;</li>
 *   <li>wall time of the 10,000-instance rollout: warm-up runs, then timed repetitions;</li>
 *   <li>the same rollout under throttling, side by side in one run: with batched inspection and
 *       with a driver that inspects one instance per call, with no fault, 20% of every driver call
 *       throttled, and 20% of the mutating calls throttled.</li>
 * </ol>
 *
 * <pre>
 * java ... io.immut.benchmarks.RolloutBenchmark [--sizes 10,100,1000,10000] [--warmup 3] [--repetitions 5] [--out DIR]
 * java ... io.immut.benchmarks.RolloutBenchmark --throttling 10000     (the throttling table alone)
 * java ... io.immut.benchmarks.RolloutBenchmark --events 8             (the events of one small rollout)
 * java ... io.immut.benchmarks.RolloutBenchmark --throttling 10000 --seeds 42,1,2   (20% throttled, by cloud seed)
 * java ... io.immut.benchmarks.RolloutBenchmark --timeline 10000 [--seed 42]   (the events of one throttled rollout)
 * </pre>
 */
public final class RolloutBenchmark {
  /** Boot time of every instance (no jitter, so the bound is exact). */
  public static final Duration BOOT = Duration.ofSeconds(60);
  /** The health gate's grace period; the cloud turns instances healthy this long after running. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  private RolloutBenchmark() {}

  /** One measured rollout. */
  record Measure(int size, RolloutResult result, int waves, int launchSteps, long mutating, long launchCalls, long terminateCalls, long listCalls,
                 long inspectCalls, long totalCalls,
                 long retries, double wallMillis, double cpuMillis, double processCpuMillis) {
    Duration bound() {
      return BOOT.plus(GRACE).multipliedBy(waves);
    }

    double ratio() {
      return result.duration().toMillis() / (double) bound().toMillis();
    }
  }

  /** How a rollout is set up: the health check's interval and the cloud's batch limit. */
  record Setup(Duration healthInterval, int batch, boolean inspectOneByOne, long seed) {
    static final Setup STANDARD = new Setup(Duration.ofSeconds(5), 1000);
    /** The standard setup with a driver that inspects one instance per call (no batched inspection). */
    static final Setup ONE_BY_ONE = new Setup(Duration.ofSeconds(5), 1000, true, 42);

    Setup(Duration healthInterval, int batch) {
      this(healthInterval, batch, false, 42);
    }

    /** The same setup on a cloud of another seed (which calls are throttled, the jitter). */
    Setup withSeed(long other) {
      return new Setup(healthInterval, batch, inspectOneByOne, other);
    }
  }

  /**
   * The waves of the default strategy (maxSurge 25%, maxUnavailable 0): {@code ceil(size / surge)}.
   * The bound uses these rather than the loop's launch steps, which can be more when a wave's
   * batches turn healthy one after the other and their successors start at once.
   */
  static int plannedWaves(int size) {
    RolloutStrategy.Rolling r = RolloutStrategy.DEFAULT;
    int surge = Math.max(1, r.maxSurge().resolve(size, true));
    return (size + surge - 1) / surge;
  }

  static FleetSpec spec(String image, int size, Setup setup) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro")
            .healthCheck(new HealthCheck(GRACE, setup.healthInterval(), 1, 3, Duration.ofMinutes(10), null, 80)).build())
        .capacity(Capacity.fixed(size)).strategy(RolloutStrategy.DEFAULT).build();
  }

  /**
   * Rolls a fleet of {@code size} from v1 to v2 and measures the second rollout.
   *
   * @param size the fleet's size
   * @param throttled the fraction of every driver call that is throttled, 0 for none
   * @return the measure
   */
  static Measure roll(int size, double throttled) {
    return roll(size, throttled, Setup.STANDARD, e -> { });
  }

  static Measure roll(int size, double throttled, Setup setup, RolloutListener also) {
    return roll(size, throttled, setup, also, false);
  }

  static Measure roll(int size, double throttled, Setup setup, RolloutListener also, boolean mutatingOnly) {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).seed(setup.seed()).bootTime(BOOT).healthyAfter(GRACE)
        .maxLaunchBatch(setup.batch()).maxTerminateBatch(setup.batch()).build();
    AtomicInteger waves = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    RolloutListener listener = e -> {
      also.onEvent(e);
      if (e instanceof RolloutEvent.WaveStarted) {
        waves.incrementAndGet();
      } else if (e instanceof RolloutEvent.Retrying) {
        retries.incrementAndGet();
      }
    };
    io.immut.spi.CloudDriver driver = !setup.inspectOneByOne() ? cloud.driver()
        : new io.immut.spi.ForwardingCloudDriver(cloud.driver()) {
          @Override
          public io.immut.spi.Capabilities capabilities() {
            return super.capabilities().toBuilder().maxInspectBatch(1).build();
          }
        };
    try (Immut immut = Immut.builder().driver(driver).clock(clock).generationStore(GenerationStore.inMemory())
        .listener(RolloutListener.NONE).build()) {
      RolloutResult first = immut.apply(spec("ami-1", size, setup));
      if (!first.succeeded()) {
        throw new IllegalStateException("the first rollout did not complete: " + first);
      }
      cloud.calls().reset();
      if (throttled > 0) {
        for (Operation op : mutatingOnly ? new Operation[] {Operation.LAUNCH, Operation.TERMINATE} : Operation.values()) {
          cloud.faults().throttle(op, throttled);
        }
      }
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long c0 = threads.getCurrentThreadCpuTime();
      long p0 = processCpuNanos();
      long t0 = System.nanoTime();
      RolloutResult r = immut.apply(spec("ami-2", size, setup), listener);
      double ms = (System.nanoTime() - t0) / 1e6;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      double processCpu = (processCpuNanos() - p0) / 1e6;
      return new Measure(size, r, plannedWaves(size), waves.get(), cloud.calls().mutating(), cloud.calls().count(Operation.LAUNCH),
          cloud.calls().count(Operation.TERMINATE), cloud.calls().count(Operation.LIST), cloud.calls().count(Operation.INSPECT),
          cloud.calls().total(), retries.get(), ms, cpu, processCpu);
    }
  }

  /**
   * Runs the benchmarks and prints the tables.
   *
   * @param args {@code [--sizes 10,100,1000,10000] [--warmup 3] [--repetitions 5] [--out DIR]}
   */
  public static void main(String[] args) {
    var a = Args.parse(args);
    int[] sizes = Arrays.stream(a.getOrDefault("--sizes", "10,100,1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
    int warmup = Integer.parseInt(a.getOrDefault("--warmup", "3"));
    int repetitions = Integer.parseInt(a.getOrDefault("--repetitions", "5"));
    StringBuilder out = new StringBuilder();
    if (a.containsKey("--events")) {
      roll(Integer.parseInt(a.get("--events")), 0, Setup.STANDARD, System.out::println);
      return;
    }
    if (a.containsKey("--timeline")) {
      System.out.println(timeline(Integer.parseInt(a.get("--timeline")), Long.parseLong(a.getOrDefault("--seed", "42"))));
      return;
    }
    if (a.containsKey("--throttling") && a.containsKey("--seeds")) {
      System.out.println(throttlingBySeed(Integer.parseInt(a.get("--throttling")),
          Arrays.stream(a.get("--seeds").split(",")).mapToLong(Long::parseLong).toArray()));
      return;
    }
    if (a.containsKey("--throttling")) {
      System.out.println(throttling(Integer.parseInt(a.get("--throttling"))));
      return;
    }

    MarkdownTable makespan = new MarkdownTable("instances", "waves", "launch steps", "makespan", "bound waves × (boot + grace)",
        "× bound", "outcome");
    MarkdownTable calls = new MarkdownTable("instances", "waves", "mutating calls", "per wave", "launch calls", "terminate calls",
        "list calls", "inspect calls", "all calls", "one-call-per-instance baseline");
    for (int n : sizes) {
      Measure m = roll(n, 0);
      makespan.row(n, m.waves(), m.launchSteps(), human(m.result().duration()), human(m.bound()), String.format(Locale.ROOT, "%.3f", m.ratio()),
          m.result().outcome());
      calls.row(n, m.waves(), m.mutating(), String.format(Locale.ROOT, "%.2f", m.mutating() / (double) Math.max(1, m.waves())),
          m.launchCalls(), m.terminateCalls(), m.listCalls(), m.inspectCalls(), m.totalCalls(), 2 * n);
    }
    out.append(String.format(Locale.ROOT, "Rolling rollout v1 → v2, maxSurge 25%%, maxUnavailable 0, boot %d s (no jitter), health "
        + "grace %d s, launch and terminate batches of 1,000.%n%n", BOOT.toSeconds(), GRACE.toSeconds()));
    out.append("Makespan in virtual time:\n\n").append(makespan).append('\n');
    out.append("Driver calls of the second rollout:\n\n").append(calls).append('\n');

    int big = sizes[sizes.length - 1];
    for (int i = 0; i < warmup; i++) {
      roll(big, 0);
    }
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> processCpu = new ArrayList<>();
    for (int i = 0; i < repetitions; i++) {
      Measure m = roll(big, 0);
      wall.add(m.wallMillis());
      cpu.add(m.cpuMillis());
      processCpu.add(m.processCpuMillis());
    }
    wall.sort(null);
    cpu.sort(null);
    processCpu.sort(null);
    out.append(String.format(Locale.ROOT, "Wall time of the %,d-instance rollout (%d warm-up runs, then %d timed; fresh cloud and engine each run, "
            + "first rollout not timed): min %.0f ms, median %.0f ms, max %.0f ms; all: %s ms. CPU time of the rolling thread: "
            + "min %.0f ms, median %.0f ms; CPU time of the whole JVM (collector included): min %.0f ms, median %.0f ms. "
            + "Load average when it ended: %.2f on %d processors.%n%n",
        big, warmup, repetitions, wall.get(0), wall.get(wall.size() / 2), wall.get(wall.size() - 1),
        wall.stream().map(w -> String.format(Locale.ROOT, "%.0f", w)).toList(), cpu.get(0), cpu.get(cpu.size() / 2),
        processCpu.get(0), processCpu.get(processCpu.size() / 2),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors()));

    MarkdownTable sensitivity = new MarkdownTable("health-check interval", "cloud batch limit", "makespan", "× bound",
        "mutating calls", "per wave", "wall time", "CPU time");
    for (Setup setup : List.of(new Setup(Duration.ofSeconds(10), 1000), new Setup(Duration.ofSeconds(5), 1000),
        new Setup(Duration.ofSeconds(1), 1000), new Setup(Duration.ofSeconds(5), 100_000))) {
      roll(big, 0, setup, e -> { });
      Measure m = roll(big, 0, setup, e -> { });
      sensitivity.row(setup.healthInterval().toSeconds() + " s", String.format(Locale.ROOT, "%,d", setup.batch()),
          human(m.result().duration()), String.format(Locale.ROOT, "%.3f", m.ratio()), m.mutating(),
          String.format(Locale.ROOT, "%.2f", m.mutating() / (double) Math.max(1, m.waves())),
          String.format(Locale.ROOT, "%.0f ms", m.wallMillis()), String.format(Locale.ROOT, "%.0f ms", m.cpuMillis()));
    }
    out.append(String.format(Locale.ROOT, "The %,d-instance rollout by health-check interval and batch limit (one warm-up, one timed run each):%n%n",
        big)).append(sensitivity).append('\n');

    out.append(throttling(big));
    System.out.println(out);
    if (a.containsKey("--out")) {
      try {
        Path dir = Path.of(a.get("--out"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rollout.md"), out.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The rollout with and without throttling, side by side in one run: batched inspection (the
   * memory cloud's 1,000 per call) and one instance per call ({@code maxInspectBatch} 1, as Azure's
   * and Compute Engine's drivers), with no fault, 20% of every driver call throttled, and 20% of the
   * mutating calls only.
   */
  /**
   * The timeline of the rollout with one inspection per call and 20% of every call throttled:
   * every event but the per-instance health changes, which are counted per instant.
   */
  static String timeline(int size, long seed) {
    StringBuilder out = new StringBuilder();
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> start = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.Map<java.time.Instant, Integer> healthy = new java.util.TreeMap<>();
    Measure m = roll(size, 0.2, Setup.ONE_BY_ONE.withSeed(seed), e -> {
      start.compareAndSet(null, e.at());
      if (e instanceof RolloutEvent.InstanceHealthy) {
        healthy.merge(e.at(), 1, Integer::sum);
        return;
      }
      flushHealthy(out, healthy, start.get());
      String what = e instanceof RolloutEvent.InstancesLaunched l ? "InstancesLaunched " + l.ids().size()
          : e instanceof RolloutEvent.InstancesTerminated t ? "InstancesTerminated " + t.ids().size()
          : e instanceof RolloutEvent.Finished ? "Finished" : e.toString();
      out.append(String.format(Locale.ROOT, "%8.1f s  %s%n", Duration.between(start.get(), e.at()).toMillis() / 1000.0, what));
    }, false);
    flushHealthy(out, healthy, start.get());
    return out.append(String.format(Locale.ROOT, "makespan %s, %.3f× the bound%n", human(m.result().duration()), m.ratio()))
        .toString();
  }

  private static void flushHealthy(StringBuilder out, java.util.Map<java.time.Instant, Integer> healthy, java.time.Instant start) {
    healthy.forEach((at, n) -> out.append(String.format(Locale.ROOT, "%8.1f s  %d passed their health gate%n",
        Duration.between(start, at).toMillis() / 1000.0, n)));
    healthy.clear();
  }

  /**
   * The rollout with 20% of every call throttled on clouds of several seeds (other calls throttled,
   * other jitter), with batched and with one-per-call inspection: the makespan against the bound.
   */
  static String throttlingBySeed(int size, long[] seeds) {
    MarkdownTable t = new MarkdownTable("seed", "batches of 1,000: × bound", "retries", "one per call: × bound", "retries",
        "first change after");
    double worstBatched = 0;
    double worstOne = 0;
    for (long seed : seeds) {
      java.util.concurrent.atomic.AtomicReference<java.time.Instant> firstWave = new java.util.concurrent.atomic.AtomicReference<>();
      Measure b = roll(size, 0.2, Setup.STANDARD.withSeed(seed), e -> { }, false);
      Measure o = roll(size, 0.2, Setup.ONE_BY_ONE.withSeed(seed), e -> {
        if (e instanceof RolloutEvent.WaveStarted) {
          firstWave.compareAndSet(null, e.at());
        }
      }, false);
      worstBatched = Math.max(worstBatched, b.ratio());
      worstOne = Math.max(worstOne, o.ratio());
      Duration preflight = Duration.between(o.result().startedAt(), firstWave.get() == null ? o.result().startedAt() : firstWave.get());
      t.row(seed, String.format(Locale.ROOT, "%.3f%s", b.ratio(), b.result().succeeded() ? "" : " " + b.result().outcome()),
          b.retries(), String.format(Locale.ROOT, "%.3f%s", o.ratio(), o.result().succeeded() ? "" : " " + o.result().outcome()),
          o.retries(), String.format(Locale.ROOT, "%.1f s", preflight.toMillis() / 1000.0));
    }
    return String.format(Locale.ROOT, "The %,d-instance rollout with 20%% of every call throttled, by seed "
        + "(worst: %.3f× batched, %.3f× one per call):%n%n", size, worstBatched, worstOne) + t + "\n";
  }

  static String throttling(int size) {
    MarkdownTable t = new MarkdownTable("inspection", "throttled", "outcome", "makespan", "× bound", "retries", "all calls",
        "mutating calls", "per wave", "inspect calls", "first change after", "wall time");
    for (Setup setup : List.of(Setup.STANDARD, Setup.ONE_BY_ONE)) {
      for (int fault = 0; fault < 3; fault++) {
        // the checks before the first change (image, listing, every inspection) end at the first wave
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> firstWave = new java.util.concurrent.atomic.AtomicReference<>();
        Measure m = roll(size, fault == 0 ? 0 : 0.2, setup, e -> {
          if (e instanceof RolloutEvent.WaveStarted) {
            firstWave.compareAndSet(null, e.at());
          }
        }, fault == 2);
        Duration preflight = Duration.between(m.result().startedAt(), firstWave.get() == null ? m.result().startedAt() : firstWave.get());
        t.row(setup.inspectOneByOne() ? "one per call" : "batches of 1,000",
            fault == 0 ? "none" : fault == 1 ? "20% of every call" : "20% of launch and terminate", m.result().outcome(),
            human(m.result().duration()), String.format(Locale.ROOT, "%.3f", m.ratio()), m.retries(), m.totalCalls(),
            m.mutating(), String.format(Locale.ROOT, "%.2f", m.mutating() / (double) Math.max(1, m.waves())), m.inspectCalls(),
            String.format(Locale.ROOT, "%.1f s", preflight.toMillis() / 1000.0), String.format(Locale.ROOT, "%.0f ms", m.wallMillis()));
      }
    }
    return String.format(Locale.ROOT, "The %,d-instance rollout under throttling (one run each):%n%n", size) + t + "\n";
  }

  /** CPU time of the whole JVM (every thread, the collector's too), or -1 where the JVM does not tell. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
  }
}
