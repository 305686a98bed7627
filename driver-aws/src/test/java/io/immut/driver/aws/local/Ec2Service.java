package io.immut.driver.aws.local;

import io.immut.driver.aws.local.Ec2Model.Address;
import io.immut.driver.aws.local.Ec2Model.Eni;
import io.immut.driver.aws.local.Ec2Model.Image;
import io.immut.driver.aws.local.Ec2Model.Instance;
import io.immut.driver.aws.local.Ec2Model.Mapping;
import io.immut.driver.aws.local.Ec2Model.State;
import io.immut.driver.aws.local.Ec2Model.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The EC2 actions of the local endpoint, with their state: RunInstances, DescribeInstances,
 * TerminateInstances, and through {@link Ec2Resources} DescribeImages, DescribeVolumes,
 * DescribeAddresses, DescribeInstanceTypes, answered as the EC2 API reference shows (namespace {@value #NS}).
 *
 * <p>Instances move on as they are observed: a new instance is {@code pending} for
 * {@code bootDescribes} DescribeInstances calls, then {@code running}; a terminated one is
 * {@code shutting-down} for as many calls, then {@code terminated}, its delete-on-termination
 * volumes deleted and its elastic addresses disassociated. {@code visibilityLag} hides new
 * instances from that many DescribeInstances calls, as EC2's eventual consistency does.
 */
final class Ec2Service {
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  static final String ACCOUNT = "123456789012";
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Set<String> INSTANCE_FILTERS = Set.of("instance-state-name", "instance-id", "instance-type",
      "image-id", "tag-key", "availability-zone", "subnet-id", "client-token");

  final String region;
  final Map<String, Instance> instances = new LinkedHashMap<>();
  final Map<String, Volume> volumes = new LinkedHashMap<>();
  final Map<String, Image> images = new LinkedHashMap<>();
  final Map<String, Address> addresses = new LinkedHashMap<>();
  /** Instance type to the sizes of its instance-store disks (empty: EBS only). */
  final Map<String, List<Integer>> types = new TreeMap<>();
  /** Instance types whose instance store is not NVMe: attached only as the image maps it. */
  final Set<String> olderInstanceStore = Set.of("d2.xlarge");
  final Map<String, Integer> capacity = new HashMap<>();
  private final Map<String, Launch> tokens = new HashMap<>();
  Integer instanceLimit;
  int pageSize = 1000;
  int bootDescribes = 1;
  int visibilityLag;
  private long sequence = 0x1000;
  private final Ec2Resources resources = new Ec2Resources(this);

  private record Launch(String signature, String reservationId, List<String> instanceIds) {}

  Ec2Service(String region) {
    this.region = region;
    for (String t : List.of("t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "m5.large", "c5.large", "r5.large")) {
      types.put(t, List.of());
    }
    types.put("m5d.large", List.of(75));
    types.put("c5d.large", List.of(50));
    types.put("d2.xlarge", List.of(2000, 2000, 2000));
  }

  String nextId(String prefix) {
    return prefix + String.format("%017x", ++sequence);
  }

  String handle(QueryRequest q) {
    return switch (q.action()) {
      case "RunInstances" -> runInstances(q);
      case "DescribeInstances" -> describeInstances(q);
      case "TerminateInstances" -> terminateInstances(q);
      case "DescribeInstanceStatus" -> describeInstanceStatus(q);
      case "DescribeImages" -> resources.describeImages(q);
      case "DescribeVolumes" -> resources.describeVolumes(q);
      case "DescribeAddresses" -> resources.describeAddresses(q);
      case "DescribeInstanceTypes" -> resources.describeInstanceTypes(q);
      default -> throw QueryError.badRequest("InvalidAction", "The action " + q.action() + " is not valid for this web service.");
    };
  }

  // ------------------------------------------------------------------ RunInstances

  private String runInstances(QueryRequest q) {
    String token = q.get("ClientToken");
    String signature = q.params().entrySet().stream().filter(e -> !e.getKey().equals("ClientToken"))
        .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining("&"));
    if (token != null) {
      if (token.length() > 64) {
        throw QueryError.invalidParameter("Value (" + token + ") for parameter clientToken is invalid. Length exceeds maximum of 64");
      }
      Launch earlier = tokens.get(token);
      if (earlier != null) {
        if (!earlier.signature.equals(signature)) {
          throw QueryError.badRequest("IdempotentParameterMismatch", "Arguments on this idempotent request are"
              + " inconsistent with arguments used in previous request(s).");
        }
        return runResponse(earlier.reservationId, earlier.instanceIds.stream().map(instances::get).toList());
      }
    }
    String imageId = required(q, "ImageId");
    int min = count(q, "MinCount");
    int max = count(q, "MaxCount");
    if (max < min) {
      throw QueryError.invalidParameter("Invalid value '" + max + "' for maxCount. It must be greater than or equal to minCount");
    }
    Image image = image(imageId);
    String type = q.params().getOrDefault("InstanceType", "m1.small");
    if (!types.containsKey(type)) {
      throw QueryError.invalidParameter("Invalid value '" + type + "' for InstanceType.");
    }
    String userData = q.get("UserData");
    if (userData != null) {
      try {
        byte[] raw = Base64.getDecoder().decode(userData);
        if (raw.length > 16 * 1024) {
          throw QueryError.invalidParameter("User data is limited to 16384 bytes");
        }
      } catch (IllegalArgumentException e) {
        throw QueryError.invalidParameter("Invalid BASE64 encoding of user data.");
      }
    }
    Map<String, Map<String, String>> tagsByType = new HashMap<>();
    for (QueryRequest spec : q.structs("TagSpecification")) {
      String rt = spec.get("ResourceType");
      if (!Set.of("instance", "volume", "network-interface", "spot-instances-request").contains(rt)) {
        throw QueryError.invalidParameter("'" + rt + "' is not a valid taggable resource type for this operation.");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (QueryRequest t : spec.structs("Tag")) {
        String key = t.get("Key");
        if (key == null || key.startsWith("aws:")) {
          throw QueryError.invalidParameter("Tag keys starting with 'aws:' are reserved for internal use");
        }
        tags.put(key, t.params().getOrDefault("Value", ""));
      }
      tagsByType.put(rt, tags);
    }
    String subnet = q.get("SubnetId");
    if (subnet != null && !subnet.startsWith("subnet-")) {
      throw QueryError.badRequest("InvalidSubnetID.NotFound", "The subnet ID '" + subnet + "' does not exist");
    }
    List<String> groups = q.list("SecurityGroupId");
    for (String g : groups) {
      if (!g.startsWith("sg-")) {
        throw QueryError.badRequest("InvalidGroupId.Malformed", "Invalid id: \"" + g + "\" (expecting \"sg-...\")");
      }
    }
    String zone = q.params().getOrDefault("Placement.AvailabilityZone",
        subnet == null ? region + "a" : region + (char) ('a' + Math.floorMod(subnet.hashCode(), 3)));
    if (!zone.startsWith(region)) {
      throw QueryError.invalidParameter("Invalid availability zone: [" + zone + "]");
    }
    List<QueryRequest> bdms = q.structs("BlockDeviceMapping");
    for (QueryRequest m : bdms) {
      if (m.get("DeviceName") == null) {
        throw QueryError.missing("BlockDeviceMapping.DeviceName");
      }
      String size = m.get("Ebs.VolumeSize");
      if (m.get("DeviceName").equals(image.rootDeviceName) && size != null && Integer.parseInt(size) < image.rootSize) {
        throw QueryError.badRequest("InvalidBlockDeviceMapping", "Volume of size " + size + "GB is smaller than snapshot '"
            + "snap-" + image.id.substring(4) + "', expect size >= " + image.rootSize + "GB");
      }
    }
    int available = max;
    if (capacity.containsKey(type)) {
      available = Math.min(available, capacity.get(type));
      if (available < min) {
        throw new QueryError(500, "InsufficientInstanceCapacity", "We currently do not have sufficient " + type
            + " capacity in the Availability Zone you requested (" + zone + "). Our system will be working on provisioning"
            + " additional capacity.");
      }
    }
    if (instanceLimit != null) {
      long live = instances.values().stream().filter(Instance::live).count();
      int room = (int) Math.max(0, instanceLimit - live);
      if (room < min) {
        throw QueryError.badRequest("InstanceLimitExceeded", "You have requested more instances (" + (live + min)
            + ") than your current instance limit of " + instanceLimit + " allows for the specified instance type.");
      }
      available = Math.min(available, room);
    }
    if (capacity.containsKey(type)) {
      capacity.put(type, capacity.get(type) - available);
    }
    String reservationId = nextId("r-");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Instance> launched = new ArrayList<>();
    for (int n = 0; n < available; n++) {
      Instance i = new Instance();
      i.id = nextId("i-");
      i.reservationId = reservationId;
      i.imageId = imageId;
      i.type = type;
      i.launchTime = now;
      i.launchIndex = n;
      i.describesUntilNextState = bootDescribes;
      i.invisibleForDescribes = visibilityLag;
      i.zone = zone;
      i.subnetId = subnet;
      i.vpcId = "vpc-0000000000000000a";
      long host = sequence;
      i.privateIp = "10.0." + ((host >> 8) & 0xff) + "." + (host & 0xff);
      i.publicIp = subnet == null ? "203.0.113." + (host & 0xff) : null;
      i.keyName = q.get("KeyName");
      i.securityGroupIds.addAll(groups);
      i.instanceProfile = q.params().getOrDefault("IamInstanceProfile.Arn", q.get("IamInstanceProfile.Name"));
      i.userData = userData;
      i.clientToken = token;
      i.rootDeviceName = image.rootDeviceName;
      i.httpTokens = q.params().getOrDefault("MetadataOptions.HttpTokens", "optional");
      i.tenancy = q.params().getOrDefault("Placement.Tenancy", "default");
      i.placementGroup = q.get("Placement.GroupName");
      i.tags.putAll(tagsByType.getOrDefault("instance", Map.of()));
      Map<String, String> volumeTags = tagsByType.getOrDefault("volume", Map.of());
      boolean rootMapped = bdms.stream().anyMatch(m -> image.rootDeviceName.equals(m.get("DeviceName")));
      if (!rootMapped) {
        attach(i, image.rootDeviceName, image.rootSize, "gp3", true, volumeTags, now);
      }
      for (QueryRequest m : bdms) {
        if (m.get("NoDevice") != null || m.get("VirtualName") != null) {
          continue;
        }
        boolean root = image.rootDeviceName.equals(m.get("DeviceName"));
        int size = m.get("Ebs.VolumeSize") == null ? (root ? image.rootSize : 8) : Integer.parseInt(m.get("Ebs.VolumeSize"));
        boolean dot = m.get("Ebs.DeleteOnTermination") == null || Boolean.parseBoolean(m.get("Ebs.DeleteOnTermination"));
        attach(i, m.get("DeviceName"), size, m.params().getOrDefault("Ebs.VolumeType", "gp3"), dot, volumeTags, now);
      }
      i.enis.add(new Eni(nextId("eni-"), true, i.privateIp));
      instances.put(i.id, i);
      launched.add(i);
    }
    if (token != null) {
      tokens.put(token, new Launch(signature, reservationId, launched.stream().map(i -> i.id).toList()));
    }
    return runResponse(reservationId, launched);
  }

  private void attach(Instance i, String device, int size, String type, boolean dot, Map<String, String> tags, Instant now) {
    Volume v = new Volume();
    v.id = nextId("vol-");
    v.size = size;
    v.type = type;
    v.zone = i.zone;
    v.createTime = now;
    v.instanceId = i.id;
    v.device = device;
    v.deleteOnTermination = dot;
    v.tags.putAll(tags);
    volumes.put(v.id, v);
    i.mappings.add(new Mapping(device, v.id, dot, now));
  }

  private String runResponse(String reservationId, List<Instance> launched) {
    Xml x = new Xml().open("RunInstancesResponse", NS).el("requestId", LocalEc2.requestId())
        .el("reservationId", reservationId).el("ownerId", ACCOUNT).empty("groupSet").open("instancesSet");
    for (Instance i : launched) {
      InstanceXml.write(x, i);
    }
    return x.close("instancesSet").close("RunInstancesResponse").toString();
  }

  // ------------------------------------------------------------------ DescribeInstances

  private String describeInstances(QueryRequest q) {
    List<String> ids = q.list("InstanceId");
    String maxResults = q.get("MaxResults");
    if (maxResults != null && !ids.isEmpty()) {
      throw QueryError.badRequest("InvalidParameterCombination", "The parameter instancesSet cannot be used with the"
          + " parameter maxResults");
    }
    int limit = maxResults == null ? Integer.MAX_VALUE : Integer.parseInt(maxResults);
    if (maxResults != null && (limit < 5 || limit > 1000)) {
      throw QueryError.invalidParameter("Value ( " + limit + " ) for parameter maxResults is invalid. Expecting a value"
          + " between 5 and 1000.");
    }
    Map<String, List<String>> filters = q.filters();
    for (String name : filters.keySet()) {
      if (name == null || !(INSTANCE_FILTERS.contains(name) || name.startsWith("tag:"))) {
        throw QueryError.invalidParameter("The filter '" + name + "' is invalid");
      }
    }
    List<Instance> visible = instances.values().stream().filter(i -> i.invisibleForDescribes == 0).toList();
    if (!ids.isEmpty()) {
      checkIds(ids, visible.stream().map(i -> i.id).collect(Collectors.toSet()));
    }
    List<Instance> matching = visible.stream()
        .filter(i -> ids.isEmpty() || ids.contains(i.id))
        .filter(i -> filters.entrySet().stream().allMatch(f -> matches(i, f.getKey(), f.getValue())))
        .toList();
    int offset = offset(q.get("NextToken"));
    int size = Math.min(limit, pageSize);
    List<Instance> page = matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + size));
    String next = offset + size < matching.size() ? token(offset + size) : null;
    Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
    for (Instance i : page) {
      byReservation.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i);
    }
    Xml x = new Xml().open("DescribeInstancesResponse", NS).el("requestId", LocalEc2.requestId()).open("reservationSet");
    for (Map.Entry<String, List<Instance>> r : byReservation.entrySet()) {
      x.open("item").el("reservationId", r.getKey()).el("ownerId", ACCOUNT).empty("groupSet").open("instancesSet");
      for (Instance i : r.getValue()) {
        InstanceXml.write(x, i);
      }
      x.close("instancesSet").close("item");
    }
    x.close("reservationSet").el("nextToken", next).close("DescribeInstancesResponse");
    observe();
    return x.toString();
  }

  private void checkIds(List<String> ids, Set<String> known) {
    for (String id : ids) {
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw QueryError.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
    }
    List<String> missing = ids.stream().filter(id -> !known.contains(id)).toList();
    if (missing.size() == 1) {
      throw QueryError.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + missing.get(0) + "' does not exist");
    }
    if (missing.size() > 1) {
      throw QueryError.badRequest("InvalidInstanceID.NotFound", "The instance IDs '" + String.join(", ", missing)
          + "' do not exist");
    }
  }

  /** One DescribeInstances call has observed the world: states move on, hidden instances come closer to view. */
  private void observe() {
    for (Instance i : instances.values()) {
      if (i.invisibleForDescribes > 0) {
        i.invisibleForDescribes--;
        continue;
      }
      if (i.state == State.PENDING || i.state == State.SHUTTING_DOWN) {
        if (i.describesUntilNextState > 0) {
          i.describesUntilNextState--;
        }
        if (i.describesUntilNextState == 0) {
          advance(i);
        }
      }
    }
  }

  /** Moves an instance to its next state now. */
  void advance(Instance i) {
    if (i.state == State.PENDING) {
      i.state = State.RUNNING;
    } else if (i.state == State.SHUTTING_DOWN) {
      i.state = State.TERMINATED;
      for (Mapping m : i.mappings) {
        Volume v = volumes.get(m.volumeId());
        if (v != null && m.deleteOnTermination()) {
          volumes.remove(v.id);
        } else if (v != null) {
          v.state = "available";
          v.instanceId = null;
          v.device = null;
        }
      }
      for (Address a : addresses.values()) {
        if (i.id.equals(a.instanceId)) {
          a.instanceId = null;
          a.associationId = null;
        }
      }
    }
  }

  /** Brings every instance to rest: pending ones run, terminating ones are gone, all are visible. */
  void settle() {
    for (Instance i : instances.values()) {
      i.invisibleForDescribes = 0;
      while (i.state == State.PENDING || i.state == State.SHUTTING_DOWN) {
        advance(i);
      }
    }
  }

  private boolean matches(Instance i, String name, List<String> values) {
    if (name.startsWith("tag:")) {
      String v = i.tags.get(name.substring(4));
      return v != null && values.stream().anyMatch(p -> wildcard(p, v));
    }
    return switch (name) {
      case "instance-state-name" -> values.contains(i.state.ec2Name);
      case "instance-id" -> values.contains(i.id);
      case "instance-type" -> values.contains(i.type);
      case "image-id" -> values.contains(i.imageId);
      case "tag-key" -> values.stream().anyMatch(i.tags::containsKey);
      case "availability-zone" -> values.contains(i.zone);
      case "subnet-id" -> values.contains(i.subnetId);
      case "client-token" -> values.contains(i.clientToken);
      default -> false;
    };
  }

  static boolean wildcard(String pattern, String value) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return value.matches(re.toString());
  }

  // ------------------------------------------------------------------ DescribeInstanceStatus

  private String describeInstanceStatus(QueryRequest q) {
    List<String> ids = q.list("InstanceId");
    if (!ids.isEmpty() && q.get("MaxResults") != null) {
      throw QueryError.badRequest("InvalidParameterCombination", "The parameter instancesSet cannot be used with the"
          + " parameter maxResults");
    }
    boolean all = Boolean.parseBoolean(q.params().getOrDefault("IncludeAllInstances", "false"));
    List<Instance> visible = instances.values().stream().filter(i -> i.invisibleForDescribes == 0).toList();
    if (!ids.isEmpty()) {
      checkIds(ids, visible.stream().map(i -> i.id).collect(Collectors.toSet()));
    }
    Xml x = new Xml().open("DescribeInstanceStatusResponse", NS).el("requestId", LocalEc2.requestId())
        .open("instanceStatusSet");
    for (Instance i : visible) {
      if (!ids.isEmpty() && !ids.contains(i.id) || !all && i.state != State.RUNNING) {
        continue;
      }
      String status = i.state == State.RUNNING ? i.statusCheck : "not-applicable";
      String detail = switch (status) {
        case "ok" -> "passed";
        case "impaired" -> "failed";
        default -> "initializing";
      };
      x.open("item").el("instanceId", i.id).el("availabilityZone", i.zone)
          .open("instanceState").el("code", i.state.code).el("name", i.state.ec2Name).close("instanceState");
      for (String check : List.of("systemStatus", "instanceStatus")) {
        x.open(check).el("status", status).open("details").open("item").el("name", "reachability").el("status", detail)
            .close("item").close("details").close(check);
      }
      x.close("item");
    }
    return x.close("instanceStatusSet").close("DescribeInstanceStatusResponse").toString();
  }

  // ------------------------------------------------------------------ TerminateInstances

  private String terminateInstances(QueryRequest q) {
    List<String> ids = q.list("InstanceId");
    if (ids.isEmpty()) {
      throw QueryError.missing("InstanceId");
    }
    if (ids.size() > 1000) {
      throw QueryError.invalidParameter("The maximum number of instance IDs per request is 1000");
    }
    checkIds(ids, instances.values().stream().filter(i -> i.invisibleForDescribes == 0).map(i -> i.id)
        .collect(Collectors.toSet()));
    Xml x = new Xml().open("TerminateInstancesResponse", NS).el("requestId", LocalEc2.requestId()).open("instancesSet");
    for (String id : ids) {
      Instance i = instances.get(id);
      State previous = i.state;
      if (i.state != State.TERMINATED && i.state != State.SHUTTING_DOWN) {
        i.state = State.SHUTTING_DOWN;
        i.describesUntilNextState = bootDescribes;
      }
      x.open("item").el("instanceId", id)
          .open("currentState").el("code", i.state.code).el("name", i.state.ec2Name).close("currentState")
          .open("previousState").el("code", previous.code).el("name", previous.ec2Name).close("previousState")
          .close("item");
    }
    return x.close("instancesSet").close("TerminateInstancesResponse").toString();
  }

  Image image(String imageId) {
    if (!AMI_ID.matcher(imageId).matches()) {
      throw QueryError.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
    }
    Image image = images.get(imageId);
    if (image == null) {
      throw QueryError.badRequest("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
    }
    return image;
  }

  // ------------------------------------------------------------------ helpers

  private static String required(QueryRequest q, String key) {
    String v = q.get(key);
    if (v == null || v.isBlank()) {
      throw QueryError.missing(key);
    }
    return v;
  }

  private static int count(QueryRequest q, String key) {
    String v = required(q, key);
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw QueryError.invalidParameter("Invalid value '" + n + "' for " + key + ". Expected a value of 1 or more.");
    }
    return n;
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith("offset:")) {
        throw new IllegalArgumentException();
      }
      return Integer.parseInt(s.substring(7));
    } catch (IllegalArgumentException e) {
      throw QueryError.badRequest("InvalidParameterValue", "The token '" + token + "' is invalid.");
    }
  }
}
