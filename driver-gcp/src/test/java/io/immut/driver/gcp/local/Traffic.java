package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.driver.gcp.local.GceState.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Global {@code BackendService}s with zonal unmanaged {@code InstanceGroup} backends:
 * {@code backendServices.get} and {@code getHealth}, {@code instanceGroups.addInstances},
 * {@code removeInstances} (operations; members change when they finish) and {@code listInstances}.
 * A member is HEALTHY while its instance is RUNNING, UNHEALTHY otherwise; a deleted instance
 * leaves its groups, as on Compute Engine.
 */
final class Traffic {
  private final GceState state;
  private final Operations operations;
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final Map<String, Set<String>> groups = new LinkedHashMap<>();

  Traffic(GceState state, Operations operations) {
    this.state = state;
    this.operations = operations;
  }

  void createBackendService(String name, List<String> zones) {
    List<String> backends = new ArrayList<>();
    for (String zone : zones) {
      String group = name + "-" + zone.substring(zone.lastIndexOf('-') + 1);
      groups.put(zone + "/" + group, new LinkedHashSet<>());
      backends.add(zone + "/" + group);
    }
    services.put(name, backends);
  }

  ObjectNode get(String name) {
    List<String> backends = services.get(name);
    if (backends == null) {
      throw GceError.notFound("projects/" + state.project + "/global/backendServices/" + name);
    }
    ObjectNode s = LocalGce.JSON.createObjectNode();
    s.put("kind", "compute#backendService");
    s.put("name", name);
    s.put("loadBalancingScheme", "EXTERNAL_MANAGED");
    ArrayNode b = s.putArray("backends");
    for (String key : backends) {
      String[] zg = key.split("/");
      b.addObject().put("group", state.zoneUrl(zg[0]) + "/instanceGroups/" + zg[1]).put("balancingMode", "UTILIZATION");
    }
    s.put("selfLink", state.base + "/projects/" + state.project + "/global/backendServices/" + name);
    return s;
  }

  ObjectNode health(String name, JsonNode body) {
    get(name);
    String key = groupKey(body.path("group").asText());
    Set<String> members = members(key);
    ObjectNode out = LocalGce.JSON.createObjectNode();
    out.put("kind", "compute#backendServiceGroupHealth");
    ArrayNode statuses = out.putArray("healthStatus");
    String zone = key.split("/")[0];
    for (String member : members) {
      ObjectNode i = state.instances.get(zone + "/" + member);
      ObjectNode s = statuses.addObject();
      s.put("instance", state.zoneUrl(zone) + "/instances/" + member);
      s.put("ipAddress", i.path("networkInterfaces").path(0).path("networkIP").asText());
      s.put("port", 80);
      s.put("healthState", i.path("status").asText().equals("RUNNING") ? "HEALTHY" : "UNHEALTHY");
    }
    return out;
  }

  ObjectNode change(String zone, String group, JsonNode body, boolean add) {
    Set<String> members = members(zone + "/" + group);
    List<String> names = new ArrayList<>();
    for (JsonNode ref : body.path("instances")) {
      String name = GceState.lastSegment(ref.path("instance").asText());
      if (add && !state.instances.containsKey(zone + "/" + name)) {
        throw GceError.notFound("projects/" + state.project + "/zones/" + zone + "/instances/" + name);
      }
      if (add && members.contains(name)) {
        throw new GceError(400, "memberAlreadyExists", "global", "The resource 'projects/" + state.project + "/zones/"
            + zone + "/instances/" + name + "' is already a member of 'projects/" + state.project + "/zones/" + zone
            + "/instanceGroups/" + group + "'");
      }
      names.add(name);
    }
    Op op = operations.start(zone, add ? "compute.instanceGroups.addInstances" : "compute.instanceGroups.removeInstances",
        state.zoneUrl(zone) + "/instanceGroups/" + group);
    op.onDone = () -> {
      if (add) {
        members.addAll(names);
      } else {
        names.forEach(members::remove);
      }
    };
    return op.json;
  }

  ObjectNode list(String zone, String group) {
    ObjectNode out = LocalGce.JSON.createObjectNode();
    out.put("kind", "compute#instanceGroupsListInstances");
    ArrayNode items = out.putArray("items");
    for (String member : members(zone + "/" + group)) {
      items.addObject().put("instance", state.zoneUrl(zone) + "/instances/" + member)
          .put("status", state.instances.get(zone + "/" + member).path("status").asText());
    }
    return out;
  }

  private Set<String> members(String key) {
    Set<String> members = groups.get(key);
    if (members == null) {
      throw GceError.notFound("projects/" + state.project + "/zones/" + key.replace("/", "/instanceGroups/"));
    }
    members.removeIf(m -> !state.instances.containsKey(key.split("/")[0] + "/" + m));
    return members;
  }

  private static String groupKey(String url) {
    String[] p = url.split("/");
    return p[p.length - 3] + "/" + p[p.length - 1];
  }
}
