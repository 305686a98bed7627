package io.immut.cli.internal;

import io.immut.api.InvalidSpecException;
import io.immut.core.Immut;
import io.immut.core.state.StateReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code immut check FILE}: the state checks a rollout would run. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Runs the state checks a rollout of the spec would run (volumes, bindings, user data, running instances)."
        + " Exits 3 when a blocker is not acknowledged.")
final class CheckCommand extends ConnectedCommand {
  @Parameters(paramLabel = "FILE", description = "A fleet spec file.")
  String file;

  @Override
  int run(Immut immut, Connection connection) {
    SpecFile s = SpecFile.read(file, io());
    StateReport report;
    try {
      report = immut.check(s.spec());
    } catch (InvalidSpecException e) {
      throw s.problems(e);
    }
    if (json()) {
      print(tree(report.toJson()));
    } else {
      println("State of fleet " + s.spec().name() + ": " + report.summary());
      if (!report.isEmpty()) {
        println(report.toText().stripTrailing());
      }
    }
    return report.blocksRollout() ? Exit.NOT_GOOD : Exit.OK;
  }
}
