package io.immut.core.rollout.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.core.internal.json.JsonFields;

/** Renders a {@link Plan} as JSON of the schema documented in {@code docs/rollouts.md}. */
final class PlanJson {
  private PlanJson() {}

  static String render(Plan p) {
    ObjectNode root = JsonFields.object();
    root.put("schemaVersion", 1);
    root.put("fleet", p.fleet());
    root.put("driver", p.driver());
    JsonFields.generation(root, "target", p.target());
    JsonFields.generation(root, "live", p.live());
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
    JsonFields.amount(root, "currentHourlyCost", p.currentHourlyCost());
    JsonFields.amount(root, "peakHourlyCost", p.peakHourlyCost());
    JsonFields.amount(root, "overlapCost", p.overlapCost());
    JsonFields.amount(root, "budget", p.budget());
    ArrayNode ns = root.putArray("notes");
    p.notes().forEach(ns::add);
    root.set("state", JsonFields.parse(p.state().toJson()));
    return JsonFields.pretty(root);
  }

}
