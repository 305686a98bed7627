package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/virtualMachines} (and the managed disks they create): create-only PUT,
 * GET with the instance view, paged list, DELETE honouring each resource's {@code deleteOption}.
 */
final class VirtualMachines {
  private static final String TYPE = "Microsoft.Compute/virtualMachines";
  private static final Pattern ITEM = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Compute/virtualMachines/([^/]+)");
  private static final Pattern LIST = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Compute/virtualMachines");
  private static final Pattern DISK = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Compute/disks/([^/]+)");
  private static final Pattern DISKS = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Compute/disks");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]|[A-Za-z0-9]");

  private final LocalArm arm;
  final Map<String, ObjectNode> vms = new LinkedHashMap<>();
  final Map<String, ObjectNode> disks = new LinkedHashMap<>();
  /** name to {provisioning, power, failure code, failure message, operation id}. */
  private final Map<String, String[]> status = new HashMap<>();
  final Map<String, Integer> capacity = new HashMap<>();
  final Deque<String[]> lateFailures = new ArrayDeque<>();
  private int foreign;

  VirtualMachines(LocalArm arm) {
    this.arm = arm;
  }

  ArmCall.Answer handle(ArmCall call) {
    Matcher m;
    if ((m = ITEM.matcher(call.path())).matches()) {
      String name = m.group(3);
      return switch (call.method()) {
        case "PUT" -> put(call, name);
        case "GET" -> get(call, name);
        case "DELETE" -> delete(call, name);
        default -> throw new ArmCall.Failure(ArmError.of(405, "MethodNotAllowed", call.method() + " is not allowed"));
      };
    }
    if ((m = LIST.matcher(call.path())).matches() && call.method().equals("GET")) {
      arm.require("Microsoft.Compute/virtualMachines/read");
      List<ObjectNode> all = new ArrayList<>();
      for (String name : vms.keySet()) {
        all.add(shown(name, "instanceView".equals(call.query().get("$expand"))));
      }
      return ArmCall.Answer.ok(arm.page(call, all));
    }
    if ((m = DISK.matcher(call.path())).matches() && call.method().equals("GET")) {
      arm.require("Microsoft.Compute/disks/read");
      ObjectNode d = disks.get(m.group(3).toLowerCase(Locale.ROOT));
      if (d == null) {
        throw new ArmCall.Failure(ArmError.notFound("Microsoft.Compute/disks", m.group(3), m.group(2)));
      }
      return ArmCall.Answer.ok(d.deepCopy());
    }
    if (DISKS.matcher(call.path()).matches() && call.method().equals("GET")) {
      arm.require("Microsoft.Compute/disks/read");
      return ArmCall.Answer.ok(arm.page(call, new ArrayList<>(disks.values())));
    }
    return null;
  }

  private ArmCall.Answer put(ArmCall call, String name) {
    JsonNode body = call.body();
    JsonNode props = body.path("properties");
    List<String> needed = new ArrayList<>(List.of("Microsoft.Compute/virtualMachines/write"));
    JsonNode nicConfigs = props.path("networkProfile").path("networkInterfaceConfigurations");
    for (JsonNode nic : nicConfigs) {
      needed.add("Microsoft.Network/networkInterfaces/write");
      needed.add("Microsoft.Network/networkInterfaces/join/action");
      needed.add("Microsoft.Network/virtualNetworks/subnets/join/action");
      if (nic.path("properties").has("networkSecurityGroup")) {
        needed.add("Microsoft.Network/networkSecurityGroups/join/action");
      }
      for (JsonNode ip : nic.path("properties").path("ipConfigurations")) {
        if (ip.path("properties").has("publicIPAddressConfiguration")) {
          needed.add("Microsoft.Network/publicIPAddresses/write");
          needed.add("Microsoft.Network/publicIPAddresses/join/action");
        }
      }
    }
    needed.add("Microsoft.Compute/disks/write");
    if (body.path("identity").path("type").asText().contains("UserAssigned")) {
      // assigning a user-assigned identity needs the Managed Identity Operator's action on it
      needed.add("Microsoft.ManagedIdentity/userAssignedIdentities/assign/action");
    }
    String imageId = ArmJson.text(props, "storageProfile", "imageReference", "id");
    if (imageId != null) {
      needed.add(imageId.toLowerCase(Locale.ROOT).contains("/galleries/")
          ? "Microsoft.Compute/galleries/images/versions/read" : "Microsoft.Compute/images/read");
    }
    arm.require(needed.toArray(String[]::new));
    String key = name.toLowerCase(Locale.ROOT);
    if ("*".equals(call.header("If-None-Match")) && vms.containsKey(key)) {
      throw new ArmCall.Failure(ArmError.of(412, "PreconditionFailed",
          "The condition specified using HTTP conditional header(s) is not met."));
    }
    if (vms.containsKey(key)) {
      throw new ArmCall.Failure(ArmError.of(409, "PropertyChangeNotAllowed",
          "Changing property 'osDisk.name' is not allowed. (this endpoint creates only)"));
    }
    validate(call, name, props);
    String size = ArmJson.text(props, "hardwareProfile", "vmSize");
    Integer left = capacity.get(size);
    if (left != null) {
      if (left <= 0) {
        throw new ArmCall.Failure(ArmError.of(409, "SkuNotAvailable", "The requested VM size for resource"
            + " 'Following SKUs have failed for Capacity Restrictions: " + size + "' is currently not available in"
            + " location '" + LocalArm.LOCATION + "'. Please try another size or deploy to a different location or"
            + " different zone. See https://aka.ms/azureskunotavailable for details."));
      }
      capacity.put(size, left - 1);
    }
    ObjectNode vm = create(name, body, props);
    String op = arm.operations.begin();
    String[] failure = lateFailures.poll();
    status.put(key, new String[] {"Creating", null, failure == null ? null : failure[0],
        failure == null ? null : failure[1], op});
    return new ArmCall.Answer(201, shown(key, false), Map.of("Azure-AsyncOperation", arm.operations.url(call, op),
        "Azure-AsyncNotification", "Enabled"));
  }

  private void validate(ArmCall call, String name, JsonNode props) {
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      throw new ArmCall.Failure(ArmError.of(400, "InvalidResourceName", "The resource name '" + name + "' is invalid."));
    }
    if (ArmJson.text(call.body(), "location") == null) {
      throw new ArmCall.Failure(ArmError.of(400, "LocationRequired", "The location property is required for this definition."));
    }
    if (ArmJson.text(props, "hardwareProfile", "vmSize") == null) {
      problems.add("hardwareProfile.vmSize");
    }
    JsonNode os = props.path("osProfile");
    String computer = ArmJson.text(os, "computerName");
    boolean windows = os.has("windowsConfiguration") || os.has("adminPassword") && !os.has("linuxConfiguration");
    if (computer == null || computer.length() > (windows ? 15 : 64)) {
      problems.add("osProfile.computerName");
    }
    if (ArmJson.text(os, "adminUsername") == null) {
      problems.add("osProfile.adminUsername");
    }
    if (!windows && os.path("linuxConfiguration").path("ssh").path("publicKeys").isEmpty()
        && ArmJson.text(os, "adminPassword") == null) {
      problems.add("osProfile.linuxConfiguration.ssh.publicKeys");
    }
    JsonNode net = props.path("networkProfile");
    if (net.path("networkInterfaceConfigurations").isEmpty() && net.path("networkInterfaces").isEmpty()) {
      problems.add("networkProfile.networkInterfaces");
    }
    if (!net.path("networkInterfaceConfigurations").isEmpty() && ArmJson.text(net, "networkApiVersion") == null) {
      problems.add("networkProfile.networkApiVersion");
    }
    if (!problems.isEmpty()) {
      throw new ArmCall.Failure(ArmError.of(400, "InvalidParameter", "Required parameter '" + problems.get(0)
          + "' is missing (null)."));
    }
    String imageId = ArmJson.text(props, "storageProfile", "imageReference", "id");
    if (imageId != null && !arm.images.exists(imageId)) {
      throw new ArmCall.Failure(ArmError.of(404, "ImageNotFound", "The platform image '" + imageId + "' is not available."));
    }
  }

  private ObjectNode create(String name, JsonNode body, JsonNode props) {
    String key = name.toLowerCase(Locale.ROOT);
    String id = "/subscriptions/" + LocalArm.SUBSCRIPTION + "/resourceGroups/" + LocalArm.GROUP + "/providers/" + TYPE
        + "/" + name;
    ObjectNode vm = ArmJson.object().put("name", name).put("id", id).put("type", TYPE)
        .put("location", body.path("location").asText());
    vm.set("tags", body.has("tags") ? body.get("tags").deepCopy() : ArmJson.object());
    if (body.has("zones")) {
      vm.set("zones", body.get("zones").deepCopy());
    }
    if (body.has("identity")) {
      ObjectNode identity = body.get("identity").deepCopy();
      if (identity.path("type").asText().contains("SystemAssigned")) {
        identity.put("principalId", UUID.randomUUID().toString()).put("tenantId", LocalArm.TENANT);
      }
      if (identity.has("userAssignedIdentities")) {
        ObjectNode users = (ObjectNode) identity.get("userAssignedIdentities");
        users.fieldNames().forEachRemaining(k -> users.set(k, ArmJson.object()
            .put("principalId", UUID.nameUUIDFromBytes(k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
            .put("clientId", UUID.nameUUIDFromBytes(("client:" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())));
      }
      vm.set("identity", identity);
    }
    ObjectNode p = props.deepCopy();
    p.put("vmId", UUID.randomUUID().toString()).put("timeCreated", Instant.now().toString());
    ObjectNode storage = (ObjectNode) p.path("storageProfile");
    if (storage.has("osDisk")) {
      ObjectNode osDisk = (ObjectNode) storage.get("osDisk");
      String diskName = osDisk.has("name") ? osDisk.get("name").asText() : name + "_OsDisk_1";
      osDisk.put("name", diskName);
      osDisk.set("managedDisk", ((ObjectNode) osDisk.path("managedDisk").deepCopy()).put("id", disk(diskName,
          osDisk.path("diskSizeGB").asInt(30), id, "FromImage")));
      if (!osDisk.has("deleteOption")) {
        osDisk.put("deleteOption", "Detach");
      }
    }
    for (JsonNode d : storage.path("dataDisks")) {
      ObjectNode dd = (ObjectNode) d;
      if (!dd.has("deleteOption")) {
        dd.put("deleteOption", "Detach");
      }
      if ("Attach".equals(dd.path("createOption").asText())) {
        continue;
      }
      String diskName = dd.has("name") ? dd.get("name").asText() : name + "_disk" + dd.path("lun").asInt();
      dd.put("name", diskName);
      dd.set("managedDisk", ((ObjectNode) dd.path("managedDisk").deepCopy()).put("id", disk(diskName,
          dd.path("diskSizeGB").asInt(), id, "Empty")));
    }
    ObjectNode netProfile = (ObjectNode) p.path("networkProfile");
    ArrayNode refs = netProfile.has("networkInterfaces") ? (ArrayNode) netProfile.get("networkInterfaces")
        : netProfile.putArray("networkInterfaces");
    for (JsonNode config : netProfile.path("networkInterfaceConfigurations")) {
      String nicId = arm.network.createNic(config, id, body.path("location").asText());
      ObjectNode ref = refs.addObject().put("id", nicId);
      ref.set("properties", ArmJson.object().put("primary", config.path("properties").path("primary").asBoolean(true))
          .put("deleteOption", config.path("properties").path("deleteOption").asText("Detach")));
    }
    p.put("provisioningState", "Creating");
    vm.set("properties", p);
    vms.put(key, vm);
    return vm;
  }

  private String disk(String name, int sizeGb, String vmId, String createOption) {
    String id = "/subscriptions/" + LocalArm.SUBSCRIPTION + "/resourceGroups/" + LocalArm.GROUP.toUpperCase(Locale.ROOT)
        + "/providers/Microsoft.Compute/disks/" + name;
    ObjectNode d = ArmJson.object().put("name", name).put("id", id).put("type", "Microsoft.Compute/disks")
        .put("location", LocalArm.LOCATION).put("managedBy", vmId);
    ObjectNode p = d.putObject("properties").put("diskSizeGB", sizeGb).put("diskState", "Attached")
        .put("provisioningState", "Succeeded");
    p.putObject("creationData").put("createOption", createOption);
    disks.put(name.toLowerCase(Locale.ROOT), d);
    return id;
  }

  private ArmCall.Answer get(ArmCall call, String name) {
    arm.require("Microsoft.Compute/virtualMachines/read");
    String key = name.toLowerCase(Locale.ROOT);
    if (!vms.containsKey(key)) {
      throw new ArmCall.Failure(ArmError.notFound(TYPE, name, LocalArm.GROUP));
    }
    return ArmCall.Answer.ok(shown(key, "instanceView".equals(call.query().get("$expand"))));
  }

  private ArmCall.Answer delete(ArmCall call, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    ObjectNode vm = vms.get(key);
    List<String> needed = new ArrayList<>(List.of("Microsoft.Compute/virtualMachines/delete"));
    if (vm != null) {
      JsonNode p = vm.path("properties");
      if (p.path("storageProfile").path("osDisk").path("deleteOption").asText().equals("Delete")
          || p.path("storageProfile").path("dataDisks").findValuesAsText("deleteOption").contains("Delete")) {
        needed.add("Microsoft.Compute/disks/delete");
      }
      for (JsonNode ref : p.path("networkProfile").path("networkInterfaces")) {
        if ("Delete".equals(ref.path("properties").path("deleteOption").asText())) {
          needed.add("Microsoft.Network/networkInterfaces/delete");
          if (arm.network.hasDeletablePublicIp(ref.path("id").asText())) {
            needed.add("Microsoft.Network/publicIPAddresses/delete");
          }
        }
      }
    }
    arm.require(needed.toArray(String[]::new));
    if (vm == null) {
      return new ArmCall.Answer(204, null, Map.of());
    }
    String[] s = status.get(key);
    if (!"Deleting".equals(s[0])) {
      s[0] = "Deleting";
      s[4] = arm.operations.begin();
    }
    String url = arm.operations.url(call, s[4]);
    return new ArmCall.Answer(202, null, Map.of("Azure-AsyncOperation", url, "Location", url + "&monitor=true",
        "Retry-After", "10"));
  }

  /** Completes the operations in progress: creations succeed or fail; deletions remove. */
  void settle() {
    for (String key : new ArrayList<>(vms.keySet())) {
      String[] s = status.get(key);
      if ("Creating".equals(s[0])) {
        if (s[2] == null) {
          s[0] = "Succeeded";
          s[1] = "running";
          arm.operations.succeed(s[4]);
        } else {
          s[0] = "Failed";
          arm.operations.fail(s[4], s[2], s[3]);
        }
      } else if ("Deleting".equals(s[0])) {
        remove(key);
        arm.operations.succeed(s[4]);
      }
    }
  }

  private void remove(String key) {
    ObjectNode vm = vms.remove(key);
    status.remove(key);
    JsonNode storage = vm.path("properties").path("storageProfile");
    List<JsonNode> all = new ArrayList<>();
    if (storage.has("osDisk")) {
      all.add(storage.get("osDisk"));
    }
    storage.path("dataDisks").forEach(all::add);
    for (JsonNode d : all) {
      String diskName = d.path("name").asText().toLowerCase(Locale.ROOT);
      if ("Delete".equals(d.path("deleteOption").asText())) {
        disks.remove(diskName);
      } else if (disks.containsKey(diskName)) {
        disks.get(diskName).remove("managedBy");
        ((ObjectNode) disks.get(diskName).get("properties")).put("diskState", "Unattached");
      }
    }
    for (JsonNode ref : vm.path("properties").path("networkProfile").path("networkInterfaces")) {
      arm.network.release(ref.path("id").asText(), "Delete".equals(ref.path("properties").path("deleteOption").asText()));
    }
  }

  private ObjectNode shown(String key, boolean instanceView) {
    ObjectNode vm = vms.get(key).deepCopy();
    String[] s = status.get(key);
    ObjectNode p = (ObjectNode) vm.get("properties");
    p.put("provisioningState", s[0]);
    if (instanceView) {
      ArrayNode statuses = p.putObject("instanceView").putArray("statuses");
      if ("Failed".equals(s[0])) {
        statuses.addObject().put("code", "ProvisioningState/failed/" + s[2]).put("level", "Error")
            .put("displayStatus", "Provisioning failed").put("message", s[3]);
      } else {
        statuses.addObject().put("code", "ProvisioningState/" + s[0].toLowerCase(Locale.ROOT)).put("level", "Info")
            .put("displayStatus", "Provisioning " + s[0].toLowerCase(Locale.ROOT));
      }
      if (s[1] != null) {
        statuses.addObject().put("code", "PowerState/" + s[1]).put("level", "Info").put("displayStatus", "VM " + s[1]);
      }
      if ("running".equals(s[1])) {
        ObjectNode agent = ((ObjectNode) p.get("instanceView")).putObject("vmAgent").put("vmAgentVersion", "2.12.0.2");
        agent.putArray("statuses").addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
            .put("displayStatus", "Ready").put("message", "Guest Agent is running");
      }
    }
    return vm;
  }

  boolean isRunning(String name) {
    String[] s = status.get(name.toLowerCase(Locale.ROOT));
    return s != null && "running".equals(s[1]) && "Succeeded".equals(s[0]);
  }

  String createForeign(Map<String, String> tags) {
    String name = "foreign-vm-" + (++foreign);
    ObjectNode body = ArmJson.object().put("location", LocalArm.LOCATION);
    body.set("tags", ArmJson.tags(tags));
    ObjectNode props = body.putObject("properties");
    props.putObject("hardwareProfile").put("vmSize", "Standard_B1s");
    props.putObject("storageProfile").putObject("imageReference").put("id", LocalArm.IMAGE);
    props.putObject("networkProfile");
    create(name, body, props);
    status.put(name, new String[] {"Succeeded", "running", null, null, arm.operations.begin()});
    return name;
  }
}
