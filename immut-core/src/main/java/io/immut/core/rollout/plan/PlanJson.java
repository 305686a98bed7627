package io.immut.core.rollout.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Generation;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Renders a {@link Plan} as JSON of the schema documented in {@code docs/rollouts.md}. */
final class PlanJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanJson() {}

  static String render(Plan p) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("fleet", p.fleet());
    root.put("driver", p.driver());
    generation(root, "target", p.target());
    generation(root, "live", p.live());
    root.put("image", p.image());
    root.put("instanceType", p.instanceType());
    root.put("strategy", p.strategy());
    root.put("desired", p.desired());
    root.put("currentInstances", p.currentInstances());
    root.put("noChange", p.noChange());
    ArrayNode ws = root.putArray("waves");
    for (Plan.Wave w : p.waves()) {
      ObjectNode n = ws.addObject();
      n.put("number", w.number());
      n.put("launch", w.launch());
      n.put("launchGeneration", w.launchGeneration());
      n.put("terminate", w.terminate());
      ArrayNode from = n.putArray("terminateGenerations");
      w.terminateGenerations().forEach(from::add);
      n.put("instancesAfter", w.instancesAfter());
      n.put("durationMillis", w.duration().toMillis());
    }
    root.put("totalLaunches", p.totalLaunches());
    root.put("totalTerminations", p.totalTerminations());
    root.put("peakInstances", p.peakInstances());
    root.put("estimatedDurationMillis", p.estimatedDuration().toMillis());
    root.put("currency", p.currency());
    amount(root, "currentHourlyCost", p.currentHourlyCost());
    amount(root, "peakHourlyCost", p.peakHourlyCost());
    amount(root, "overlapCost", p.overlapCost());
    amount(root, "budget", p.budget());
    ArrayNode ns = root.putArray("notes");
    p.notes().forEach(ns::add);
    try {
      root.set("state", JSON.readTree(p.state().toJson()));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void generation(ObjectNode root, String field, Generation g) {
    if (g == null) {
      root.putNull(field);
      return;
    }
    ObjectNode n = root.putObject(field);
    n.put("name", g.name());
    n.put("number", g.number());
    n.put("id", g.id());
  }

  private static void amount(ObjectNode root, String field, BigDecimal v) {
    if (v == null) {
      root.putNull(field);
    } else {
      root.put(field, v.toPlainString());
    }
  }
}
