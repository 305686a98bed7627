package io.immut.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.Durations;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.Placement;
import io.immut.api.RolloutStrategy;
import io.immut.api.RolloutStrategy.CanaryStep;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@link FleetSpec} into the tree of its spec document, in the order a person would write
 * it, leaving out what is absent or default (so that {@link SpecReader} reads back an equal spec).
 */
final class SpecWriter {
  private SpecWriter() {}

  static ObjectNode fleet(FleetSpec spec) {
    ObjectNode n = SpecTree.NODES.objectNode();
    n.put("name", spec.name());
    n.set("capacity", capacity(spec.capacity()));
    if (!spec.strategy().equals(RolloutStrategy.DEFAULT)) {
      n.set("strategy", strategy(spec.strategy()));
    }
    n.set("generation", generation(spec.generation()));
    if (!spec.state().equals(StatePolicy.NONE)) {
      n.set("state", state(spec.state()));
    }
    if (!spec.cost().equals(CostPolicy.NONE)) {
      n.set("cost", cost(spec.cost()));
    }
    if (spec.trafficTarget() != null) {
      n.put("trafficTarget", spec.trafficTarget());
    }
    return n;
  }

  static ObjectNode capacity(Capacity capacity) {
    ObjectNode n = SpecTree.NODES.objectNode();
    if (capacity instanceof Capacity.Fixed f) {
      n.put("fixed", f.size());
      return n;
    }
    if (capacity instanceof Capacity.Autoscaled a) {
      return ScalingForms.write(a);
    }
    throw new IllegalArgumentException("no spec file form for capacity " + capacity.getClass().getName());
  }

  static ObjectNode strategy(RolloutStrategy strategy) {
    ObjectNode body = SpecTree.NODES.objectNode();
    if (strategy instanceof RolloutStrategy.Rolling r) {
      if (!r.maxSurge().equals(RolloutStrategy.DEFAULT.maxSurge())) {
        amount(body, "maxSurge", r.maxSurge());
      }
      if (!r.maxUnavailable().equals(RolloutStrategy.DEFAULT.maxUnavailable())) {
        amount(body, "maxUnavailable", r.maxUnavailable());
      }
    } else if (strategy instanceof RolloutStrategy.BlueGreen b) {
      if (b.promotion() != RolloutStrategy.Promotion.AUTOMATIC) {
        body.put("promotion", b.promotion().name());
      }
      if (!b.keepPreviousFor().isZero()) {
        body.put("keepPreviousFor", Durations.format(b.keepPreviousFor()));
      }
      if (b.validator() != null) {
        body.put("validator", b.validator());
      }
    } else if (strategy instanceof RolloutStrategy.Canary c) {
      ArrayNode steps = body.putArray("steps");
      for (CanaryStep step : c.steps()) {
        ObjectNode s = steps.addObject();
        if (step instanceof CanaryStep.SetWeight w) {
          s.put("setWeight", w.percent());
        } else if (step instanceof CanaryStep.Pause p) {
          s.put("pause", Durations.format(p.duration()));
        } else if (step instanceof CanaryStep.Analyse a) {
          s.put("analyse", a.analysis());
        }
      }
    }
    ObjectNode n = SpecTree.NODES.objectNode();
    n.set(PolicyReader.kindOf(strategy), body);
    return n;
  }

  private static void amount(ObjectNode n, String field, Amount a) {
    if (a.percent()) {
      n.put(field, a.toString());
    } else {
      n.put(field, a.value());
    }
  }

