package io.immut.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.cli.internal.sandbox.SandboxDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code immut sandbox ...}: the sandbox cloud. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, subcommands = SandboxCommand.Reset.class,
    description = "The sandbox: an in-memory cloud kept in a directory (default ~/.immut/sandbox) to learn on, no account needed.")
final class SandboxCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(io().out());
    return Exit.USAGE;
  }

  /** {@code immut sandbox reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Empties the sandbox: no instance, no generation history. Its next command starts a new one.")
  static final class Reset extends BaseCommand {
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
      Connection c = Connection.resolve(connection, io());
      if (c.sandbox() == null) {
        throw new CliException("sandbox reset works on the sandbox driver, not on '" + c.driver() + "': leave out --driver"
            + " (or IMMUT_DRIVER), or give --driver sandbox", Exit.ERROR);
      }
      SandboxDirectory sandbox = c.sandbox();
      boolean had = sandbox.reset();
      if (json()) {
        ObjectNode node = object();
        node.put("sandbox", sandbox.path().toString());
        node.put("reset", true);
        node.put("hadContent", had);
        print(node);
      } else {
        println("Sandbox " + sandbox.path() + (had ? " reset: no instance, no history." : " was already empty."));
      }
      return Exit.OK;
    }
  }
}
