package io.immut.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code immut}: the commands. */
@Command(name = "immut", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
    description = "Immutable infrastructure from a terminal or a CI step: plan, apply, status, history, rollback.",
    subcommands = {PlanCommand.class, ApplyCommand.class, FleetCommands.Status.class, FleetCommands.History.class,
        FleetCommands.Rollback.class, FleetCommands.Promote.class, FleetCommands.Abort.class, CheckCommand.class,
        FleetCommands.Cost.class, SimulateCommand.class, ControllerCommand.class, SandboxCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 done (no change), 1 error, 2 changes (plan --detailed-exitcode), 3 not good (state blocker,"
        + " rollout rolled back, failed or aborted), 4 fleet busy, 64 usage. See docs/cli.md."})
public final class RootCommand implements Callable<Integer> {
  private final Io io;
  private final List<String> args;
  private final List<String> secrets = new ArrayList<>();

  @Spec
  CommandSpec spec;

  RootCommand(Io io, List<String> args) {
    this.io = io;
    this.args = List.copyOf(args);
  }

  Io io() {
    return io;
  }

  /** The command line as given, for a background apply. */
  List<String> args() {
    return args;
  }

  /** Secret values met while resolving the configuration, masked in every error. */
  List<String> secrets() {
    return secrets;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(io.out());
    return Exit.USAGE;
  }

  /** The version from the build. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = RootCommand.class.getResourceAsStream("/immut-cli.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is unknown
    }
    return p.getProperty("version", "unknown");
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"immut " + version(), "Java " + System.getProperty("java.version") + " ("
          + System.getProperty("java.vendor") + ")"};
    }
  }
}
