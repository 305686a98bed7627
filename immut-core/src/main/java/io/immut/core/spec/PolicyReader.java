package io.immut.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.api.StatePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the fleet-level policies of a spec document: capacity, rollout strategy, state and cost. */
final class PolicyReader {
  static final String[] CAPACITY_KINDS = {"fixed", "autoscaled"};
  static final String[] STRATEGY_KINDS = {"rolling", "blueGreen", "canary"};
  static final String[] ROLLING_FIELDS = {"maxSurge", "maxUnavailable"};
  static final String[] BLUE_GREEN_FIELDS = {"promotion", "keepPreviousFor", "validator"};
  static final String[] CANARY_FIELDS = {"steps"};
  static final String[] STEP_KINDS = {"setWeight", "pause", "analyse"};

  private PolicyReader() {}

  /** The key a strategy is written under: {@code rolling}, {@code blueGreen} or {@code canary}. */
  static String kindOf(RolloutStrategy strategy) {
    if (strategy instanceof RolloutStrategy.Rolling) {
      return "rolling";
    }
    if (strategy instanceof RolloutStrategy.BlueGreen) {
      return "blueGreen";
    }
    if (strategy instanceof RolloutStrategy.Canary) {
      return "canary";
    }
    throw new IllegalArgumentException("no spec file form for strategy " + strategy.getClass().getName());
  }

