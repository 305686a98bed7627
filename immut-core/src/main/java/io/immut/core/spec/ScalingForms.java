package io.immut.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.Cron;
import io.immut.api.Durations;
import io.immut.api.ScalingPolicy;
import io.immut.api.ScalingPolicy.Step;
import io.immut.api.ScalingPolicy.Window;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec-file form of an autoscaled capacity and of idle reaping:
 *
 * <pre>{@code
 * capacity:
 *   autoscaled:
 *     min: 2
 *     max: 20
 *     policies:
 *       - targetTracking: { metric: cpu, target: 60, tolerance: 0.1, scaleInStabilization: 5m, warmup: 3m }
 *       - stepScaling: { metric: cpu, steps: [ { lower: 80, change: 2 }, { upper: 10, change: -10% } ],
 *                        scaleOutCooldown: 1m, scaleInCooldown: 5m }
 *       - scheduled: { zone: Europe/Paris, windows: [ { start: "0 8 * * MON-FRI", duration: 10h, min: 4 } ] }
 *       - predictive: { metric: rps, targetPerInstance: 100, leadTime: 3m }
 *       - adaptive: { metric: requests, capacityPerInstance: 1200, warmup: 3m, period: 1m }
 * cost:
 *   maxHourlySpend: 12.50
 *   idleReaping: { metric: 'cpu{instance="{instance}"}', threshold: 5, window: 30m }
 * }</pre>
 */
final class ScalingForms {
  static final String[] AUTOSCALED_FIELDS = {"min", "max", "policies"};
  static final String[] POLICY_KINDS = {"targetTracking", "stepScaling", "scheduled", "predictive", "adaptive"};
  static final String[] TARGET_FIELDS = {"metric", "target", "aggregation", "tolerance", "scaleInStabilization", "warmup"};
  static final String[] STEP_SCALING_FIELDS = {"metric", "steps", "scaleOutCooldown", "scaleInCooldown"};
  static final String[] STEP_FIELDS = {"lower", "upper", "change"};
  static final String[] SCHEDULED_FIELDS = {"zone", "windows"};
  static final String[] WINDOW_FIELDS = {"start", "duration", "min", "max", "desired"};
  static final String[] PREDICTIVE_FIELDS = {"metric", "targetPerInstance", "lookback", "leadTime", "resolution", "forecast"};
  static final String[] ADAPTIVE_FIELDS = {"metric", "capacityPerInstance", "warmup", "period"};
  static final String[] IDLE_FIELDS = {"metric", "threshold", "window"};
  private static final String POLICY_ALLOWED =
      "one of { adaptive: {...} }, { targetTracking: {...} }, { stepScaling: {...} }, { scheduled: {...} }, { predictive: {...} }";

  private ScalingForms() {}

  static Capacity autoscaled(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a mapping with min, max and policies", AUTOSCALED_FIELDS);
    if (f == null) {
      return null;
    }
    int min = f.integer("min", 0, "a number of instances from 0 to 100000");
    int max = f.integer("max", -1, "a number of instances from 1 to 100000");
    if (!f.has("max")) {
      f.fail("max", "is missing", "a number of instances from 1 to 100000");
    }
    List<ScalingPolicy> policies = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<JsonNode> items = f.items("policies", "a list of policies, each " + POLICY_ALLOWED);
    for (int i = 0; i < items.size(); i++) {
      ScalingPolicy p = policy(items.get(i), SpecProblems.index(f.pathOf("policies"), i), problems);
      if (p != null) {
        policies.add(p);
        origin.add(i);
      }
    }
    if (policies.size() < items.size()) {
      f.markFailed("policies");
    }
    return f.construct(() -> new Capacity.Autoscaled(min, max, policies), p -> SpecReader.reindex(p, "policies", origin));
  }

