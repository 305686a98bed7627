package io.immut.examples;

import io.immut.api.Amount;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.RolloutStrategy;
import io.immut.core.clock.Clock;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.memory.MemoryCloud;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.spec.SpecCodec;
import io.immut.core.state.Finding;
import io.immut.core.state.StateReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's main job, on the in-memory cloud in real time, in a few seconds: reads the fleet
 * spec {@code web.yaml}, prints the plan, rolls {@code web} out as v1, rolls it from v1 to v2
 * with a progress display, then tries a bad v3 whose instances never turn healthy and shows the
 * automatic rollback, and the fleet's history.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws IOException when the lock directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    // A fast cloud: instances boot in under a second and turn healthy shortly after.
    MemoryCloud cloud = MemoryCloud.builder()
        .clock(Clock.system())
        .seed(7)
        .bootTime(Duration.ofMillis(700))
        .bootJitter(0.3)
        .healthyAfter(Duration.ofMillis(300))
        .images("ami-web-v1", "ami-web-v2", "ami-web-v3")
        .build();
    // Generation v3 is bad: its instances boot but never pass a health check.
    cloud.faults().neverHealthy("ami-web-v3");

    FleetSpec fromFile = readSpec("web.yaml");
    // The file's health check is tuned for real machines; the demo's clock runs on seconds.
    HealthCheck quick = HealthCheck.builder().gracePeriod(Duration.ofMillis(300)).interval(Duration.ofMillis(200))
        .healthyThreshold(2).unhealthyThreshold(3).progressDeadline(Duration.ofSeconds(5)).build();
    FleetSpec v1 = fromFile.toBuilder()
        .generation(fromFile.generation().toBuilder().image("ami-web-v1").healthCheck(quick).build())
        .strategy(RolloutStrategy.rolling(Amount.percent(50), Amount.of(0)))
        .build();
    FleetSpec v2 = withImage(v1, "ami-web-v2");
    FleetSpec v3 = withImage(v1, "ami-web-v3");

    try (Immut immut = Immut.builder()
        .driver(cloud.driver())
        .clock(Clock.system())
        .owner("demo")
        .lockDirectory(Files.createTempDirectory("immut-demo-locks"))
        .build()) {
      step("1. Roll out web v1 (a new fleet)");
      show(immut.apply(v1, progress()));

      step("2. The plan for v2 (nothing is done yet)");
      System.out.println(immut.plan(v2).toText());
      step("3. Roll web from v1 to v2");
      show(immut.apply(v2, progress()));

      step("4. Try a bad v3: its instances never turn healthy");
      show(immut.apply(v3, progress()));

      step("History of web");
      for (GenerationRecord r : immut.history("web")) {
        System.out.printf("  %-10s %-12s %-11s %s%n", r.generation().name(), r.generation().id(), r.status(),
            r.why().orElse(""));
      }
      System.out.printf("%nLive instances: %d, all of %s; hourly cost %s%n", immut.status("web").instances().size(),
          immut.status("web").live().map(g -> g.name()).orElse("none"), immut.status("web").cost().orElse(null));
    }
  }

  private static FleetSpec withImage(FleetSpec spec, String image) {
    GenerationSpec generation = spec.generation().toBuilder().image(image).build();
    return spec.toBuilder().generation(generation).build();
  }

  private static FleetSpec readSpec(String resource) {
    try (InputStream in = Demo.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("the example spec " + resource + " is missing from the class path");
      }
      return SpecCodec.readYaml(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RolloutListener progress() {
    // State findings arrive one per subject (the same volume on each instance): they are shown
    // grouped, once the first event of another kind arrives.
    List<RolloutEvent.StateFinding> findings = new ArrayList<>();
    return event -> {
      if (event instanceof RolloutEvent.StateFinding f) {
        findings.add(f);
        return;
      }
      if (!findings.isEmpty()) {
        double at = findings.get(0).progress();
        for (List<Finding> group : new StateReport(findings.stream().map(RolloutEvent.StateFinding::finding).toList()).groups()) {
          Finding f = group.get(0);
          String subjects = group.size() == 1 ? f.subject()
              : group.size() + " " + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "s";
          System.out.printf("  [%s] %3.0f%%  state %s %s%s: %s%n", bar(at), at * 100, f.severity(), f.rule(),
              f.acknowledged() ? " (acknowledged)" : "", subjects);
        }
        findings.clear();
      }
      String what = describe(event);
      if (what != null) {
        System.out.printf("  [%s] %3.0f%%  %s%n", bar(event.progress()), event.progress() * 100, what);
      }
    };
  }

  private static String describe(RolloutEvent e) {
    if (e instanceof RolloutEvent.Started s) {
      return "rollout of " + s.generation() + " (" + s.strategy() + ", " + s.desired() + " instances)";
    } else if (e instanceof RolloutEvent.WaveStarted w) {
      return "wave " + w.wave() + ": launch " + w.launch() + ", terminate " + w.terminate();
    } else if (e instanceof RolloutEvent.InstancesLaunched l) {
      return "launched " + l.ids().size() + " of " + l.generation();
    } else if (e instanceof RolloutEvent.InstancesTerminated t) {
      return "terminated " + t.ids().size() + " (" + t.reason() + ")";
    } else if (e instanceof RolloutEvent.GatePassed g) {
      return "health gate passed by " + g.generation();
    } else if (e instanceof RolloutEvent.GateFailed g) {
      return "health gate FAILED by " + g.generation() + ": " + g.reason();
    } else if (e instanceof RolloutEvent.RollbackStarted r) {
      return "rolling back to " + r.toGeneration() + ": " + r.reason();
    } else if (e instanceof RolloutEvent.RollbackFinished r) {
      return "rolled back to " + r.toGeneration();
    }
    return null;
  }

  private static String bar(double progress) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, progress)) * 20);
    return "#".repeat(filled) + ".".repeat(20 - filled);
  }

  private static void step(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static void show(RolloutResult result) {
    System.out.println("  => " + result.outcome() + (result.reason().isEmpty() ? "" : ": " + result.reason())
        + " (launched " + result.launched() + ", terminated " + result.terminated() + ", "
        + result.duration().toMillis() + " ms)");
  }
}
