package io.immut.benchmarks;

import io.immut.core.simulation.AwsTargetTracking;
import io.immut.core.simulation.DemandTrace;
import io.immut.core.simulation.KubernetesHpa;
import io.immut.core.simulation.Oracle;
import io.immut.core.simulation.ReplayChart;
import io.immut.core.simulation.ReplayResult;
import io.immut.core.simulation.SizingPolicy;
import io.immut.core.simulation.TraceReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The autoscaling benchmark: replays a demand trace under each contender (our policies, the
 * Kubernetes HPA and AWS target tracking, each over a sweep of targets, and a fixed fleet sized
 * for the peak), and reports each family's cheapest configuration that leaves at most 0.1% of the
 * demand unserved, against the oracle.
 *
 * <pre>
 * java ... io.immut.benchmarks.AutoscalingBenchmark --trace nasa_http_jul1995_per_minute.csv --out target/benchmarks
 *     [--peak-instances 20] [--boot 3m] [--lag 1m] [--threads 2] [--quick]
 * </pre>
 *
 * Writes {@code autoscaling.md} (the tables) and one SVG chart per family's best configuration
 * to the output directory, and prints the tables.
 */
public final class AutoscalingBenchmark {
  /** The service objective a configuration must meet to be a family's best. */
  public static final double MAX_UNSERVED = 0.001;

  private final DemandTrace trace;
  private final Settings settings;

  /**
   * The replay settings of a benchmark.
   *
   * @param peakInstances how many instances the trace's peak needs (sets the per-instance capacity)
   * @param boot the boot delay
   * @param lag the metric lag
   * @param threads how many replays run at once
   * @param quick a short sweep, for tests
   */
  public record Settings(int peakInstances, Duration boot, Duration lag, int threads, boolean quick) {
    /** The benchmark's settings: peak 20 instances, boot 3 minutes, lag 1 minute. */
    public static Settings standard() {
      return new Settings(20, Duration.ofMinutes(3), Duration.ofMinutes(1), 1, false);
    }
  }

  /**
   * A benchmark of a trace.
   *
   * @param trace the demand
   * @param settings the replay settings
   */
  public AutoscalingBenchmark(DemandTrace trace, Settings settings) {
    this.trace = trace;
    this.settings = settings;
  }

  /**
   * The contenders: each family over its sweep.
   *
   * @return the contenders in report order
   */
  public List<Contender> contenders() {
    double[] targets = settings.quick() ? new double[] {0.6, 0.8}
        : new double[] {0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9};
    List<Contender> list = new ArrayList<>(OurPolicies.contenders(trace, settings, targets));
    for (double t : targets) {
      list.add(new Contender("Kubernetes HPA", String.format(Locale.ROOT, "target %.2f", t),
          () -> KubernetesHpa.builder().targetUtilization(t).replicas(1, 100).build()));
    }
    for (double t : targets) {
      list.add(new Contender("AWS target tracking", String.format(Locale.ROOT, "target %.2f", t),
          () -> AwsTargetTracking.builder().targetUtilization(t).capacity(1, 100).build()));
    }
    int peak = settings.peakInstances();
    list.add(new Contender("Fixed at peak", peak + " instances", () -> SizingPolicy.fixed(peak)));
    return list;
  }

  /**
   * A contender and its replay.
   *
   * @param contender the policy and its configuration
   * @param result what the replay measured
   */
  public record Run(Contender contender, ReplayResult result) {}

