package io.immut.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Durations;
import io.immut.api.FleetSpec;
import io.immut.core.simulation.AwsTargetTracking;
import io.immut.core.simulation.DemandTrace;
import io.immut.core.simulation.KubernetesHpa;
import io.immut.core.simulation.ReplayChart;
import io.immut.core.simulation.ReplayResult;
import io.immut.core.simulation.SizingPolicy;
import io.immut.core.simulation.TraceReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code immut simulate TRACE --policy ...}: a demand trace replayed under a scaling policy, in virtual time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Replays a demand trace (CSV: timestamp_seconds,requests) through a fleet on the in-memory cloud under a"
        + " scaling policy, in virtual time: cost, unserved demand, against the oracle; writes a chart as SVG.")
final class SimulateCommand extends BaseCommand {
  @Parameters(paramLabel = "TRACE", description = "The trace, a CSV file.")
  String trace;

  @Option(names = "--policy", required = true, paramLabel = "POLICY",
      description = "hpa (Kubernetes HPA at 70%), aws (AWS target tracking at 70%), fixed:N, or a fleet spec FILE with autoscaled capacity.")
  String policy;

  @Option(names = "--peak-instances", defaultValue = "20", paramLabel = "N",
      description = "Sizes one instance so that the trace's peak needs N instances (default 20).")
  int peakInstances;

  @Option(names = "--boot-delay", defaultValue = "3m", paramLabel = "DURATION", description = "How long an instance takes to serve (default 3m).")
  String bootDelay;

  @Option(names = "--metric-lag", defaultValue = "1m", paramLabel = "DURATION", description = "How late the metrics arrive (default 1m).")
  String metricLag;

  @Option(names = "--from", defaultValue = "0", paramLabel = "STEP", description = "The first step of the trace to replay (default 0).")
  int from;

  @Option(names = "--to", defaultValue = "-1", paramLabel = "STEP", description = "The step after the last to replay (default: the end).")
  int to;

  @Option(names = "--chart", defaultValue = "simulation.svg", paramLabel = "FILE", description = "Where the chart goes (default simulation.svg).")
  String chart;

  @Option(names = "--no-chart", description = "Write no chart.")
  boolean noChart;

  @Override
  public Integer call() throws IOException {
    Path file = io().resolve(trace);
    if (!Files.isRegularFile(file)) {
      throw new CliException(trace + ": no such trace file; give a CSV of timestamp_seconds,requests (see docs/cost.md)", Exit.ERROR);
    }
    DemandTrace demand = DemandTrace.read(file);
    int end = to < 0 ? demand.size() : to;
    if (from < 0 || end > demand.size() || from >= end) {
      throw new CliException("--from " + from + " --to " + to + " is not a range of the trace's " + demand.size()
          + " steps; give 0 <= FROM < TO <= " + demand.size(), Exit.USAGE);
    }
    if (from > 0 || end < demand.size()) {
      demand = demand.slice(from, end);
    }
    if (peakInstances < 1) {
      throw new CliException("--peak-instances " + peakInstances + " must be 1 or more", Exit.USAGE);
    }
    TraceReplay.Builder b = TraceReplay.builder(demand).capacityPerInstance(demand.capacityForPeak(peakInstances))
        .bootDelay(duration("--boot-delay", bootDelay)).metricLag(duration("--metric-lag", metricLag));
    policy(b);
    ReplayResult r = b.build().run();
    Path chartFile = null;
    if (!noChart) {
      chartFile = io().resolve(chart);
      Files.writeString(chartFile, ReplayChart.svg(r, 0, r.demand().length, "immut simulate: " + r.policy()), StandardCharsets.UTF_8);
    }
    if (json()) {
      ObjectNode node = object();
      node.put("trace", trace);
      node.put("policy", r.policy());
      node.put("steps", r.demand().length);
      node.put("step", Durations.format(r.step()));
      node.put("capacityPerInstance", r.capacityPerInstance());
      node.put("cost", r.cost().toPlainString());
      node.put("oracleCost", r.oracleCost().toPlainString());
      node.put("oracleRatio", r.oracleRatio());
      node.put("unservedFraction", r.unservedFraction());
      node.put("stepsAbove90", r.stepsAbove90());
      node.put("scalingActions", r.scalingActions());
      node.put("launches", r.launches());
      node.put("terminations", r.terminations());
      node.put("chart", chartFile == null ? null : chartFile.toString());
      print(node);
    } else {
      println(r.summary());
      if (chartFile != null) {
        println("Chart: " + chartFile);
      }
    }
    return Exit.OK;
  }

  private void policy(TraceReplay.Builder b) {
    String p = policy.trim().toLowerCase(Locale.ROOT);
    if (p.equals("hpa")) {
      b.policy(() -> KubernetesHpa.builder().targetUtilization(0.7).build());
    } else if (p.equals("aws")) {
      b.policy(() -> AwsTargetTracking.builder().targetUtilization(0.7).build());
    } else if (p.startsWith("fixed:")) {
      int n;
      try {
        n = Integer.parseInt(p.substring("fixed:".length()));
      } catch (NumberFormatException e) {
        throw new CliException("--policy " + policy + ": the size is not a number; give fixed:N, e.g. fixed:12", Exit.USAGE);
      }
      b.policy(() -> SizingPolicy.fixed(n));
    } else {
      SpecFile spec = SpecFile.read(policy, io());
      FleetSpec fleet = spec.spec();
      try {
        b.fleet(fleet).autoscaledBy(fleet);
      } catch (IllegalArgumentException e) {
        throw new CliException(policy + ": " + e.getMessage(), Exit.ERROR);
      }
    }
  }

  private static Duration duration(String option, String value) {
    try {
      return Durations.parse(value);
    } catch (RuntimeException e) {
      throw new CliException(option + " " + value + " is not a duration; give one such as 90s, 3m or PT3M", Exit.USAGE);
    }
  }

}
