package io.immut.cli.internal;

import io.immut.api.InvalidSpecException;
import io.immut.core.Immut;
import io.immut.core.rollout.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code immut plan FILE...}: what apply would do, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Shows what apply would do for each spec file: waves, state findings, cost and timeline. Changes nothing.")
final class PlanCommand extends ConnectedCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Fleet spec files (YAML or JSON).")
  List<String> files;

  @Option(names = "--detailed-exitcode",
      description = "Exit 0 when no fleet would change, 2 when one would, 1 on an error (as terraform plan).")
  boolean detailedExitCode;

  @Override
  int run(Immut immut, Connection connection) {
    List<SpecFile> specs = files.stream().map(f -> SpecFile.read(f, io())).toList();
    List<Plan> plans = plans(immut, specs);
    boolean changes = plans.stream().anyMatch(p -> !p.noChange());
    if (json()) {
      print(array(plans.stream().map(Plan::toJson).toList()));
    } else {
      for (int i = 0; i < plans.size(); i++) {
        io().out().print((i > 0 ? "\n" : "") + plans.get(i).toText());
      }
      io().out().flush();
    }
    return detailedExitCode && changes ? Exit.CHANGES : Exit.OK;
  }

  /** Plans every spec, placing a driver's spec problems in its file. */
  static List<Plan> plans(Immut immut, List<SpecFile> specs) {
    List<Plan> plans = new ArrayList<>();
    for (SpecFile s : specs) {
      try {
        plans.add(immut.plan(s.spec()));
      } catch (InvalidSpecException e) {
        throw s.problems(e);
      }
    }
    return plans;
  }
}
