package io.immut.benchmarks;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.RolloutStrategy;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.CloudBehaviour;
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
 * The rolling rollout of {@link RolloutBenchmark} under each cloud's behaviour of the in-memory
 * cloud, side by side in one run: EC2 (synchronous creation), AZURE (a VM's creation is a
 * long-running ARM operation of minutes) and GCE (zonal operations pace the creation), each with its
 * creation, boot and delete times and its driver's batch limits set explicitly ({@link CloudProfile}),
 * and a run with late capacity failures for AZURE ({@code AllocationFailed}, per VM) and GCE
 * ({@code ZONE_RESOURCE_POOL_EXHAUSTED}, per zonal operation). Virtual time, fixed seeds: every
 * figure is the same on every machine.
 *
 * <p>The bound is a lower bound for any engine that keeps the strategy's limits (at most
 * {@code desired + surge} instances, never fewer than {@code desired} serving): at most
 * {@code surge} new instances are in flight (launched and not yet healthy) at any time; each new
 * instance that turns healthy is in flight at least {@code T = operation + boot + grace}, and each
 * one that fails late at least the failure's delay {@code F} (nothing tells the engine before).
 * So {@code makespan ≥ max(waves × T, (n × T + failed × F) / surge)}, where {@code waves =
 * ceil(n / surge)}. With no failure that is {@code waves × T}, the bound of {@link RolloutBenchmark}.
 *
 * <pre>
 * java ... io.immut.benchmarks.CloudRolloutBenchmark [--sizes 100,10000] [--out DIR]
 * </pre>
 */
public final class CloudRolloutBenchmark {
  /** The health gate's grace period; the cloud turns instances healthy this long after running. */
  static final Duration GRACE = Duration.ofSeconds(10);
  /** The seed of every cloud (boot order, ids, late-failure rolls). */
  static final long SEED = 42;

  private CloudRolloutBenchmark() {}

  /**
   * One cloud's delays and limits, as set in the memory cloud.
   *
   * @param name the cloud's name in the tables
   * @param behaviour the memory cloud's behaviour
   * @param operation how long a creation's operation runs before the guest boots (zero: synchronous)
   * @param boot how long the guest then boots before it runs
   * @param delete how long a deleted instance is shutting down or {@code TERMINATING}
   * @param launchBatch the most instances per launch call (the driver's default {@code maxLaunchBatch})
   * @param terminateBatch the most instances per terminate call (the driver's {@code maxTerminateBatch})
   * @param lateRate the fraction of VMs (AZURE) or zonal operations (GCE) that fail late, 0 for none
   * @param lateLaunches how many of the rollout's first launch calls fail late as a whole (every VM,
   *     every zonal operation), before any rate applies
   */
  record CloudProfile(String name, CloudBehaviour behaviour, Duration operation, Duration boot, Duration delete,
                      int launchBatch, int terminateBatch, double lateRate, int lateLaunches) {
    /** From the call to healthy: the time one new instance is in flight when it succeeds. */
    Duration toHealthy() {
      return operation.plus(boot).plus(GRACE);
    }

    /**
     * When a late failure shows: at the end of the creation's operation, the latest Azure's and
     * Compute Engine's operations report it (the operation then ends {@code Failed} / {@code DONE}
     * with an error).
     */
    Duration lateAfter() {
      return operation;
    }

    CloudProfile withLateFailures(double rate) {
      return new CloudProfile(name, behaviour, operation, boot, delete, launchBatch, terminateBatch, rate, lateLaunches);
    }

    CloudProfile withFirstLaunchFailingLate() {
      return new CloudProfile(name, behaviour, operation, boot, delete, launchBatch, terminateBatch, lateRate, 1);
    }

    String lateFailures() {
      if (lateLaunches > 0) {
        return "the first launch, every zone";
      }
      return lateRate == 0 ? "none" : String.format(Locale.ROOT, "%.0f%% of %s", lateRate * 100,
          behaviour == CloudBehaviour.AZURE ? "VMs" : "zonal operations");
    }
  }