  /** {@code {fixed: 6}}, or the bare number {@code 6} as a short form of it. */
  static Capacity capacity(JsonNode node, String path, SpecProblems problems) {
    String allowed = "a capacity such as { fixed: 6 } or { autoscaled: { min: 2, max: 20, policies: [...] } }";
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      int size = node.intValue();
      return rebuild(problems, path, "fixed", () -> Capacity.fixed(size));
    }
    Fields f = Fields.of(node, path, problems, allowed, CAPACITY_KINDS);
    if (f == null) {
      return null;
    }
    String kind = onlyKind(f, allowed, CAPACITY_KINDS);
    if (kind == null) {
      return null;
    }
    if (kind.equals("autoscaled")) {
      return ScalingForms.autoscaled(f.get("autoscaled"), f.pathOf("autoscaled"), problems);
    }
    if (!f.has("fixed")) {
      f.fail("fixed", "has no value", "a number of instances from 0 to 100000");
      return null;
    }
    int size = f.integer("fixed", -1, "a number of instances from 0 to 100000");
    if (f.isFailedPath("fixed")) {
      return null;
    }
    return rebuild(problems, path, "fixed", () -> Capacity.fixed(size));
  }

  /** Builds a capacity kind, reporting the record's {@code size} problems at {@code path.kind}. */
  private static Capacity rebuild(SpecProblems problems, String path, String kind,
                                  java.util.function.Supplier<Capacity> constructor) {
    try {
      return constructor.get();
    } catch (io.immut.api.InvalidSpecException e) {
      e.problems().forEach(p -> problems.add(SpecProblems.child(path, kind), p.problem(), p.allowed()));
      return null;
    }
  }

  /** {@code {rolling: {...}}}, {@code {blueGreen: {...}}} or {@code {canary: {steps: [...]}}}. */
  static RolloutStrategy strategy(JsonNode node, String path, SpecProblems problems) {
    String allowed = "one of { rolling: {...} }, { blueGreen: {...} }, { canary: { steps: [...] } }";
    Fields f = Fields.of(node, path, problems, allowed, STRATEGY_KINDS);
    if (f == null) {
      return null;
    }
    String kind = onlyKind(f, allowed, STRATEGY_KINDS);
    if (kind == null) {
      return null;
    }
    JsonNode body = f.has(kind) ? f.get(kind) : SpecTree.NODES.objectNode();
    String bodyPath = f.pathOf(kind);
    switch (kind) {
      case "rolling": {
        Fields r = Fields.of(body, bodyPath, problems, "a mapping with maxSurge and maxUnavailable", ROLLING_FIELDS);
        if (r == null) {
          return null;
        }
        Amount surge = r.amount("maxSurge", RolloutStrategy.DEFAULT.maxSurge());
        Amount unavailable = r.amount("maxUnavailable", RolloutStrategy.DEFAULT.maxUnavailable());
        return r.construct(() -> new RolloutStrategy.Rolling(surge, unavailable));
      }
      case "blueGreen": {
        Fields b = Fields.of(body, bodyPath, problems, "a mapping with promotion, keepPreviousFor and validator",
            BLUE_GREEN_FIELDS);
        if (b == null) {
          return null;
        }
        RolloutStrategy.Promotion promotion = b.has("promotion")
            ? b.enumValue("promotion", RolloutStrategy.Promotion.class) : RolloutStrategy.Promotion.AUTOMATIC;
        Duration keep = b.duration("keepPreviousFor", Duration.ZERO);
        String validator = b.text("validator", "the name of a registered generation validator, such as smoke");
        return b.construct(() -> new RolloutStrategy.BlueGreen(promotion, keep, validator));
      }
      default:
        return canary(body, bodyPath, problems);
    }
  }

  private static RolloutStrategy canary(JsonNode body, String path, SpecProblems problems) {
    Fields c = Fields.of(body, path, problems, "a mapping with steps", CANARY_FIELDS);
    if (c == null) {
      return null;
    }
    List<CanaryStep> steps = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<JsonNode> items = c.items("steps", "a list of steps: { setWeight: 10 }, { pause: 5m }, { analyse: errors }");
    for (int i = 0; i < items.size(); i++) {
      CanaryStep step = step(items.get(i), SpecProblems.index(c.pathOf("steps"), i), problems);
      if (step != null) {
        steps.add(step);
        origin.add(i);
      }
    }
    if (steps.isEmpty() && !items.isEmpty()) {
      c.markFailed("steps");   // every step has its problem already; "is empty" would be a second one
    }
    // With some steps refused, the order of the others is still judged (a weight that decreases).
    return c.construct(() -> new RolloutStrategy.Canary(steps), p -> SpecReader.reindex(p, "steps", origin));
  }

  private static CanaryStep step(JsonNode node, String path, SpecProblems problems) {
    String allowed = "one of { setWeight: 10 }, { pause: 5m }, { analyse: errors }";
    Fields f = Fields.of(node, path, problems, allowed, STEP_KINDS);
    if (f == null) {
      return null;
    }
    String kind = onlyKind(f, allowed, STEP_KINDS);
    if (kind == null) {
      return null;
    }
    if (!f.has(kind)) {
      f.fail(kind, "has no value", allowed);
      return null;
    }
    switch (kind) {
      case "setWeight": {
        int w = f.integer("setWeight", -1, "a percentage from 1 to 100");
        return f.isFailedPath("setWeight") ? null : f.construct(() -> new CanaryStep.SetWeight(w));
      }
      case "pause": {
        Duration d = f.duration("pause", null);
        return d == null ? null : f.construct(() -> new CanaryStep.Pause(d));
      }
      default: {
        String analysis = f.text("analyse", "the name of a registered canary analysis, such as errors");
        return analysis == null ? null : f.construct(() -> new CanaryStep.Analyse(analysis));
      }
    }
  }

  /** The one kind present in a mapping of alternatives, or null (with a problem) when none or several are. */
  private static String onlyKind(Fields f, String allowed, String[] kinds) {
    List<String> present = new ArrayList<>();
    for (String k : kinds) {
      if (f.hasKey(k)) {
        present.add(k);
      }
    }
    if (present.size() == 1) {
      return present.get(0);
    }
    if (present.isEmpty()) {
      if (f.present().isEmpty()) {
        f.problems().add(f.path(), "names none of " + String.join(", ", kinds), allowed);
      }
      return null;
    }
    f.problems().add(f.path(), "names more than one of " + String.join(", ", present), allowed);
    return null;
  }

  /** {@code {bindings: {...}, verifyReachable: false, acknowledgements: [...]}}. */
  static StatePolicy state(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a state mapping with bindings, verifyReachable and acknowledgements",
        SpecReader.STATE_FIELDS);
    if (f == null) {
      return null;
    }
    Map<String, String> bindings = f.textMap("bindings", "a URI such as redis://cache:6379");
    boolean verify = f.bool("verifyReachable", false, "true or false");
    List<StatePolicy.Acknowledgement> acks = new ArrayList<>();
    List<JsonNode> items = f.items("acknowledgements", "a list of { rule, subject, reason }");
    for (int i = 0; i < items.size(); i++) {
      Fields a = Fields.of(items.get(i), SpecProblems.index(f.pathOf("acknowledgements"), i), problems,
          "an acknowledgement mapping with rule, subject and reason", SpecReader.ACK_FIELDS);
      if (a == null) {
        continue;
      }
      String rule = a.text("rule", "a rule id such as volume.local-data");
      String subject = a.text("subject", "the subject the finding names, or *");
      String reason = a.text("reason", "why the finding is accepted");
      StatePolicy.Acknowledgement ack = a.construct(() -> new StatePolicy.Acknowledgement(rule, subject, reason));
      if (ack != null) {
        acks.add(ack);
      }
    }
    return f.construct(() -> new StatePolicy(bindings, verify, acks));
  }

  /** {@code {maxHourlySpend: 12.50, idleReaping: {...}}}. */
  static CostPolicy cost(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a cost mapping with maxHourlySpend and idleReaping", SpecReader.COST_FIELDS);
    if (f == null) {
      return null;
    }
    BigDecimal max = f.decimal("maxHourlySpend", "a positive amount per hour, such as 12.50");
    CostPolicy.IdleReaping idle = f.has("idleReaping")
        ? ScalingForms.idleReaping(f.get("idleReaping"), f.pathOf("idleReaping"), problems) : null;
    if (f.has("idleReaping") && idle == null) {
      f.markFailed("idleReaping");
    }
    return f.construct(() -> new CostPolicy(max, idle));
  }
}
