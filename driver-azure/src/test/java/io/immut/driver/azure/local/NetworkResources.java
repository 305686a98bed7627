package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Network/networkInterfaces} and {@code publicIPAddresses}: created by a VM from its
 * {@code networkInterfaceConfigurations} (named after the configuration, as Azure does), read with
 * GET and paged lists, and deleted with their VM only when their {@code deleteOption} says so.
 */
final class NetworkResources {
  private static final Pattern NIC = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Network/networkInterfaces/([^/]+)");
  private static final Pattern NICS = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Network/networkInterfaces");
  private static final Pattern IP = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Network/publicIPAddresses/([^/]+)");
  private static final Pattern IPS = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Network/publicIPAddresses");

  private final LocalArm arm;
  final Map<String, ObjectNode> nics = new LinkedHashMap<>();
  final Map<String, ObjectNode> ips = new LinkedHashMap<>();
  private int nextPrivate = 4;
  private int nextPublic = 10;

  NetworkResources(LocalArm arm) {
    this.arm = arm;
  }

  ArmCall.Answer handle(ArmCall call) {
    if (!call.method().equals("GET")) {
      return null;
    }
    Matcher m;
    if ((m = NIC.matcher(call.path())).matches()) {
      arm.require("Microsoft.Network/networkInterfaces/read");
      return ArmCall.Answer.ok(found(nics, "Microsoft.Network/networkInterfaces", m).deepCopy());
    }
    if (NICS.matcher(call.path()).matches()) {
      arm.require("Microsoft.Network/networkInterfaces/read");
      return ArmCall.Answer.ok(arm.page(call, new ArrayList<>(nics.values())));
    }
    if ((m = IP.matcher(call.path())).matches()) {
      arm.require("Microsoft.Network/publicIPAddresses/read");
      return ArmCall.Answer.ok(found(ips, "Microsoft.Network/publicIPAddresses", m).deepCopy());
    }
    if (IPS.matcher(call.path()).matches()) {
      arm.require("Microsoft.Network/publicIPAddresses/read");
      return ArmCall.Answer.ok(arm.page(call, new ArrayList<>(ips.values())));
    }
    return null;
  }

  private static ObjectNode found(Map<String, ObjectNode> map, String type, Matcher m) {
    ObjectNode n = map.get(m.group(3).toLowerCase(Locale.ROOT));
    if (n == null) {
      throw new ArmCall.Failure(ArmError.notFound(type, m.group(3), m.group(2)));
    }
    return n;
  }

  private static String id(String type, String name) {
    return "/subscriptions/" + LocalArm.SUBSCRIPTION + "/resourceGroups/" + LocalArm.GROUP + "/providers/Microsoft.Network/"
        + type + "/" + name;
  }