  static ObjectNode generation(GenerationSpec g) {
    ObjectNode n = SpecTree.NODES.objectNode();
    n.put("image", g.image().value());
    n.put("instanceType", g.instanceType());
    if (g.userData() != null) {
      n.put("userData", g.userData());
    }
    if (!g.labels().isEmpty()) {
      n.set("labels", map(g.labels()));
    }
    if (!g.volumes().isEmpty()) {
      ArrayNode vs = n.putArray("volumes");
      for (VolumeSpec v : g.volumes()) {
        ObjectNode vn = vs.addObject();
        vn.put("name", v.name());
        vn.put("sizeGb", v.sizeGb());
        if (v.persistence() != null) {
          vn.put("persistence", v.persistence().name());
        }
        if (v.location() != null) {
          vn.put("location", v.location());
        }
        if (v.root()) {
          vn.put("root", true);
        }
        if (v.device() != null) {
          vn.put("device", v.device());
        }
      }
    }
    if (!g.placement().equals(Placement.DEFAULT)) {
      n.set("placement", placement(g.placement()));
    }
    if (!g.healthCheck().equals(HealthCheck.DEFAULT)) {
      n.set("healthCheck", healthCheck(g.healthCheck()));
    }
    return n;
  }

  private static ObjectNode placement(Placement p) {
    ObjectNode n = SpecTree.NODES.objectNode();
    if (!p.zones().isEmpty()) {
      list(n.putArray("zones"), p.zones());
    }
    if (p.subnet() != null) {
      n.put("subnet", p.subnet());
    }
    if (!p.securityGroups().isEmpty()) {
      list(n.putArray("securityGroups"), p.securityGroups());
    }
    if (p.sshKey() != null) {
      n.put("sshKey", p.sshKey());
    }
    if (p.instanceProfile() != null) {
      n.put("instanceProfile", p.instanceProfile());
    }
    if (!p.properties().isEmpty()) {
      n.set("properties", map(p.properties()));
    }
    return n;
  }

  private static ObjectNode healthCheck(HealthCheck h) {
    HealthCheck d = HealthCheck.DEFAULT;
    ObjectNode n = SpecTree.NODES.objectNode();
    if (!h.gracePeriod().equals(d.gracePeriod())) {
      n.put("gracePeriod", Durations.format(h.gracePeriod()));
    }
    if (!h.interval().equals(d.interval())) {
      n.put("interval", Durations.format(h.interval()));
    }
    if (h.healthyThreshold() != d.healthyThreshold()) {
      n.put("healthyThreshold", h.healthyThreshold());
    }
    if (h.unhealthyThreshold() != d.unhealthyThreshold()) {
      n.put("unhealthyThreshold", h.unhealthyThreshold());
    }
    if (!h.progressDeadline().equals(d.progressDeadline())) {
      n.put("progressDeadline", Durations.format(h.progressDeadline()));
    }
    if (h.path() != null) {
      n.put("path", h.path());
    }
    if (h.port() != d.port()) {
      n.put("port", h.port());
    }
    return n;
  }

  static ObjectNode state(StatePolicy s) {
    ObjectNode n = SpecTree.NODES.objectNode();
    if (!s.bindings().isEmpty()) {
      n.set("bindings", map(s.bindings()));
    }
    if (s.verifyReachable()) {
      n.put("verifyReachable", true);
    }
    if (!s.acknowledgements().isEmpty()) {
      ArrayNode acks = n.putArray("acknowledgements");
      for (StatePolicy.Acknowledgement a : s.acknowledgements()) {
        acks.addObject().put("rule", a.rule()).put("subject", a.subject()).put("reason", a.reason());
      }
    }
    return n;
  }

  static ObjectNode cost(CostPolicy c) {
    ObjectNode n = SpecTree.NODES.objectNode();
    BigDecimal max = c.maxHourlySpend();
    if (max != null) {
      // A negative scale (1E+3) has no plain decimal form that reads back equal; text keeps it exact.
      if (max.scale() < 0) {
        n.put("maxHourlySpend", max.toString());
      } else {
        n.put("maxHourlySpend", max);
      }
    }
    if (c.idleReaping() != null) {
      n.set("idleReaping", ScalingForms.write(c.idleReaping()));
    }
    return n;
  }

  private static ObjectNode map(Map<String, String> map) {
    ObjectNode n = SpecTree.NODES.objectNode();
    new TreeMap<>(map).forEach(n::put);
    return n;
  }

  private static void list(ArrayNode n, List<String> items) {
    items.forEach(n::add);
  }
}
