package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Regional static external addresses, as the reference's {@code Address} resource: reserved
 * ({@code RESERVED}, no users) or assigned to an instance ({@code IN_USE}, the instance's URL in
 * {@code users}). An assigned address is the NAT IP of the instance's access config; deleting the
 * instance returns it to {@code RESERVED}. {@code addresses.list} pages like the other listings.
 */
final class Addresses {
  private final GceState state;

  Addresses(GceState state) {
    this.state = state;
  }

  void reserve(String name, String ip) {
    ObjectNode a = LocalGce.JSON.createObjectNode();
    a.put("kind", "compute#address");
    a.put("id", state.nextId());
    a.put("creationTimestamp", state.timestamp());
    a.put("name", name);
    a.put("address", ip);
    a.put("addressType", "EXTERNAL");
    a.put("networkTier", "PREMIUM");
    a.put("status", "RESERVED");
    a.put("region", regionUrl());
    a.put("selfLink", regionUrl() + "/addresses/" + name);
    a.putArray("users");
    state.addresses.put(name, a);
  }

  /** Assigns a reserved address to an instance: its first network interface's access config gets the IP. */
  void assign(String name, String zone, String instance) {
    ObjectNode a = state.addresses.get(name);
    ObjectNode i = state.instances.get(zone + "/" + instance);
    if (a == null || i == null || !a.path("status").asText().equals("RESERVED")) {
      throw new IllegalArgumentException("no reserved address " + name + " or no instance " + zone + "/" + instance);
    }
    ObjectNode nic = (ObjectNode) i.withArray("networkInterfaces").get(0);
    ArrayNode access = nic.withArray("accessConfigs");
    ObjectNode ac = access.isEmpty() ? access.addObject() : (ObjectNode) access.get(0);
    ac.put("kind", "compute#accessConfig");
    ac.put("type", "ONE_TO_ONE_NAT");
    ac.put("name", ac.path("name").asText("External NAT"));
    ac.put("natIP", a.path("address").asText());
    ac.put("networkTier", "PREMIUM");
    a.put("status", "IN_USE");
    a.withArray("users").add(i.path("selfLink").asText());
  }

  /** The instance is gone: the addresses it used are reserved again. */
  static void release(GceState state, String instanceUrl) {
    for (ObjectNode a : state.addresses.values()) {
      ArrayNode users = a.withArray("users");
      for (int k = users.size() - 1; k >= 0; k--) {
        if (users.get(k).asText().equals(instanceUrl)) {
          users.remove(k);
        }
      }
      if (users.isEmpty()) {
        a.put("status", "RESERVED");
      }
    }
  }

  ObjectNode list(String region, Map<String, String> query) {
    if (!region.equals(LocalGce.REGION)) {
      throw GceError.invalid("Invalid value for field 'region': '" + region + "'. Unknown region.");
    }
    List<ObjectNode> all = new ArrayList<>(state.addresses.values());
    int size = query.containsKey("maxResults") ? Integer.parseInt(query.get("maxResults")) : 500;
    String token = query.get("pageToken");
    int from = token == null || token.isEmpty() ? 0 : Integer.parseInt(token.substring(1));
    int to = Math.min(all.size(), from + (size == 0 ? 500 : size));
    ObjectNode out = LocalGce.JSON.createObjectNode();
    out.put("kind", "compute#addressList");
    out.put("id", "projects/" + state.project + "/regions/" + region + "/addresses");
    ArrayNode items = out.putArray("items");
    for (JsonNode a : all.subList(Math.min(from, to), to)) {
      items.add(a.deepCopy());
    }
    if (to < all.size()) {
      out.put("nextPageToken", "p" + to);
    }
    out.put("selfLink", regionUrl() + "/addresses");
    return out;
  }

  private String regionUrl() {
    return state.base + "/projects/" + state.project + "/regions/" + LocalGce.REGION;
  }
}
