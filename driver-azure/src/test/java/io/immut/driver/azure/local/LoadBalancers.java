package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Standard Load Balancer ({@link #BALANCER}) with an IP-based backend pool ({@link #POOL}) used
 * by one load-balancing rule: GET and PUT of the pool, and the rule's health, a POST answered 202
 * with a {@code Location} whose GET gives the per-address state (Up while the address belongs to a
 * NIC of a running VM and is not {@link #probeDown probed down}).
 */
final class LoadBalancers {
  static final String BALANCER = "immut-lb";
  static final String POOL = "web";
  static final String RULE = "http";
  private static final Pattern POOL_ITEM = Pattern.compile(LocalArm.RG_PREFIX
      + "Microsoft\\.Network/loadBalancers/([^/]+)/backendAddressPools/([^/]+)");
  private static final Pattern HEALTH = Pattern.compile(LocalArm.RG_PREFIX
      + "Microsoft\\.Network/loadBalancers/([^/]+)/loadBalancingRules/([^/]+)/health");
  private static final Pattern RESULT = Pattern.compile(
      "(?i)/subscriptions/[^/]+/providers/Microsoft\\.Network/locations/[^/]+/operationResults/([^/]+)");

  private final LocalArm arm;
  private ArrayNode addresses = ArmJson.array();
  private final Map<String, ObjectNode> results = new HashMap<>();
  final Set<String> down = new HashSet<>();

  LoadBalancers(LocalArm arm) {
    this.arm = arm;
  }

  private static String lbId() {
    return "/subscriptions/" + LocalArm.SUBSCRIPTION + "/resourceGroups/" + LocalArm.GROUP
        + "/providers/Microsoft.Network/loadBalancers/" + BALANCER;
  }

  private ObjectNode pool() {
    ObjectNode pool = ArmJson.object().put("name", POOL).put("id", lbId() + "/backendAddressPools/" + POOL)
        .put("type", "Microsoft.Network/loadBalancers/backendAddressPools").put("etag", "W/\"" + addresses.hashCode() + "\"");
    ObjectNode p = pool.putObject("properties").put("provisioningState", "Succeeded");
    p.set("loadBalancerBackendAddresses", addresses.deepCopy());
    p.putArray("loadBalancingRules").add(ArmJson.ref(lbId() + "/loadBalancingRules/" + RULE));
    return pool;
  }

  ArmCall.Answer handle(ArmCall call) {
    Matcher m;
    if ((m = POOL_ITEM.matcher(call.path())).matches()) {
      known(m.group(3), m.group(4));
      if (call.method().equals("GET")) {
        arm.require("Microsoft.Network/loadBalancers/backendAddressPools/read");
        return ArmCall.Answer.ok(pool());
      }
      if (call.method().equals("PUT")) {
        JsonNode given = call.body().path("properties").path("loadBalancerBackendAddresses");
        if (given.isEmpty()) {
          arm.require("Microsoft.Network/loadBalancers/backendAddressPools/write");
        } else {
          arm.require("Microsoft.Network/loadBalancers/backendAddressPools/write",
              "Microsoft.Network/virtualNetworks/joinLoadBalancer/action");
        }
        for (JsonNode a : given) {
          if (ArmJson.text(a, "properties", "ipAddress") == null || ArmJson.text(a, "properties", "virtualNetwork", "id") == null) {
            throw new ArmCall.Failure(ArmError.of(400, "InvalidRequestFormat", "Backend address " + a.path("name").asText()
                + " of an IP-based pool needs ipAddress and virtualNetwork."));
          }
        }
        addresses = given.isArray() ? (ArrayNode) given.deepCopy() : ArmJson.array();
        return ArmCall.Answer.ok(pool());
      }
    }
    if ((m = HEALTH.matcher(call.path())).matches() && call.method().equals("POST")) {
      known(m.group(3), POOL);
      if (!m.group(4).equals(RULE)) {
        throw new ArmCall.Failure(ArmError.notFound("Microsoft.Network/loadBalancers/loadBalancingRules", m.group(4),
            m.group(2)));
      }
      arm.require("Microsoft.Network/loadBalancers/loadBalancingRules/health/action");
      String id = UUID.randomUUID().toString();
      ObjectNode result = ArmJson.object();
      ArrayNode per = result.putArray("loadBalancerBackendAddresses");
      int up = 0;
      for (JsonNode a : addresses) {
        String ip = ArmJson.text(a, "properties", "ipAddress");
        boolean isUp = arm.network.isRunningAddress(ip) && !down.contains(ip);
        up += isUp ? 1 : 0;
        per.addObject().put("ipAddress", ip).put("state", isUp ? "Up" : "Down").put("reason", isUp ? "Up" : "Down_ProbeDown");
      }
      result.put("up", up).put("down", addresses.size() - up);
      results.put(id, result);
      return new ArmCall.Answer(202, null, Map.of("Location", call.base() + "/subscriptions/" + LocalArm.SUBSCRIPTION
          + "/providers/Microsoft.Network/locations/" + LocalArm.LOCATION + "/operationResults/" + id
          + "?api-version=" + call.query().get("api-version"), "Retry-After", "10"));
    }
    if ((m = RESULT.matcher(call.path())).matches() && call.method().equals("GET")) {
      ObjectNode r = results.get(m.group(1).toLowerCase(Locale.ROOT));
      if (r == null) {
        throw new ArmCall.Failure(ArmError.of(404, "NotFound", "Operation result " + m.group(1) + " was not found."));
      }
      return ArmCall.Answer.ok(r.deepCopy());
    }
    return null;
  }

  private static void known(String balancer, String pool) {
    if (!balancer.equals(BALANCER) || !pool.equals(POOL)) {
      throw new ArmCall.Failure(ArmError.notFound("Microsoft.Network/loadBalancers", balancer + "/" + pool,
          LocalArm.GROUP));
    }
  }
}