  private static ScalingPolicy policy(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, POLICY_ALLOWED, POLICY_KINDS);
    if (f == null) {
      return null;
    }
    List<String> kinds = new ArrayList<>();
    for (String k : POLICY_KINDS) {
      if (f.hasKey(k)) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      if (kinds.size() > 1 || f.present().isEmpty()) {
        problems.add(path, kinds.isEmpty() ? "names no policy kind" : "names more than one of " + String.join(", ", kinds), POLICY_ALLOWED);
      }
      return null;
    }
    String kind = kinds.get(0);
    JsonNode body = f.get(kind);
    String bodyPath = f.pathOf(kind);
    switch (kind) {
      case "adaptive": {
        Fields a = Fields.of(body, bodyPath, problems, "a mapping with metric, capacityPerInstance and warmup", ADAPTIVE_FIELDS);
        if (a == null) {
          return null;
        }
        ScalingPolicy.Adaptive d = ScalingPolicy.adaptive("x", 1, Duration.ZERO);
        String metric = a.text("metric", "a metric name or query");
        double capacity = number(a, "capacityPerInstance", Double.NaN, "the most one instance serves of the metric per period");
        Duration warmup = a.duration("warmup", null);
        Duration period = a.duration("period", d.period());
        return a.construct(() -> new ScalingPolicy.Adaptive(metric, capacity, warmup, period));
      }
      case "targetTracking": {
        Fields t = Fields.of(body, bodyPath, problems, "a mapping with metric and target", TARGET_FIELDS);
        if (t == null) {
          return null;
        }
        ScalingPolicy.TargetTracking d = ScalingPolicy.targetTracking("x", 1);
        String metric = t.text("metric", "a metric name or query");
        double target = number(t, "target", Double.NaN, "a positive value per instance");
        ScalingPolicy.Aggregation agg = t.has("aggregation") ? t.enumValue("aggregation", ScalingPolicy.Aggregation.class) : d.aggregation();
        double tolerance = number(t, "tolerance", d.tolerance(), "a fraction from 0 to 1, such as 0.1");
        Duration stab = t.duration("scaleInStabilization", d.scaleInStabilization());
        Duration warmup = t.duration("warmup", d.warmup());
        return t.construct(() -> new ScalingPolicy.TargetTracking(metric, target, agg, tolerance, stab, warmup));
      }
      case "stepScaling": {
        Fields s = Fields.of(body, bodyPath, problems, "a mapping with metric and steps", STEP_SCALING_FIELDS);
        if (s == null) {
          return null;
        }
        String metric = s.text("metric", "a metric name or query");
        List<Step> steps = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        List<JsonNode> items = s.items("steps", "a list of bands such as { lower: 80, change: 2 }");
        for (int i = 0; i < items.size(); i++) {
          Step step = step(items.get(i), SpecProblems.index(s.pathOf("steps"), i), problems);
          if (step != null) {
            steps.add(step);
            origin.add(i);
          }
        }
        if (steps.size() < items.size()) {
          s.markFailed("steps");
        }
        Duration out = s.duration("scaleOutCooldown", Duration.ZERO);
        Duration in = s.duration("scaleInCooldown", Duration.ZERO);
        return s.construct(() -> new ScalingPolicy.StepScaling(metric, steps, out, in), p -> SpecReader.reindex(p, "steps", origin));
      }
      case "scheduled": {
        Fields s = Fields.of(body, bodyPath, problems, "a mapping with zone and windows", SCHEDULED_FIELDS);
        if (s == null) {
          return null;
        }
        ZoneId zone = ZoneId.of("UTC");
        String z = s.text("zone", "a time zone id such as Europe/Paris");
        if (z != null) {
          try {
            zone = ZoneId.of(z);
          } catch (DateTimeException e) {
            s.fail("zone", io.immut.api.SpecProblem.excerpt(z) + " is not a time zone", "a time zone id such as Europe/Paris or UTC");
          }
        }
        List<Window> windows = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        List<JsonNode> items = s.items("windows", "a list of windows such as { start: '0 8 * * MON-FRI', duration: 10h, min: 4 }");
        for (int i = 0; i < items.size(); i++) {
          Window w = window(items.get(i), SpecProblems.index(s.pathOf("windows"), i), problems);
          if (w != null) {
            windows.add(w);
            origin.add(i);
          }
        }
        if (windows.size() < items.size()) {
          s.markFailed("windows");
        }
        ZoneId finalZone = zone;
        return s.construct(() -> new ScalingPolicy.Scheduled(finalZone, windows), p -> SpecReader.reindex(p, "windows", origin));
      }
      default: {
        Fields p = Fields.of(body, bodyPath, problems, "a mapping with metric, targetPerInstance and leadTime", PREDICTIVE_FIELDS);
        if (p == null) {
          return null;
        }
        ScalingPolicy.Predictive d = ScalingPolicy.predictive("x", 1, Duration.ZERO);
        String metric = p.text("metric", "a metric name or query");
        double target = number(p, "targetPerInstance", Double.NaN, "the load one instance should carry");
        Duration lookback = p.duration("lookback", d.lookback());
        Duration lead = p.duration("leadTime", d.leadTime());
        Duration resolution = p.duration("resolution", d.resolution());
        ScalingPolicy.Forecast forecast = p.has("forecast") ? p.enumValue("forecast", ScalingPolicy.Forecast.class) : d.forecast();
        return p.construct(() -> new ScalingPolicy.Predictive(metric, target, lookback, lead, resolution, forecast));
      }
    }
  }

  private static Step step(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a band such as { lower: 80, upper: 95, change: 2 } or { upper: 10, change: -10% }",
        STEP_FIELDS);
    if (f == null) {
      return null;
    }
    Double lower = f.has("lower") ? number(f, "lower", Double.NaN, "a number") : null;
    Double upper = f.has("upper") ? number(f, "upper", Double.NaN, "a number") : null;
    String allowed = "a whole number of instances (2, -1) or a percentage (25%, -10%), not 0";
    int change = 0;
    boolean percent = false;
    JsonNode c = f.get("change");
    if (c == null) {
      f.fail("change", "is missing", allowed);
    } else if (c.isIntegralNumber() && c.canConvertToInt()) {
      change = c.intValue();
    } else if (c.isTextual() && c.textValue().trim().matches("[+-]?\\d{1,6}%?")) {
      String t = c.textValue().trim();
      percent = t.endsWith("%");
      change = Integer.parseInt(percent ? t.substring(0, t.length() - 1) : t);
    } else {
      f.fail("change", io.immut.api.SpecProblem.excerpt(c.asText()) + " is not a change", allowed);
    }
    int ch = change;
    boolean pc = percent;
    return f.construct(() -> new Step(lower, upper, ch, pc));
  }

  private static Window window(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a window such as { start: '0 8 * * MON-FRI', duration: 10h, min: 4 }", WINDOW_FIELDS);
    if (f == null) {
      return null;
    }
    String start = f.text("start", "a cron expression such as '0 8 * * MON-FRI'");
    Cron cron = start == null ? null : f.build("start", () -> new Cron(start));
    if (start != null && cron == null) {
      return null;
    }
    Duration duration = f.duration("duration", null);
    Integer min = f.has("min") ? f.integer("min", 0, "a number of instances") : null;
    Integer max = f.has("max") ? f.integer("max", 0, "a number of instances") : null;
    Integer desired = f.has("desired") ? f.integer("desired", 0, "a number of instances") : null;
    return f.construct(() -> new Window(cron, duration, min, max, desired));
  }

  static CostPolicy.IdleReaping idleReaping(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a mapping with metric, threshold and window", IDLE_FIELDS);
    if (f == null) {
      return null;
    }
    String metric = f.text("metric", "a per-instance query containing {instance}");
    double threshold = number(f, "threshold", Double.NaN, "a number of zero or more");
    Duration window = f.duration("window", null);
    return f.construct(() -> new CostPolicy.IdleReaping(metric, threshold, window));
  }

  private static double number(Fields f, String field, double fallback, String allowed) {
    JsonNode v = f.get(field);
    if (v == null) {
      return fallback;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    f.fail(field, "expected a number but found " + Fields.describe(v), allowed);
    return fallback;
  }

  // ---- writing

  static ObjectNode write(Capacity.Autoscaled a) {
    ObjectNode body = SpecTree.NODES.objectNode();
    body.put("min", a.min());
    body.put("max", a.max());
    ArrayNode policies = body.putArray("policies");
    for (ScalingPolicy p : a.policies()) {
      ObjectNode n = policies.addObject().putObject(p.kind());
      if (p instanceof ScalingPolicy.Adaptive ad) {
        n.put("metric", ad.metric());
        n.put("capacityPerInstance", ad.capacityPerInstance());
        n.put("warmup", Durations.format(ad.warmup()));
        n.put("period", Durations.format(ad.period()));
      } else if (p instanceof ScalingPolicy.TargetTracking t) {
        n.put("metric", t.metric());
        n.put("target", t.target());
        n.put("aggregation", t.aggregation().name());
        n.put("tolerance", t.tolerance());
        n.put("scaleInStabilization", Durations.format(t.scaleInStabilization()));
        n.put("warmup", Durations.format(t.warmup()));
      } else if (p instanceof ScalingPolicy.StepScaling s) {
        n.put("metric", s.metric());
        ArrayNode steps = n.putArray("steps");
        for (Step st : s.steps()) {
          ObjectNode sn = steps.addObject();
          if (st.lower() != null) {
            sn.put("lower", st.lower());
          }
          if (st.upper() != null) {
            sn.put("upper", st.upper());
          }
          if (st.percent()) {
            sn.put("change", st.change() + "%");
          } else {
            sn.put("change", st.change());
          }
        }
        n.put("scaleOutCooldown", Durations.format(s.scaleOutCooldown()));
        n.put("scaleInCooldown", Durations.format(s.scaleInCooldown()));
      } else if (p instanceof ScalingPolicy.Scheduled s) {
        n.put("zone", s.zone().getId());
        ArrayNode windows = n.putArray("windows");
        for (Window w : s.windows()) {
          ObjectNode wn = windows.addObject();
          wn.put("start", w.start().expression());
          wn.put("duration", Durations.format(w.duration()));
          if (w.min() != null) {
            wn.put("min", w.min());
          }
          if (w.max() != null) {
            wn.put("max", w.max());
          }
          if (w.desired() != null) {
            wn.put("desired", w.desired());
          }
        }
      } else if (p instanceof ScalingPolicy.Predictive pr) {
        n.put("metric", pr.metric());
        n.put("targetPerInstance", pr.targetPerInstance());
        n.put("lookback", Durations.format(pr.lookback()));
        n.put("leadTime", Durations.format(pr.leadTime()));
        n.put("resolution", Durations.format(pr.resolution()));
        n.put("forecast", pr.forecast().name());
      }
    }
    ObjectNode n = SpecTree.NODES.objectNode();
    n.set("autoscaled", body);
    return n;
  }

  static ObjectNode write(CostPolicy.IdleReaping r) {
    ObjectNode n = SpecTree.NODES.objectNode();
    n.put("metric", r.metric());
    n.put("threshold", r.threshold());
    n.put("window", Durations.format(r.window()));
    return n;
  }
}
