package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.driver.gcp.local.GceState.Op;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code Instance} resources: {@code bulkInsert}, {@code list}, {@code aggregatedList},
 * {@code get} and {@code delete}, with the statuses of the reference (PROVISIONING while created,
 * RUNNING once the operation is done, STOPPING while deleted).
 */
final class Instances {
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final int DEFAULT_PAGE = 500;
  private final GceState state;
  private final Operations operations;
  private String failCode;
  private String failMessage;
  private int failRemaining;
  private int nextIp = 2;
  /** Disks that outlived their deleted instance (attached without {@code autoDelete}). */
  final java.util.Set<String> keptDisks = new java.util.TreeSet<>();

  Instances(GceState state, Operations operations) {
    this.state = state;
    this.operations = operations;
  }

  void failNextOperation(String code, String message) {
    failNextOperations(code == null ? 0 : 1, code, message);
  }

  void failNextOperations(int count, String code, String message) {
    this.failCode = code;
    this.failMessage = message;
    this.failRemaining = count;
  }

  ObjectNode bulkInsert(String zone, ObjectNode body, String requestId) {
    if (requestId != null && state.requestIds.containsKey(requestId)) {
      return state.operations.get(state.requestIds.get(requestId)).json;
    }
    JsonNode props = body.path("instanceProperties");
    int count = body.path("count").asInt(0);
    int minCount = body.has("minCount") ? body.path("minCount").asInt() : count;
    List<String> names = new ArrayList<>();
    body.path("perInstanceProperties").fieldNames().forEachRemaining(names::add);
    validate(zone, props, count, minCount, names);
    String type = props.path("machineType").asText();
    Integer available = state.capacity.get(type);
    int creatable = available == null ? count : Math.min(count, available);
    if (creatable < minCount) {
      throw new GceError(503, "insufficientCapacity", "global", "The zone 'projects/" + state.project + "/zones/" + zone
          + "' does not have enough resources available to fulfill the request. Try a different zone, or try again later.");
    }
    if (available != null) {
      state.capacity.put(type, available - creatable);
    }
    List<ObjectNode> created = new ArrayList<>();
    for (String name : names.subList(0, creatable)) {
      ObjectNode instance = instance(zone, name, props, "PROVISIONING");
      state.instances.put(zone + "/" + name, instance);
      created.add(instance);
    }
    Op op = operations.start(zone, "bulkInsert", state.zoneUrl(zone) + "/instances/" + names.get(0));
    if (requestId != null) {
      state.requestIds.put(requestId, zone + "/" + op.json.path("name").asText());
    }
    String code = failRemaining > 0 ? failCode : null;
    String message = failMessage;
    if (failRemaining > 0 && --failRemaining == 0) {
      failCode = null;
    }
    int failed = code != null ? count : count - creatable;
    op.onDone = () -> {
      for (ObjectNode instance : created) {
        if (code != null) {
          state.instances.remove(zone + "/" + instance.path("name").asText());
        } else {
          instance.put("status", "RUNNING");
          instance.put("lastStartTimestamp", state.timestamp());
        }
      }
      ObjectNode status = op.json.putObject("instancesBulkInsertOperationMetadata").putObject("perLocationStatus")
          .putObject("zones/" + zone);
      status.put("status", failed == count ? "ROLLED_BACK" : "DONE");
      status.put("targetVmCount", count);
      status.put("createdVmCount", count - failed);
      status.put("failedToCreateVmCount", failed);
      if (code != null) {
        operations.finish(op, code, message, code.startsWith("QUOTA") ? 403 : 503);
      } else if (failed > 0) {
        operations.finish(op, "ZONE_RESOURCE_POOL_EXHAUSTED", "The zone 'projects/" + state.project + "/zones/" + zone
            + "' does not have enough resources available to fulfill the request. '(resource type:compute)'.", 503);
      }
    };
    return op.json;
  }

