package io.immut.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.Redaction;
import io.immut.core.rollout.FleetBusyException;
import io.immut.core.state.StateBlockedException;
import io.immut.spi.DriverException;
import io.immut.spi.InvalidConfigException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Runs one command line: parses it, runs the command, turns every failure into lines and an exit code. */
public final class Cli {
  private Cli() {}

  /**
   * Runs on the process's streams and environment.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Io io = new Io(out, err, in, System.getenv(), Path.of("").toAbsolutePath(), System.console() != null);
    return run(args, io);
  }

  /**
   * Runs with the given streams and environment.
   *
   * @param args the command line
   * @param io the streams, environment and working directory
   * @return the exit code
   */
  public static int run(String[] args, Io io) {
    RootCommand root = new RootCommand(io, List.of(args));
    CommandLine cli = new CommandLine(root);
    cli.setOut(io.out()).setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOverwrittenOptionsAllowed(true);
    cli.setParameterExceptionHandler((e, arguments) -> {
      String command = e.getCommandLine().getCommandSpec().qualifiedName();
      io.err().println("immut: " + e.getMessage() + "; see: " + command + " --help");
      io.err().flush();
      return Exit.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, root, commandLine));
    int code = cli.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }

  private static int report(Exception e, RootCommand root, CommandLine commandLine) {
    Io io = root.io();
    int code = Exit.ERROR;
    String message;
    List<CliException.LocatedProblem> problems = List.of();
    if (e instanceof CliException c) {
      code = c.exitCode();
      message = c.getMessage();
      problems = c.problems();
    } else if (e instanceof InvalidSpecException s) {
      message = s.getMessage() + "; fix the spec file";
    } else if (e instanceof InvalidConfigException c) {
      message = "the driver configuration is not valid: " + String.join("; ", c.problems())
          + "; fix it with --config NAME=VALUE, IMMUT_CONFIG_<NAME> or the config file";
    } else if (e instanceof FleetBusyException) {
      code = Exit.BUSY;
      message = e.getMessage() + "; wait for it (immut status FLEET) or stop it (immut abort FLEET)";
    } else if (e instanceof StateBlockedException) {
      code = Exit.NOT_GOOD;
      message = e.getMessage();
    } else if (e instanceof DriverException) {
      message = "the cloud refused: " + e.getMessage();
    } else if (e instanceof ImmutException) {
      message = e.getMessage();
    } else if (e instanceof InterruptedException) {
      code = Exit.INTERRUPTED;
      message = "interrupted; a rollout that was under way finishes when you apply the same spec again";
    } else {
      message = "unexpected " + e.getClass().getName() + ": " + e.getMessage()
          + "; this is a bug in immut: report it with the command line (set IMMUT_DEBUG=1 for the stack trace)";
    }
    message = mask(message, root.secrets());
    boolean json = commandLine.getCommand() instanceof BaseCommand b && b.json();
    if (json) {
      ObjectNode node = BaseCommand.object();
      ObjectNode error = node.putObject("error");
      error.put("message", message);
      error.put("exitCode", code);
      ArrayNode list = error.putArray("problems");
      for (CliException.LocatedProblem p : problems) {
        ObjectNode n = list.addObject();
        n.put("file", p.file());
        n.put("line", p.line());
        n.put("column", p.column());
        n.put("path", p.path());
        n.put("problem", mask(p.problem(), root.secrets()));
        n.put("allowed", p.allowed());
      }
      io.out().println(node.toPrettyString());
      io.out().flush();
    }
    for (String line : message.split("\n")) {
      io.err().println("immut: error: " + line);
    }
    if (io.env().containsKey("IMMUT_DEBUG")) {
      e.printStackTrace(io.err());
    }
    io.err().flush();
    return code;
  }

  /** Removes credentials: URL user info and secret-named pairs, and every secret value of the configuration. */
  static String mask(String text, List<String> secrets) {
    String out = Redaction.scrub(text == null ? "" : text);
    for (String secret : secrets) {
      out = out.replace(secret, Redaction.MASK);
    }
    return out;
  }
}
