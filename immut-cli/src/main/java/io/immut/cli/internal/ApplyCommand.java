package io.immut.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.InvalidSpecException;
import io.immut.core.Immut;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.rollout.RolloutResult;
import io.immut.core.rollout.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code immut apply FILE...}: rolls the specs out. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Shows the plans, asks for confirmation (or --yes), then rolls each spec out, replacing instances."
        + " Exits 3 when a rollout was rolled back, failed or was aborted.")
final class ApplyCommand extends ConnectedCommand {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Fleet spec files (YAML or JSON), rolled out in order.")
  List<String> files;

  @Option(names = {"-y", "--yes"}, description = "Apply without asking.")
  boolean yes;

  @Option(names = "--no-progress", description = "Plain lines instead of the progress display, even on a terminal.")
  boolean noProgress;

  @Option(names = "--async", description = "Start the rollout in the background and return once it holds the fleet;"
      + " follow it with status, promote or abort it from another command.")
  boolean async;

  @Override
  int run(Immut immut, Connection connection) throws Exception {
    List<SpecFile> specs = files.stream().map(f -> SpecFile.read(f, io())).toList();
    List<Plan> plans = PlanCommand.plans(immut, specs);
    boolean changes = plans.stream().anyMatch(p -> !p.noChange());
    if (!json()) {
      for (Plan p : plans) {
        io().out().print(p.toText() + "\n");
      }
      io().out().flush();
    }
    if (changes && !yes) {
      confirm(plans);
    }
    if (async) {
      return background(immut, connection, specs);
    }
    List<RolloutResult> results = new ArrayList<>();
    boolean live = io().terminal() && !noProgress && !json();
    for (SpecFile s : specs) {
      ProgressDisplay progress = new ProgressDisplay(io().out(), live);
      RolloutListener listener = json() ? RolloutListener.NONE : progress;
      try {
        RolloutResult result = immut.apply(s.spec(), listener);
        results.add(result);
        progress.done();  // before the result line, on a terminal
        if (!json()) {
          println(line(result));
        }
        if (!good(result)) {
          break; // the next specs are not rolled out on top of a failed one
        }
      } catch (InvalidSpecException e) {
        throw s.problems(e);
      } finally {
        progress.done();
      }
    }
    if (json()) {
      print(array(results.stream().map(RolloutResult::toJson).toList()));
    }
    return results.stream().allMatch(ApplyCommand::good) ? Exit.OK : Exit.NOT_GOOD;
  }

  static boolean good(RolloutResult r) {
    return r.outcome() == RolloutResult.Outcome.COMPLETED || r.outcome() == RolloutResult.Outcome.NO_CHANGE;
  }

  /** One line on how a rollout ended. */
  static String line(RolloutResult r) {
    String live = r.live().map(g -> g.name() + " is live").orElse("no generation is live");
    return String.format(Locale.ROOT, "%s: %s%s; %s (launched %d, terminated %d, %.1f s)", r.fleet(), r.outcome(),
        r.reason().isEmpty() ? "" : " (" + r.reason() + ")", live, r.launched(), r.terminated(), r.duration().toMillis() / 1000.0);
  }

  private void confirm(List<Plan> plans) throws IOException {
    long changing = plans.stream().filter(p -> !p.noChange()).count();
    io().err().print("Apply the plan above to " + changing + (changing == 1 ? " fleet" : " fleets")
        + "? Only 'yes' is accepted: ");
    io().err().flush();
    String answer = io().in().readLine();
    if (answer == null) {
      throw new CliException("apply needs a confirmation and standard input gave none: answer 'yes', or run with --yes"
          + " (in scripts and CI)", Exit.ERROR);
    }
    if (!answer.trim().equals("yes")) {
      throw new CliException("apply cancelled: nothing was changed (answer 'yes' to apply)", Exit.ERROR);
    }
  }

  /** Runs the same apply in a process of its own, and returns once its rollouts hold their fleets. */
  private int background(Immut immut, Connection connection, List<SpecFile> specs) throws Exception {
    Path logs = connection.sandbox() != null ? connection.sandbox().logs() : io().resolve(".immut/logs");
    Files.createDirectories(logs);
    String fleets = String.join("-", specs.stream().map(s -> s.spec().name()).toList());
    Path log = logs.resolve("apply-" + fleets + "-" + STAMP.format(Instant.now()) + ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(io.immut.cli.internal.Cli.class.getName().replace("internal.Cli", "Main"));
    for (String a : root().args()) {
      if (!a.equals("--async")) {
        command.add(a);
      }
    }
    command.add("--yes");
    command.add("--no-progress");
    command.add("--output=text"); // the progress lines tell this process when the rollout started
    immut.close(); // the child opens the cloud itself
    Process child = new ProcessBuilder(command).directory(io().cwd().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
    // wait until every rollout started (it then holds its fleet's lease), or the child ended
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive() && System.nanoTime() < deadline && !started(log, specs)) {
      Thread.sleep(100);
    }
    if (!child.isAlive() && child.exitValue() != 0 && !started(log, specs)) {
      String tail = Files.readString(log, StandardCharsets.UTF_8).stripTrailing();
      throw new CliException("the background apply stopped at once (exit " + child.exitValue() + "): "
          + tail.substring(tail.lastIndexOf('\n') + 1) + "; see " + log, child.exitValue());
    }
    if (json()) {
      ObjectNode node = object();
      node.put("async", true);
      node.put("pid", child.pid());
      node.put("log", log.toString());
      ArrayNode list = node.putArray("fleets");
      specs.forEach(s -> list.add(s.spec().name()));
      print(node);
    } else {
      println("Started in the background (process " + child.pid() + ", log " + log + "); follow it with: immut status "
          + specs.get(0).spec().name());
    }
    return Exit.OK;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static boolean started(Path log, List<SpecFile> specs) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    String first = specs.get(0).spec().name();
    return text.contains(first + "   0% rollout of") || text.contains(first + ": ");
  }
}