  /** Creates the NIC (and public IPs) of a VM's network interface configuration; returns the NIC's id. */
  String createNic(JsonNode config, String vmId, String location) {
    String name = config.path("name").asText();
    if (nics.containsKey(name.toLowerCase(Locale.ROOT))) {
      throw new ArmCall.Failure(ArmError.of(400, "NicInUse", "Network interface " + id("networkInterfaces", name)
          + " is used by existing resource " + ArmJson.text(nics.get(name.toLowerCase(Locale.ROOT)), "properties",
          "virtualMachine", "id") + "."));
    }
    String nicId = id("networkInterfaces", name);
    ObjectNode nic = ArmJson.object().put("name", name).put("id", nicId).put("type", "Microsoft.Network/networkInterfaces")
        .put("location", location);
    ObjectNode p = nic.putObject("properties").put("provisioningState", "Succeeded").put("primary", true);
    p.set("virtualMachine", ArmJson.ref(vmId));
    JsonNode nsg = config.path("properties").path("networkSecurityGroup");
    if (nsg.has("id")) {
      p.set("networkSecurityGroup", ArmJson.ref(nsg.get("id").asText()));
    }
    for (JsonNode ipc : config.path("properties").path("ipConfigurations")) {
      String ipcName = ipc.path("name").asText("ipconfig1");
      String subnet = ArmJson.text(ipc, "properties", "subnet", "id");
      if (subnet == null || !subnet.equalsIgnoreCase(LocalArm.SUBNET)) {
        throw new ArmCall.Failure(ArmError.of(400, "InvalidResourceReference", "Resource " + subnet
            + " referenced by resource " + nicId + " was not found. Please make sure that the referenced resource exists,"
            + " and that both resources are in the same region."));
      }
      ObjectNode c = p.withArray("ipConfigurations").addObject().put("name", ipcName).put("id", nicId
          + "/ipConfigurations/" + ipcName);
      ObjectNode cp = c.putObject("properties").put("privateIPAddress", "10.0.0." + (nextPrivate++))
          .put("privateIPAllocationMethod", "Dynamic").put("primary", true).put("provisioningState", "Succeeded");
      cp.set("subnet", ArmJson.ref(subnet));
      JsonNode pipc = ipc.path("properties").path("publicIPAddressConfiguration");
      if (pipc.has("name")) {
        String ipName = pipc.get("name").asText();
        String ipId = id("publicIPAddresses", ipName);
        ObjectNode ip = ArmJson.object().put("name", ipName).put("id", ipId).put("type",
            "Microsoft.Network/publicIPAddresses").put("location", location);
        ip.putObject("sku").put("name", pipc.path("sku").path("name").asText("Standard"));
        ObjectNode ipp = ip.putObject("properties").put("provisioningState", "Succeeded")
            .put("ipAddress", "20.55." + (nextPublic / 250) + "." + (nextPublic++ % 250))
            .put("publicIPAllocationMethod", pipc.path("properties").path("publicIPAllocationMethod").asText("Static"))
            .put("publicIPAddressVersion", "IPv4")
            .put("deleteOption", pipc.path("properties").path("deleteOption").asText("Detach"));
        ipp.set("ipConfiguration", ArmJson.ref(c.get("id").asText()));
        ips.put(ipName.toLowerCase(Locale.ROOT), ip);
        cp.set("publicIPAddress", ArmJson.ref(ipId));
      }
    }
    nics.put(name.toLowerCase(Locale.ROOT), nic);
    return nicId;
  }

  /** Whether a private address belongs to a NIC attached to a running VM. */
  boolean isRunningAddress(String ip) {
    for (ObjectNode nic : nics.values()) {
      String vm = ArmJson.text(nic, "properties", "virtualMachine", "id");
      if (vm != null && nic.path("properties").findValuesAsText("privateIPAddress").contains(ip)) {
        return arm.vms.isRunning(vm.substring(vm.lastIndexOf('/') + 1));
      }
    }
    return false;
  }

  boolean hasDeletablePublicIp(String nicId) {
    ObjectNode nic = nics.get(last(nicId));
    if (nic == null) {
      return false;
    }
    for (String ipId : nic.path("properties").findValuesAsText("id")) {
      ObjectNode ip = ips.get(last(ipId));
      if (ipId.contains("/publicIPAddresses/") && ip != null && "Delete".equals(ArmJson.text(ip, "properties", "deleteOption"))) {
        return true;
      }
    }
    return false;
  }

  /** The VM of a NIC is gone: delete the NIC (and its deletable IPs), or detach it. */
  void release(String nicId, boolean delete) {
    ObjectNode nic = nics.get(last(nicId));
    if (nic == null) {
      return;
    }
    if (!delete) {
      ((ObjectNode) nic.get("properties")).remove("virtualMachine");
      return;
    }
    nics.remove(last(nicId));
    for (JsonNode c : nic.path("properties").path("ipConfigurations")) {
      String ipId = ArmJson.text(c, "properties", "publicIPAddress", "id");
      ObjectNode ip = ipId == null ? null : ips.get(last(ipId));
      if (ip == null) {
        continue;
      }
      if ("Delete".equals(ArmJson.text(ip, "properties", "deleteOption"))) {
        ips.remove(last(ipId));
      } else {
        ((ObjectNode) ip.get("properties")).remove("ipConfiguration");
      }
    }
  }

  private static String last(String id) {
    return id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }
}