  /**
   * EC2: {@code RunInstances} answers with the instances {@code pending}; they run after about a
   * minute (assumption, the AWS driver's boot hint), terminating instances are {@code shutting-down}
   * for 30 s (assumption). The AWS driver's defaults: 100 per launch, 1,000 per terminate.
   */
  static final CloudProfile EC2 = new CloudProfile("EC2", CloudBehaviour.EC2, Duration.ZERO, Duration.ofSeconds(60),
      Duration.ofSeconds(30), 100, 1000, 0, 0);
  /**
   * Azure: the PUT of a VM starts a long-running operation ({@code provisioningState Creating}) of
   * 90 s, then the guest boots for 30 s until the VM agent reports ready: 2 minutes in all, the Azure
   * driver's boot hint (assumptions, not measurements); a delete runs 60 s ({@code Deleting}). The
   * Azure driver's defaults: 20 VMs per launch call ({@code launchBatch}), one per terminate call.
   */
  static final CloudProfile AZURE = new CloudProfile("Azure", CloudBehaviour.AZURE, Duration.ofSeconds(90),
      Duration.ofSeconds(30), Duration.ofSeconds(60), 20, 1, 0, 0);
  /**
   * Compute Engine: a zonal {@code bulkInsert} operation of 30 s, then 15 s of boot: 45 s, the GCP
   * driver's boot hint (assumptions); a delete's operation runs 30 s. The GCP driver's defaults:
   * 100 per launch ({@code launchBatch}), 500 per terminate ({@code terminateBatch}), over 3 zones.
   */
  static final CloudProfile GCE = new CloudProfile("GCE", CloudBehaviour.GCE, Duration.ofSeconds(30),
      Duration.ofSeconds(15), Duration.ofSeconds(30), 100, 500, 0, 0);

  /**
   * Late capacity failures: 5% of Azure's VMs, 20% of Compute Engine's zonal operations (and, on GCE,
   * a run where the rollout's first launch fails in every zone). Rates chosen to show the engine's
   * answer, not measured on either cloud.
   */
  static final double AZURE_LATE = 0.05;
  static final double GCE_LATE = 0.20;

  /** One measured rollout. */
  record Measure(CloudProfile cloud, int size, RolloutResult result, int waves, int launchSteps, int failed,
                 long mutating, long launchCalls, long terminateCalls, long listCalls, long inspectCalls, long totalCalls,
                 double wallMillis) {
    int surge() {
      return Math.max(1, RolloutStrategy.DEFAULT.maxSurge().resolve(size, true));
    }

    /** {@code max(waves × T, (n × T + failed × F) / surge)}; see the class's comment. */
    Duration bound() {
      Duration t = cloud.toHealthy();
      Duration waveBound = t.multipliedBy(waves);
      Duration flowBound = t.multipliedBy(size).plus(cloud.lateAfter().multipliedBy(failed)).dividedBy(surge());
      return waveBound.compareTo(flowBound) >= 0 ? waveBound : flowBound;
    }

    double ratio() {
      return result.duration().toMillis() / (double) bound().toMillis();
    }
  }

  static FleetSpec spec(String image, int size) {
    return FleetSpec.builder("web")
        .generation(GenerationSpec.builder().image(image).instanceType("m5.large")
            .healthCheck(new HealthCheck(GRACE, Duration.ofSeconds(5), 1, 3, Duration.ofMinutes(10), null, 80)).build())
        .capacity(Capacity.fixed(size)).strategy(RolloutStrategy.DEFAULT).build();
  }

  static MemoryCloud cloud(CloudProfile p, VirtualClock clock) {
    var b = MemoryCloud.builder().clock(clock).seed(SEED).behaviour(p.behaviour()).bootTime(p.boot()).healthyAfter(GRACE)
        .shutdownTime(p.delete()).maxLaunchBatch(p.launchBatch()).maxTerminateBatch(p.terminateBatch());
    if (p.behaviour().lateLaunchFailures()) {
      b.operationTime(p.operation());
    }
    return b.build();
  }

