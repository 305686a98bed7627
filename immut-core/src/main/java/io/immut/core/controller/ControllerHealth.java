package io.immut.core.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of a controller at one instant: each fleet it manages (last successful reconcile,
 * errors, lease state) and the spec files it could not take.
 *
 * <pre>{@code
 * ControllerHealth health = controller.health();
 * if (!health.isHealthy()) System.err.println(health.toText());
 * }</pre>
 *
 * @param at when it was taken, on the controller's clock
 * @param running whether the controller's threads run (false before {@code start()} and after shutdown)
 * @param fleets the fleets, by name
 * @param specProblems the spec files of the watched directory that could not be taken
 * @since 0.2
 */
public record ControllerHealth(Instant at, boolean running, List<FleetHealth> fleets, List<SpecFileProblem> specProblems) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates and copies the fields. */
  public ControllerHealth {
    Objects.requireNonNull(at, "at");
    fleets = List.copyOf(fleets);
    specProblems = List.copyOf(specProblems);
  }

  /**
   * One fleet's health.
   *
   * @param fleet the fleet
   * @return it, or empty when the controller does not manage the fleet
   */
  public Optional<FleetHealth> fleet(String fleet) {
    return fleets.stream().filter(f -> f.fleet().equals(fleet)).findFirst();
  }

  /**
   * Whether every fleet is in good order and every spec file was taken.
   *
   * @return true when no fleet fails or is blocked and no spec file has a problem
   */
  public boolean isHealthy() {
    return specProblems.isEmpty() && fleets.stream().allMatch(FleetHealth::isHealthy);
  }

  /**
   * How many fleets are in a state.
   *
   * @param state the state
   * @return the count
   */
  public long count(FleetState state) {
    return fleets.stream().filter(f -> f.state() == state).count();
  }

  /**
   * The health as JSON for machines: one object of a stable schema ({@code "schemaVersion": 1},
   * documented in {@code docs/controller.md}) with {@code at}, {@code running}, {@code healthy},
   * {@code fleets} (one object per fleet with every field of {@link FleetHealth}, instants as
   * ISO-8601 or null) and {@code specProblems} ({@code file}, {@code message}).
   *
   * @return the JSON text, pretty-printed
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("at", at.toString());
    root.put("running", running);
    root.put("healthy", isHealthy());
    ArrayNode list = root.putArray("fleets");
    for (FleetHealth f : fleets) {
      ObjectNode n = list.addObject();
      n.put("fleet", f.fleet());
      n.put("source", f.source());
      n.put("state", f.state().name());
      n.put("lease", f.lease().name());
      n.put("fencingToken", f.fencingToken());
      n.put("generationId", f.generationId());
      n.put("liveGeneration", f.liveGeneration());
      n.put("lastReconciledAt", f.lastReconciledAt() == null ? null : f.lastReconciledAt().toString());
      n.put("lastAttemptAt", f.lastAttemptAt() == null ? null : f.lastAttemptAt().toString());
      n.put("lastOutcome", f.lastOutcome());
      n.put("lastError", f.lastError());
      n.put("consecutiveErrors", f.consecutiveErrors());
      n.put("reconciles", f.reconciles());
      n.put("instances", f.instances());
      if (f.hourlyCost() == null) {
        n.putNull("hourlyCost");
      } else {
        n.put("hourlyCost", f.hourlyCost());
      }
      n.put("note", f.note());
    }
    ArrayNode problems = root.putArray("specProblems");
    for (SpecFileProblem p : specProblems) {
      ObjectNode n = problems.addObject();
      n.put("file", p.file().toString());
      n.put("message", p.message());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The health for people: one line per fleet, then the spec files' problems.
   *
   * @return the text
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("controller ").append(running ? "running" : "stopped").append(" at ").append(at).append(", ")
        .append(fleets.size()).append(" fleet(s)").append(isHealthy() ? ", healthy" : ", NOT healthy").append('\n');
    for (FleetHealth f : fleets) {
      b.append("  ").append(f.fleet()).append(": ").append(f.state()).append(", lease ").append(f.lease())
          .append(", live ").append(f.liveGeneration() == null ? "-" : f.liveGeneration())
          .append(", ").append(f.instances()).append(" instance(s)")
          .append(", last reconciled ").append(f.lastReconciledAt() == null ? "never" : f.lastReconciledAt().toString());
      if (!f.lastError().isEmpty()) {
        b.append(", error (").append(f.consecutiveErrors()).append(" in a row): ").append(f.lastError());
      }
      if (!f.note().isEmpty()) {
        b.append(" [").append(f.note()).append(']');
      }
      b.append('\n');
    }
    for (SpecFileProblem p : specProblems) {
      b.append("  problem: ").append(p).append('\n');
    }
    return b.toString();
  }
}
