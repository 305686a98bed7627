package io.immut.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthCheck;
import io.immut.api.ImageRef;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.RolloutStrategy;
import io.immut.api.SpecProblem;
import io.immut.api.StatePolicy;
import io.immut.api.VolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a spec document's tree into a {@link FleetSpec}, collecting every problem on the way.
 * The rules themselves live in the api types' constructors; this class checks the shape (types,
 * unknown and missing fields) and places the api's problems at their path in the document.
 */
final class SpecReader {
  static final String[] FLEET_FIELDS = {"name", "capacity", "strategy", "generation", "state", "cost", "trafficTarget"};
  static final String[] GENERATION_FIELDS =
      {"image", "instanceType", "userData", "labels", "volumes", "placement", "healthCheck"};
  static final String[] VOLUME_FIELDS = {"name", "sizeGb", "persistence", "location", "root", "device"};
  static final String[] PLACEMENT_FIELDS = {"zones", "subnet", "securityGroups", "sshKey", "instanceProfile", "properties"};
  static final String[] HEALTH_FIELDS = {"gracePeriod", "interval", "healthyThreshold", "unhealthyThreshold",
      "progressDeadline", "path", "port"};
  static final String[] STATE_FIELDS = {"bindings", "verifyReachable", "acknowledgements"};
  static final String[] ACK_FIELDS = {"rule", "subject", "reason"};
  static final String[] COST_FIELDS = {"maxHourlySpend", "idleReaping"};

  private static final Pattern LIST_INDEX = Pattern.compile("^(\\w+)\\[(\\d+)](.*)$");

  private SpecReader() {}

  /**
   * Reads a whole fleet spec.
   *
   * @param root the document's tree, or null when it could not be read (problems already recorded)
   * @param problems where problems go
   * @return the spec, or null when any problem was found
   */
  static FleetSpec fleet(JsonNode root, SpecProblems problems) {
    if (root == null) {
      return null;
    }
    if (root.isTextual() && looksLikeFileName(root.textValue())) {
      String name = root.textValue().strip();
      problems.add("", "is the text " + SpecProblem.excerpt(name) + ", which looks like a file name:"
          + " parseYaml(String) and parseJson(String) parse the document itself, not a file",
          "the document's text; to read a file, call SpecCodec.read(Path.of(\"" + (name.length() <= 80 ? name : "…") + "\"))");
      return null;
    }
    Fields f = Fields.of(root, "", problems, "a fleet spec mapping with name, capacity, strategy and generation",
        FLEET_FIELDS);
    if (f == null) {
      return null;
    }
    String name = f.text("name", "a fleet name such as web");
    GenerationSpec generation = f.has("generation") ? generation(f.get("generation"), "generation", problems) : null;
    if (f.has("generation") && generation == null) {
      f.markFailed("generation");
    }
    Capacity capacity = f.has("capacity") ? PolicyReader.capacity(f.get("capacity"), "capacity", problems) : null;
    if (f.has("capacity") && capacity == null) {
      f.markFailed("capacity");
    }
    RolloutStrategy strategy = f.has("strategy")
        ? PolicyReader.strategy(f.get("strategy"), "strategy", problems) : RolloutStrategy.DEFAULT;
    if (strategy == null) {
      f.markFailed("strategy");
    }
    StatePolicy state = f.has("state") ? PolicyReader.state(f.get("state"), "state", problems) : StatePolicy.NONE;
    CostPolicy cost = f.has("cost") ? PolicyReader.cost(f.get("cost"), "cost", problems) : CostPolicy.NONE;
    String trafficTarget = f.has("trafficTarget") ? f.text("trafficTarget", "a load-balancer target name or id") : null;

    // The cross-field rules of the fleet (and its required fields) come from the api itself.
    for (SpecProblem p : FleetSpec.problemsOf(name, generation, capacity, strategy)) {
      if (!f.isFailedPath(p.path())) {
        problems.add(p);
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    FleetSpec spec = f.construct(() -> new FleetSpec(name, generation, capacity, strategy, state, cost, trafficTarget));
    return problems.isEmpty() ? spec : null;
  }

  /** One line ending in a spec file's extension, or a path with separators and no spaces. */
  private static boolean looksLikeFileName(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 4096 || t.contains("\n")) {
      return false;
    }
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")
        || (t.indexOf('/') >= 0 || t.indexOf('\\') >= 0) && t.indexOf(' ') < 0 && t.indexOf(':') < 0;
  }

  /** Reads a generation spec at {@code path}; null when it has problems. */
  static GenerationSpec generation(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a generation mapping with at least image and instanceType",
        GENERATION_FIELDS);
    if (f == null) {
      return null;
    }
    String imageText = f.text("image", "an image reference such as ami-0abc123");
    ImageRef image = imageText == null ? null : f.build("image", () -> ImageRef.of(imageText));
    String instanceType = f.text("instanceType", "an instance type such as t3.micro");
    String userData = f.text("userData", "the startup configuration as text (a cloud-init document, a script)");
    Map<String, String> labels = f.textMap("labels", "a label value as text");

    List<VolumeSpec> volumes = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<JsonNode> items = f.items("volumes", "a list of volumes, each with name and sizeGb");
    for (int i = 0; i < items.size(); i++) {
      VolumeSpec v = volume(items.get(i), SpecProblems.index(f.pathOf("volumes"), i), problems);
      if (v != null) {
        volumes.add(v);
        origin.add(i);
      }
    }
    Placement placement = f.has("placement") ? placement(f.get("placement"), f.pathOf("placement"), problems) : null;
    if (f.has("placement") && placement == null) {
      f.markFailed("placement");
    }
    HealthCheck health = f.has("healthCheck") ? healthCheck(f.get("healthCheck"), f.pathOf("healthCheck"), problems) : null;
    if (f.has("healthCheck") && health == null) {
      f.markFailed("healthCheck");
    }
    return f.construct(
        () -> new GenerationSpec(image, instanceType, userData, labels, volumes, placement, health),
        p -> reindex(p, "volumes", origin));
  }

