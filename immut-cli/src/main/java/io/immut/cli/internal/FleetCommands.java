package io.immut.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.FleetStatus;
import io.immut.api.Generation;
import io.immut.api.Instance;
import io.immut.core.Immut;
import io.immut.core.history.GenerationRecord;
import io.immut.core.rollout.RolloutResult;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The commands on one fleet by name. */
final class FleetCommands {
  private FleetCommands() {}

  /** A command whose one parameter is a fleet's name. */
  abstract static class OnFleet extends ConnectedCommand {
    @Parameters(paramLabel = "FLEET", description = "The fleet's name.")
    String fleet;
  }

  /** {@code immut status FLEET}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "What the fleet runs now: live generation, generation rolling in, instances with their health, hourly cost.")
  static final class Status extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      FleetStatus status = immut.status(fleet);
      if (json()) {
        print(tree(status.toJson()));
      } else {
        println(text(status, immut.history(fleet)));
      }
      return Exit.OK;
    }

    static String text(FleetStatus s, List<GenerationRecord> history) {
      Map<String, String> names = new HashMap<>();
      history.forEach(r -> names.put(r.generation().id(), r.generation().name()));
      StringBuilder b = new StringBuilder();
      b.append("Fleet ").append(s.fleet()).append(": ");
      if (s.live().isEmpty() && s.instances().isEmpty()) {
        b.append("nothing runs (no live generation, no instance); roll it out with: immut apply FILE");
        return b.toString();
      }
      b.append("live ").append(s.live().map(g -> g.name() + " (" + g.id() + ")").orElse("none"));
      b.append(", ").append(s.healthyCount()).append(" of ").append(s.desiredCapacity()).append(" desired healthy");
      s.cost().ifPresent(c -> b.append(", $").append(c.toPlainString()).append("/h"));
      s.target().ifPresent(t -> b.append("\n  rolling in: ").append(t.name()).append(" (").append(t.id()).append(')'));
      if (!s.instances().isEmpty()) {
        b.append(String.format(Locale.ROOT, "%n  %-22s %-10s %-12s %-9s %-10s %s", "INSTANCE", "GENERATION", "STATE", "HEALTH",
            "TYPE", "ZONE"));
        for (Instance i : s.instances()) {
          b.append(String.format(Locale.ROOT, "%n  %-22s %-10s %-12s %-9s %-10s %s", i.id().value(),
              names.getOrDefault(i.generationId(), i.generationId()), i.state(), i.health(), i.instanceType(), i.zone()));
        }
      }
      return b.toString();
    }
  }

  /** {@code immut history FLEET}. */
  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "The fleet's generations, oldest first, with their status (LIVE, RETIRED, FAILED, ROLLED_BACK, PENDING).")
  static final class History extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      List<GenerationRecord> history = immut.history(fleet);
      if (json()) {
        ObjectNode node = object();
        node.put("fleet", fleet);
        ArrayNode list = node.putArray("generations");
        for (GenerationRecord r : history) {
          ObjectNode g = list.addObject();
          g.put("name", r.generation().name());
          g.put("number", r.generation().number());
          g.put("id", r.generation().id());
          g.put("status", r.status().name());
          g.put("image", r.spec().generation().image().value());
          g.put("instanceType", r.spec().generation().instanceType());
          g.put("createdAt", r.createdAt().toString());
          g.put("updatedAt", r.updatedAt().toString());
          g.put("reason", r.why().orElse(null));
        }
        print(node);
      } else if (history.isEmpty()) {
        println("Fleet " + fleet + " has no generation yet; roll it out with: immut apply FILE");
      } else {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %-14s %-12s %-20s %s", "GENERATION", "ID", "STATUS",
            "IMAGE", "REASON"));
        for (GenerationRecord r : history) {
          b.append(String.format(Locale.ROOT, "%n%-10s %-14s %-12s %-20s %s", r.generation().name(), r.generation().id(),
              r.status(), r.spec().generation().image().value(), r.why().orElse("")).stripTrailing());
        }
        println(b.toString());
      }
      return Exit.OK;
    }
  }

  /** {@code immut rollback FLEET}. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Restores the previous good generation and waits until it runs the fleet.")
  static final class Rollback extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      RolloutResult result = immut.rollback(fleet);
      if (json()) {
        print(tree(result.toJson()));
      } else {
        println(ApplyCommand.line(result));
      }
      return result.outcome() == RolloutResult.Outcome.ROLLED_BACK || result.outcome() == RolloutResult.Outcome.COMPLETED
          ? Exit.OK : Exit.NOT_GOOD;
    }
  }

  /** {@code immut promote FLEET}. */
  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Promotes the generation a rollout under way waits for (blue/green with manual promotion, inconclusive canary).")
  static final class Promote extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      immut.promote(fleet);
      return sent(this, fleet, "promote");
    }
  }

  /** {@code immut abort FLEET}. */
  @Command(name = "abort", mixinStandardHelpOptions = true,
      description = "Stops the fleet's rollout under way and rolls back what it launched.")
  static final class Abort extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      immut.abort(fleet);
      return sent(this, fleet, "abort");
    }
  }

  private static int sent(BaseCommand c, String fleet, String command) {
    if (c.json()) {
      ObjectNode node = BaseCommand.object();
      node.put("fleet", fleet);
      node.put("command", command);
      node.put("sent", true);
      c.print(node);
    } else {
      c.println("Sent " + command + " to the rollout of fleet " + fleet + "; follow it with: immut status " + fleet);
    }
    return Exit.OK;
  }

  /** {@code immut cost FLEET}. */
  @Command(name = "cost", mixinStandardHelpOptions = true,
      description = "What the fleet costs now: hourly spend, projected month, spend per generation, budget.")
  static final class Cost extends OnFleet {
    @Override
    int run(Immut immut, Connection connection) {
      io.immut.core.cost.CostReport report = immut.costReport(fleet);
      if (json()) {
        print(tree(report.toJson()));
      } else {
        println(report.toText().stripTrailing());
      }
      return Exit.OK;
    }
  }

  static String name(Generation g) {
    return g == null ? "none" : g.name();
  }
}