  /**
   * Rolls a fleet of {@code size} from one image to the next on the cloud {@code p} and measures
   * the second rollout; the late failures (if any) apply to it only.
   */
  static Measure roll(CloudProfile p, int size, RolloutListener also) {
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = cloud(p, clock);
    AtomicInteger waves = new AtomicInteger();
    RolloutListener listener = e -> {
      also.onEvent(e);
      if (e instanceof RolloutEvent.WaveStarted) {
        waves.incrementAndGet();
      }
    };
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.inMemory())
        .listener(RolloutListener.NONE).build()) {
      RolloutResult first = immut.apply(spec("img-1", size));
      if (!first.succeeded()) {
        throw new IllegalStateException("the first rollout on " + p.name() + " did not complete: " + first);
      }
      cloud.calls().reset();
      if (p.lateRate() > 0 || p.lateLaunches() > 0) {
        cloud.faults().lateFailureAfter(p.lateAfter()).lateLaunchFailures(p.lateRate()).failNextLaunchesLate(p.lateLaunches());
      }
      long t0 = System.nanoTime();
      RolloutResult r = immut.apply(spec("img-2", size), listener);
      double ms = (System.nanoTime() - t0) / 1e6;
      // every instance launched either turned healthy (n of them) or failed late: nothing else fails
      int failed = Math.max(0, r.launched() - size);
      return new Measure(p, size, r, RolloutBenchmark.plannedWaves(size), waves.get(), failed, cloud.calls().mutating(),
          cloud.calls().count(Operation.LAUNCH), cloud.calls().count(Operation.TERMINATE), cloud.calls().count(Operation.LIST),
          cloud.calls().count(Operation.INSPECT), cloud.calls().total(), ms);
    }
  }

  /** The clouds of one table: each without failures, then Azure and GCE with late failures. */
  static List<CloudProfile> profiles() {
    return List.of(EC2, AZURE, GCE, AZURE.withLateFailures(AZURE_LATE), GCE.withLateFailures(GCE_LATE),
        GCE.withFirstLaunchFailingLate());
  }

  static String table(int[] sizes) {
    MarkdownTable t = new MarkdownTable("cloud", "instances", "creation (operation + boot)", "late failures", "waves",
        "launch steps", "makespan", "bound", "× bound", "failed late", "mutating calls", "per wave", "launch / terminate calls",
        "list calls", "outcome", "wall time");
    for (int n : sizes) {
      for (CloudProfile p : profiles()) {
        Measure m = roll(p, n, e -> { });
        t.row(p.name(), String.format(Locale.ROOT, "%,d", n), human(p.operation()) + " + " + human(p.boot()),
            p.lateFailures(),
            m.waves(), m.launchSteps(), human(m.result().duration()), human(m.bound()),
            String.format(Locale.ROOT, "%.3f", m.ratio()), m.failed(), m.mutating(),
            String.format(Locale.ROOT, "%.2f", m.mutating() / (double) Math.max(1, m.waves())),
            m.launchCalls() + " / " + m.terminateCalls(), m.listCalls(), m.result().outcome(),
            String.format(Locale.ROOT, "%.0f ms", m.wallMillis()));
      }
    }
    return t.toString();
  }

  /**
   * Runs the side-by-side table and prints it.
   *
   * @param args {@code [--sizes 100,10000] [--events CLOUD:SIZE] [--out DIR]}; {@code --events}
   *     prints the events of one rollout instead, CLOUD one of {@code ec2}, {@code azure},
   *     {@code gce}, {@code azure-late}, {@code gce-late}, {@code gce-first}
   */
  public static void main(String[] args) {
    var a = Args.parse(args);
    if (a.containsKey("--events")) {
      String[] what = a.get("--events").split(":");
      CloudProfile p = switch (what[0]) {
        case "ec2" -> EC2;
        case "azure" -> AZURE;
        case "gce" -> GCE;
        case "azure-late" -> AZURE.withLateFailures(AZURE_LATE);
        case "gce-late" -> GCE.withLateFailures(GCE_LATE);
        case "gce-first" -> GCE.withFirstLaunchFailingLate();
        default -> throw new IllegalArgumentException("--events takes ec2, azure, gce, azure-late, gce-late or gce-first, then :SIZE;"
            + " got '" + what[0] + "'");
      };
      Measure m = roll(p, what.length > 1 ? Integer.parseInt(what[1]) : 100, System.out::println);
      System.out.println(m.result() + "\nbound " + human(m.bound()) + ", failed late " + m.failed());
      return;
    }
    int[] sizes = Arrays.stream(a.getOrDefault("--sizes", "100,10000").split(",")).mapToInt(Integer::parseInt).toArray();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "Rolling rollout v1 → v2 per cloud behaviour, maxSurge 25%%, maxUnavailable 0, health grace"
        + " %d s (the cloud turns instances healthy %d s after running), seed %d.%n", GRACE.toSeconds(), GRACE.toSeconds(), SEED));
    lines.add(table(sizes));
    String out = String.join("\n", lines);
    System.out.println(out);
    if (a.containsKey("--out")) {
      try {
        Path dir = Path.of(a.get("--out"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cloud-rollout.md"), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
  }
}
