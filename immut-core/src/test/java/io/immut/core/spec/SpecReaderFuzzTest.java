package io.immut.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.immut.api.FleetSpec;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Example;
import net.jqwik.api.Label;

/**
 * Feeds the spec reader hostile documents ({@link HostileSpecs}) and checks, for every one:
 * it is either accepted or refused with an {@link InvalidSpecException} (nothing else is thrown);
 * it does not hang; a refusal lists at most {@link SpecCodec#MAX_PROBLEMS} problems, each a short
 * line (no input is echoed beyond an excerpt); an accepted spec is written as YAML and JSON and
 * read back equal, with the same generation id and a stable text.
 *
 * <p>{@code mvn verify} runs a fixed seed and a few hundred inputs. {@code mvn verify -Pexplore}
 * runs 10,000 inputs from a fresh seed; {@code -Dimmut.fuzz.seed=N -Dimmut.fuzz.inputs=M} replays
 * a run. Each run prints its figures (inputs, accepted, refused, time) for docs/testing.md.
 */
@Label("The spec reader under hostile input")
class SpecReaderFuzzTest {
  /** The longest one problem's line may be: a path of 32 levels and short excerpts fit well within. */
  static final int MAX_PROBLEM_LINE = 1_000;
  /** Far beyond any input's cost (the slowest take tens of milliseconds): only a hang reaches it. */
  static final long HANG_SECONDS = 60;
  /** How Jackson writes a control character other than tab and line breaks into JSON text. */
  private static final java.util.regex.Pattern CONTROL_ESCAPE = java.util.regex.Pattern.compile("\\\\u00[0-1][0-9A-Fa-f]|\\\\u007[Ff]");