  /**
   * Runs every contender.
   *
   * @return the runs, in contender order
   */
  public List<Run> run() {
    double capacity = trace.capacityForPeak(settings.peakInstances());
    List<Contender> contenders = contenders();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()));
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (Contender c : contenders) {
        futures.add(pool.submit(() -> new Run(c, TraceReplay.builder(trace).capacityPerInstance(capacity)
            .bootDelay(settings.boot()).metricLag(settings.lag()).policy(c.policy()).build().run())));
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        runs.add(f.get());
      }
      return runs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a replay failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Each family's best run: the cheapest that meets the service objective, or, when none does,
   * the one that leaves the least demand unserved.
   *
   * @param runs the runs
   * @return the best run per family, in family order
   */
  public static Map<String, Run> best(List<Run> runs) {
    Map<String, List<Run>> byFamily = new LinkedHashMap<>();
    for (Run r : runs) {
      byFamily.computeIfAbsent(r.contender().family(), k -> new ArrayList<>()).add(r);
    }
    Map<String, Run> best = new LinkedHashMap<>();
    byFamily.forEach((family, list) -> {
      Optional<Run> meeting = list.stream().filter(r -> r.result().unservedFraction() <= MAX_UNSERVED)
          .min(Comparator.comparingDouble(r -> r.result().instanceHours()));
      best.put(family, meeting.orElseGet(() -> list.stream()
          .min(Comparator.comparingDouble((Run r) -> r.result().unservedFraction())
              .thenComparingDouble(r -> r.result().instanceHours())).orElseThrow()));
    });
    return best;
  }

  /**
   * The report: setup, the oracle, each family's best, and every run.
   *
   * @param runs the runs
   * @return Markdown
   */
  public String report(List<Run> runs) {
    ReplayResult any = runs.get(0).result();
    Oracle o = any.oracle();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Trace: %d minutes from %s, %.0f requests, peak %.0f per minute. Capacity %.2f requests per "
            + "instance-minute (the peak needs %d instances), boot %s, metric lag %s, price %s per instance-hour.%n%n",
        trace.size(), trace.start(), trace.total(), trace.peak(), any.capacityPerInstance(), settings.peakInstances(),
        human(settings.boot()), human(settings.lag()), any.hourlyPrice().toPlainString()));
    s.append(String.format(Locale.ROOT, "Oracle (the offline optimum: the cheapest schedule that serves every step with the same boot "
            + "delay, keeping instances through dips shorter than a boot): %.1f instance-hours. Per-step oracle (a boot for every rise "
            + "in demand): %.1f instance-hours (%d launches, cost %s).%n%n",
        o.lowerBoundInstanceHours(), o.instanceHours(), o.launches(), any.oracleCost().toPlainString()));
    MarkdownTable best = table();
    best(runs).values().forEach(r -> row(best, r));
    s.append("Best configuration per family (cheapest with unserved ≤ 0.1%, else least unserved):\n\n").append(best).append('\n');
    MarkdownTable all = table();
    runs.forEach(r -> row(all, r));
    s.append("Every run:\n\n").append(all);
    return s.toString();
  }

  private static MarkdownTable table() {
    return new MarkdownTable("policy", "configuration", "instance-hours", "cost", "× oracle (offline optimum)", "× per-step oracle", "unserved",
        "minutes > 90%", "scaling actions");
  }

  private static void row(MarkdownTable t, Run run) {
    ReplayResult r = run.result();
    t.row(run.contender().family(), run.contender().config(), String.format(Locale.ROOT, "%.1f", r.instanceHours()),
        r.cost().toPlainString(), String.format(Locale.ROOT, "%.3f", r.lowerBoundRatio()),
        String.format(Locale.ROOT, "%.3f", r.oracleRatio()), String.format(Locale.ROOT, "%.3f%%", r.unservedFraction() * 100),
        r.stepsAbove90(), r.scalingActions());
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  /**
   * Writes the report and one chart per family's best run (the whole trace, and the busiest day).
   *
   * @param runs the runs
   * @param out the directory
   * @return the report
   */
  public String write(List<Run> runs, Path out) {
    String report = report(runs);
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("autoscaling.md"), report);
      int peakAt = 0;
      for (int i = 1; i < trace.size(); i++) {
        if (trace.demand(i) > trace.demand(peakAt)) {
          peakAt = i;
        }
      }
      int dayFrom = Math.max(0, peakAt - 720);
      int dayTo = Math.min(trace.size(), dayFrom + 1440);
      for (Run r : best(runs).values()) {
        String slug = r.contender().family().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String whole = "whole trace";
        Files.writeString(out.resolve("autoscaling-" + slug + ".svg"), ReplayChart.svg(r.result(), 0, trace.size(), whole));
        Files.write(out.resolve("autoscaling-" + slug + ".png"), ReplayChart.png(r.result(), 0, trace.size(), whole));
        if (dayTo - dayFrom >= 2) {
          String day = "24 hours around the peak";
          Files.writeString(out.resolve("autoscaling-" + slug + "-peak-day.svg"), ReplayChart.svg(r.result(), dayFrom, dayTo, day));
          Files.write(out.resolve("autoscaling-" + slug + "-peak-day.png"), ReplayChart.png(r.result(), dayFrom, dayTo, day));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the benchmark report to " + out, e);
    }
    return report;
  }

  /**
   * Runs the benchmark from the command line.
   *
   * @param args {@code --trace FILE [--out DIR] [--peak-instances N] [--boot 3m] [--lag 1m] [--threads N] [--quick]}
   */
  public static void main(String[] args) {
    Map<String, String> a = Args.parse(args, "--quick");
    String tracePath = a.get("--trace");
    if (tracePath == null) {
      System.err.println("usage: AutoscalingBenchmark --trace FILE.csv [--out DIR] [--peak-instances 20] [--boot 3m] [--lag 1m]"
          + " [--threads 1] [--quick]");
      System.exit(2);
    }
    Settings settings = new Settings(Integer.parseInt(a.getOrDefault("--peak-instances", "20")),
        Args.duration(a.getOrDefault("--boot", "3m")), Args.duration(a.getOrDefault("--lag", "1m")),
        Integer.parseInt(a.getOrDefault("--threads", "1")), a.containsKey("--quick"));
    DemandTrace trace = DemandTrace.read(Path.of(tracePath));
    AutoscalingBenchmark bench = new AutoscalingBenchmark(trace, settings);
    long t0 = System.nanoTime();
    List<Run> runs = bench.run();
    String report = bench.write(runs, Path.of(a.getOrDefault("--out", "target/benchmarks")));
    System.out.println(report);
    System.out.printf(Locale.ROOT, "%d replays in %.1f s%n", runs.size(), (System.nanoTime() - t0) / 1e9);
  }
}