  private void validate(String zone, JsonNode props, int count, int minCount, List<String> names) {
    if (count < 1 || minCount < 1 || minCount > count) {
      throw GceError.invalid("Invalid value for field 'resource.count': '" + count + "'. minCount " + minCount
          + " must be between 1 and count.");
    }
    if (names.size() != count) {
      throw GceError.invalid("Invalid value for field 'resource.perInstanceProperties': " + names.size()
          + " names for a count of " + count + ". Without namePattern, every instance needs a name.");
    }
    for (String name : names) {
      if (name.length() > 63 || !NAME.matcher(name).matches()) {
        throw GceError.invalid("Invalid value for field 'resource.perInstanceProperties': '" + name
            + "'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
      }
      if (state.instances.containsKey(zone + "/" + name)) {
        throw new GceError(409, "alreadyExists", "global", "The resource 'projects/" + state.project + "/zones/" + zone
            + "/instances/" + name + "' already exists");
      }
    }
    if (!props.hasNonNull("machineType") || props.path("machineType").asText().contains("/")) {
      throw GceError.invalid("Invalid value for field 'resource.instanceProperties.machineType': '"
          + props.path("machineType").asText() + "'. A machine type name is required.");
    }
    Iterator<Map.Entry<String, JsonNode>> labels = props.path("labels").fields();
    while (labels.hasNext()) {
      Map.Entry<String, JsonNode> l = labels.next();
      if (!LABEL_KEY.matcher(l.getKey()).matches() || !LABEL_VALUE.matcher(l.getValue().asText()).matches()) {
        throw GceError.invalid("Invalid value for field 'resource.instanceProperties.labels': '" + l.getKey() + "'.");
      }
    }
    boolean boot = false;
    for (JsonNode disk : props.path("disks")) {
      if (disk.path("boot").asBoolean()) {
        boot = true;
        String image = disk.path("initializeParams").path("sourceImage").asText();
        String key = image.replaceFirst(".*projects/([^/]+)/global/images/", "$1/");
        if (!state.images.containsKey(key)) {
          throw GceError.notFound(image);
        }
      }
    }
    if (!boot) {
      throw GceError.invalid("Invalid value for field 'resource.instanceProperties.disks': a boot disk is required.");
    }
  }

  private ObjectNode instance(String zone, String name, JsonNode props, String status) {
    ObjectNode i = LocalGce.JSON.createObjectNode();
    i.put("kind", "compute#instance");
    i.put("id", state.nextId());
    i.put("creationTimestamp", state.timestamp());
    i.put("name", name);
    i.put("machineType", state.zoneUrl(zone) + "/machineTypes/" + props.path("machineType").asText());
    i.put("status", status);
    i.put("zone", state.zoneUrl(zone));
    i.set("labels", props.path("labels").isObject() ? props.get("labels").deepCopy() : LocalGce.JSON.createObjectNode());
    i.put("labelFingerprint", Integer.toHexString(i.get("labels").hashCode()));
    ObjectNode metadata = i.putObject("metadata");
    metadata.put("kind", "compute#metadata");
    metadata.set("items", props.path("metadata").path("items").deepCopy());
    if (props.has("tags")) {
      i.set("tags", props.get("tags").deepCopy());
    }
    ArrayNode disks = i.putArray("disks");
    int index = 0;
    for (JsonNode d : props.path("disks")) {
      ObjectNode disk = disks.addObject();
      boolean scratch = "SCRATCH".equals(d.path("type").asText());
      String device = d.path("deviceName").asText(d.path("boot").asBoolean() ? "persistent-disk-0" : "disk-" + index);
      disk.put("kind", "compute#attachedDisk");
      disk.put("type", scratch ? "SCRATCH" : "PERSISTENT");
      disk.put("mode", "READ_WRITE");
      disk.put("source", state.zoneUrl(zone) + "/disks/" + (d.path("boot").asBoolean() ? name : name + "-" + device));
      disk.put("deviceName", device);
      disk.put("index", index++);
      disk.put("boot", d.path("boot").asBoolean());
      disk.put("autoDelete", scratch || d.path("autoDelete").asBoolean());
      disk.put("interface", scratch ? "NVME" : "SCSI");
      disk.put("diskSizeGb", d.path("initializeParams").path("diskSizeGb").asText(scratch ? "375" : "10"));
    }
    ArrayNode nics = i.putArray("networkInterfaces");
    for (JsonNode n : props.path("networkInterfaces")) {
      ObjectNode nic = nics.addObject();
      nic.put("kind", "compute#networkInterface");
      nic.put("name", "nic" + (nics.size() - 1));
      nic.put("network", state.base + "/projects/" + state.project + "/global/networks/"
          + GceState.lastSegment(n.path("network").asText("default")));
      if (n.has("subnetwork")) {
        nic.put("subnetwork", state.base + "/projects/" + state.project + "/regions/" + LocalGce.REGION
            + "/subnetworks/" + GceState.lastSegment(n.path("subnetwork").asText()));
      }
      int ip = nextIp++;
      nic.put("networkIP", "10.128." + (ip / 250) + "." + (ip % 250 + 2));
      ArrayNode access = nic.putArray("accessConfigs");
      for (JsonNode a : n.path("accessConfigs")) {
        ObjectNode ac = access.addObject();
        ac.put("kind", "compute#accessConfig");
        ac.put("type", "ONE_TO_ONE_NAT");
        ac.put("name", a.path("name").asText("External NAT"));
        ac.put("natIP", a.path("natIP").asText("34.16." + (ip / 250) + "." + (ip % 250 + 2)));
        ac.put("networkTier", "PREMIUM");
      }
    }
    if (props.has("serviceAccounts")) {
      i.set("serviceAccounts", props.get("serviceAccounts").deepCopy());
    }
    i.put("selfLink", state.zoneUrl(zone) + "/instances/" + name);
    return i;
  }

  String createForeign(String zone, Map<String, String> labels) {
    String name = "foreign-" + state.nextId();
    ObjectNode props = LocalGce.JSON.createObjectNode();
    props.put("machineType", "e2-small");
    ObjectNode l = props.putObject("labels");
    labels.forEach(l::put);
    ObjectNode boot = props.putArray("disks").addObject();
    boot.put("boot", true);
    boot.put("autoDelete", true);
    props.putArray("networkInterfaces").addObject().put("network", "default");
    state.instances.put(zone + "/" + name, instance(zone, name, props, "RUNNING"));
    return zone + "/" + name;
  }

  ObjectNode get(String zone, String name) {
    ObjectNode i = state.instances.get(zone + "/" + name);
    if (i == null) {
      throw GceError.notFound("projects/" + state.project + "/zones/" + zone + "/instances/" + name);
    }
    return i;
  }

  ObjectNode delete(String zone, String name, String requestId) {
    if (requestId != null && state.requestIds.containsKey(requestId)) {
      return state.operations.get(state.requestIds.get(requestId)).json;
    }
    ObjectNode i = get(zone, name);
    if (i.path("status").asText().equals("STOPPING")) {
      throw new GceError(400, "resourceNotReady", "global", "The resource 'projects/" + state.project + "/zones/" + zone
          + "/instances/" + name + "' is not ready");
    }
    i.put("status", "STOPPING");
    Op op = operations.start(zone, "delete", i.path("selfLink").asText());
    op.json.put("targetId", i.path("id").asText());
    if (requestId != null) {
      state.requestIds.put(requestId, zone + "/" + op.json.path("name").asText());
    }
    op.onDone = () -> {
      state.instances.remove(zone + "/" + name);
      for (JsonNode d : i.path("disks")) {
        if (!d.path("autoDelete").asBoolean()) {
          keptDisks.add(d.path("source").asText());
        }
      }
      Addresses.release(state, i.path("selfLink").asText());
    };
    return op.json;
  }

  ObjectNode list(String zone, Map<String, String> query) {
    List<ObjectNode> matching = matching(zone, query);
    Page page = page(matching, query);
    ObjectNode out = LocalGce.JSON.createObjectNode();
    out.put("kind", "compute#instanceList");
    out.put("id", "projects/" + state.project + "/zones/" + zone + "/instances");
    ArrayNode items = out.putArray("items");
    page.items.forEach(items::add);
    if (page.next != null) {
      out.put("nextPageToken", page.next);
    }
    out.put("selfLink", state.zoneUrl(zone) + "/instances");
    return out;
  }

  ObjectNode aggregatedList(Map<String, String> query) {
    Page page = page(matching(null, query), query);
    ObjectNode out = LocalGce.JSON.createObjectNode();
    out.put("kind", "compute#instanceAggregatedList");
    out.put("id", "projects/" + state.project + "/aggregated/instances");
    ObjectNode items = out.putObject("items");
    for (String zone : LocalGce.ZONES) {
      ArrayNode inZone = LocalGce.JSON.createArrayNode();
      page.items.stream().filter(i -> i.path("zone").asText().endsWith("/" + zone)).forEach(inZone::add);
      ObjectNode scoped = items.putObject("zones/" + zone);
      if (inZone.isEmpty()) {
        ObjectNode w = scoped.putObject("warning");
        w.put("code", "NO_RESULTS_ON_PAGE");
        w.put("message", "There are no results for scope 'zones/" + zone + "' on this page.");
        ObjectNode d = w.putArray("data").addObject();
        d.put("key", "scope");
        d.put("value", "zones/" + zone);
      } else {
        scoped.set("instances", inZone);
      }
    }
    if (page.next != null) {
      out.put("nextPageToken", page.next);
    }
    out.put("selfLink", state.base + "/projects/" + state.project + "/aggregated/instances");
    return out;
  }

  private List<ObjectNode> matching(String zone, Map<String, String> query) {
    LabelFilter filter = LabelFilter.parse(query.get("filter"));
    List<ObjectNode> out = new ArrayList<>();
    state.instances.forEach((key, i) -> {
      if ((zone == null || key.startsWith(zone + "/")) && filter.matches(i)) {
        out.add(i);
      }
    });
    return out;
  }

  private record Page(List<ObjectNode> items, String next) {}

  private static Page page(List<ObjectNode> all, Map<String, String> query) {
    int size = query.containsKey("maxResults") ? Integer.parseInt(query.get("maxResults")) : DEFAULT_PAGE;
    if (size < 0 || size > 500) {
      throw GceError.invalid("Invalid value for field 'maxResults': '" + size + "'. Must be between 0 and 500.");
    }
    int from = 0;
    String token = query.get("pageToken");
    if (token != null && !token.isEmpty()) {
      if (!token.startsWith("p")) {
        throw GceError.invalid("Invalid value for field 'pageToken': '" + token + "'.");
      }
      from = Integer.parseInt(token.substring(1));
    }
    int to = Math.min(all.size(), from + (size == 0 ? DEFAULT_PAGE : size));
    return new Page(all.subList(Math.min(from, to), to), to < all.size() ? "p" + to : null);
  }
}