  // A jqwik example (run once): the valid specs the mutations start from come from jqwik's generators.
  @Example
  @Label("throws nothing but InvalidSpecException, never hangs, quotes only excerpts, and round-trips what it accepts")
  void everyInputIsAcceptedAndRoundTripsOrRefusedWithShortProblems() throws Exception {
    long seed = seed();
    int inputs = Integer.getInteger("immut.fuzz.inputs", 400);
    HostileSpecs hostile = new HostileSpecs(seed);
    List<String> failures = new ArrayList<>();
    Map<String, int[]> families = new TreeMap<>();
    int accepted = 0;
    long slowestNanos = 0;
    String slowest = "";
    long started = System.nanoTime();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "spec-fuzz");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < inputs && failures.size() < 10; i++) {
        HostileSpecs.Input input = hostile.next();
        String family = input.family().replaceAll("\\+.*", "").replaceAll("^targeted:.*", "targeted");
        int[] counts = families.computeIfAbsent(family, f -> new int[3]);
        counts[0]++;
        long t0 = System.nanoTime();
        Future<String> outcome = worker.submit(() -> check(input));
        String failure;
        try {
          failure = outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          outcome.cancel(true);
          failure = "no answer within " + HANG_SECONDS + " s (a hang)";
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor();
        } catch (ExecutionException e) {
          failure = "the check itself failed: " + stackOf(e.getCause());
        }
        long took = System.nanoTime() - t0;
        counts[2] = (int) Math.max(counts[2], took / 1_000_000);
        if (took > slowestNanos) {
          slowestNanos = took;
          slowest = input.family() + " #" + i;
          if (Boolean.getBoolean("immut.fuzz.showSlowest")) {
            System.out.println("slowest so far, " + took / 1_000_000 + " ms: " + input.describe());
          }
        }
        if (failure == null) {
          accepted++;
          counts[1]++;
        } else if (!failure.isEmpty()) {
          failures.add("input #" + i + " of seed " + seed + ": " + failure + "\n" + input.describe());
        }
      }
    } finally {
      worker.shutdownNow();
    }
    long wallMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("spec reader fuzz: seed %d, %d inputs, %d accepted (round-tripped), %d refused with"
            + " InvalidSpecException, %d failures; %d ms in all, slowest input %d ms (%s); per family (inputs/accepted/slowest ms): %s%n",
        seed, inputs, accepted, inputs - accepted - failures.size(), failures.size(), wallMs, slowestNanos / 1_000_000,
        slowest, render(families));
    assertThat(failures).as("inputs that broke the reader (seed %d; replay with -Dimmut.fuzz.seed=%d)", seed, seed)
        .isEmpty();
    assertThat(accepted).as("some inputs are valid specs, so the round trip is exercised").isPositive();
  }

  /**
   * Reads one input.
   *
   * @return null when it was accepted and round-tripped, the empty string when it was refused
   *     properly, else what went wrong
   */
  static String check(HostileSpecs.Input input) {
    FleetSpec spec;
    try {
      spec = switch (input.format()) {
        case YAML -> SpecCodec.parseYaml(input.text());
        case JSON -> SpecCodec.parseJson(input.text());
        case YAML_STREAM -> SpecCodec.readYaml(new ByteArrayInputStream(input.bytes()));
      };
    } catch (InvalidSpecException e) {
      return refusal(e);
    } catch (Throwable t) {
      return "threw " + t.getClass().getName() + " instead of InvalidSpecException: " + stackOf(t);
    }
    try {
      return roundTrip(spec);
    } catch (Throwable t) {
      return "accepted, then failed on the way back: " + stackOf(t);
    }
  }

  private static String refusal(InvalidSpecException e) {
    List<SpecProblem> problems = e.problems();
    if (problems.isEmpty() || problems.size() > SpecCodec.MAX_PROBLEMS + 1) {
      return "refused with " + problems.size() + " problems (expected 1 to " + (SpecCodec.MAX_PROBLEMS + 1) + ")";
    }
    for (SpecProblem p : problems) {
      String line = p.toString();
      if (line.length() > MAX_PROBLEM_LINE) {
        return "a problem of " + line.length() + " characters: " + line.substring(0, 300) + "...";
      }
      if (line.contains("\u0000") || line.contains("[B@") || line.contains("StreamReadConstraints")
          || line.contains("org.yaml") || line.contains("\n")) {
        return "a problem that shows raw input or parser internals: " + line;
      }
    }
    return "";
  }

  private static String roundTrip(FleetSpec spec) {
    String id = spec.generationId();
    String yaml = SpecCodec.writeYaml(spec);
    FleetSpec fromYaml = SpecCodec.parseYaml(yaml);
    if (!fromYaml.equals(spec) || !fromYaml.generationId().equals(id)) {
      return "YAML round trip differs:\n" + yaml;
    }
    if (!SpecCodec.writeYaml(fromYaml).equals(yaml)) {
      return "YAML written twice differs:\n" + yaml;
    }
    String json = SpecCodec.writeJson(spec);
    FleetSpec fromJson = SpecCodec.parseJson(json);
    if (!fromJson.equals(spec) || !fromJson.generationId().equals(id)) {
      return "JSON round trip differs:\n" + json;
    }
    String bad = SpecTree.badCharacter(json);
    if (bad != null || CONTROL_ESCAPE.matcher(json).find()) {
      return "accepted text with a control character or a lone surrogate" + (bad == null ? "" : ": " + bad) + "\n" + json;
    }
    if (spec.toString().isEmpty()) {
      return "an empty toString";
    }
    return null;
  }

  private static long seed() {
    String s = System.getProperty("immut.fuzz.seed", "20261202");
    return s.equals("fresh") ? System.nanoTime() ^ System.currentTimeMillis() : Long.parseLong(s);
  }

  private static String render(Map<String, int[]> families) {
    StringBuilder sb = new StringBuilder();
    families.forEach((f, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(f).append(' ').append(c[0]).append('/')
        .append(c[1]).append('/').append(c[2]));
    return sb.toString();
  }

  private static String stackOf(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() <= 3000 ? s : s.substring(0, 3000) + "...";
  }
}