  private static VolumeSpec volume(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a volume mapping with name and sizeGb", VOLUME_FIELDS);
    if (f == null) {
      return null;
    }
    String name = f.text("name", "a volume name such as data");
    int sizeGb = 1;
    if (f.has("sizeGb")) {
      sizeGb = f.integer("sizeGb", 1, "a size in GiB from 1 to 65536");
    } else if (!f.isFailedPath("sizeGb")) {
      f.fail("sizeGb", "is missing", "a size in GiB from 1 to 65536");
    }
    Persistence persistence = f.enumValue("persistence", Persistence.class);
    String location = f.text("location", "where an EXTERNAL volume's data lives, such as nfs://files/web");
    boolean root = f.bool("root", false, "true for the boot volume");
    String device = f.text("device", "a device name such as /dev/sdf");
    int size = sizeGb;
    return f.construct(() -> new VolumeSpec(name, size, persistence, location, root, device));
  }

  private static Placement placement(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a placement mapping", PLACEMENT_FIELDS);
    if (f == null) {
      return null;
    }
    List<String> zones = f.textList("zones", "a zone name such as eu-west-1a");
    String subnet = f.text("subnet", "a subnet id such as subnet-1");
    List<String> groups = f.textList("securityGroups", "a security group id");
    String sshKey = f.text("sshKey", "the name of an SSH key pair");
    String profile = f.text("instanceProfile", "an instance profile, managed identity or service account");
    Map<String, String> properties = f.textMap("properties", "a driver-specific value as text");
    return f.construct(() -> new Placement(zones, subnet, groups, sshKey, profile, properties));
  }

  private static HealthCheck healthCheck(JsonNode node, String path, SpecProblems problems) {
    Fields f = Fields.of(node, path, problems, "a health check mapping", HEALTH_FIELDS);
    if (f == null) {
      return null;
    }
    HealthCheck d = HealthCheck.DEFAULT;
    var grace = f.duration("gracePeriod", d.gracePeriod());
    var interval = f.duration("interval", d.interval());
    int healthy = f.integer("healthyThreshold", d.healthyThreshold(), "consecutive successes from 1 to 100");
    int unhealthy = f.integer("unhealthyThreshold", d.unhealthyThreshold(), "consecutive failures from 1 to 100");
    var deadline = f.duration("progressDeadline", d.progressDeadline());
    String probePath = f.text("path", "an absolute HTTP path such as /healthz");
    int port = f.integer("port", d.port(), "a TCP port from 1 to 65535");
    return f.construct(() -> new HealthCheck(grace, interval, healthy, unhealthy, deadline, probePath, port));
  }

  /** Maps {@code list[j]...} from the index among the built items back to the index in the document. */
  static String reindex(String relative, String list, List<Integer> origin) {
    Matcher m = LIST_INDEX.matcher(relative);
    if (m.matches() && m.group(1).equals(list)) {
      int j = Integer.parseInt(m.group(2));
      if (j < origin.size()) {
        return list + "[" + origin.get(j) + "]" + m.group(3);
      }
    }
    return relative;
  }
}
