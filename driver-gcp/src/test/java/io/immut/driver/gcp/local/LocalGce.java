package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Compute Engine on loopback, speaking the REST API (v1) as its reference describes it:
 * {@code instances.bulkInsert} with {@code perInstanceProperties} and {@code minCount}, zonal
 * {@code list} and {@code aggregatedList} with label filters and {@code pageToken},
 * {@code get}, {@code delete}, {@code zoneOperations.get} and {@code wait}, {@code images.get} and
 * {@code getFromFamily}, {@code requestId} idempotency, and the API's error JSON
 * ({@code error.errors[].reason}). Creation and deletion are long-running operations that finish
 * when the test calls {@link #settle()}.
 *
 * <p>Every call is recorded as the IAM permissions Compute Engine checks for it (the reference's
 * "IAM Permissions" of each method, plus those the request's content needs), for the test of the
 * documented custom role.
 */
public final class LocalGce implements AutoCloseable {
  /** The project the endpoint serves. */
  public static final String PROJECT = "immut-test";
  /** The region of its zones. */
  public static final String REGION = "us-central1";
  /** The zones it serves. */
  public static final List<String> ZONES = List.of("us-central1-a", "us-central1-b", "us-central1-c");
  /** The image the endpoint knows: {@code projects/immut-test/global/images/base-image-v1}, family {@code base-image}. */
  public static final String IMAGE = "projects/" + PROJECT + "/global/images/base-image-v1";

  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Without it the JDK server's small writes meet Nagle's algorithm and delayed ACKs: ~40 ms a call.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
  private static final Pattern PATH = Pattern.compile("/compute/v1/projects/([^/]+)/(.*)");

  private final HttpServer server;
  private final GceState state;
  private final Instances instances;
  private final Operations operations;
  private final Images images;
  private final Traffic traffic;
  private final Addresses addresses;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<String> calls = new ArrayList<>();
  private final Set<String> permissions = new LinkedHashSet<>();
  private final List<JsonNode> bodies = new ArrayList<>();

  private record Fault(String method, int status, String reason, String domain, String message) {}

  private LocalGce(HttpServer server) {
    this.server = server;
    this.state = new GceState(PROJECT, "http://" + server.getAddress().getHostString() + ":"
        + server.getAddress().getPort() + "/compute/v1");
    this.operations = new Operations(state);
    this.instances = new Instances(state, operations);
    this.images = new Images(state);
    this.traffic = new Traffic(state, operations);
    this.addresses = new Addresses(state);
  }

  /**
   * Starts an endpoint on a free loopback port, with {@link #IMAGE} (family {@code base-image}, 10 GiB).
   *
   * @return the running endpoint
   * @throws IOException when no port can be bound
   */
  public static LocalGce start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LocalGce local = new LocalGce(server);
    server.createContext("/", local::exchange);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "local-gce");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    local.addImage(PROJECT, "base-image-v1", "base-image", 10);
    return local;
  }

  /**
   * The endpoint to hand the client's {@code setEndpoint}.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public String endpoint() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /**
   * Adds an image.
   *
   * @param project the image's project
   * @param name its name
   * @param family its family, or null
   * @param diskSizeGb its size
   */
  public synchronized void addImage(String project, String name, String family, int diskSizeGb) {
    images.add(project, name, family, diskSizeGb);
  }

  /**
   * Reserves a static external address in the region ({@code RESERVED}).
   *
   * @param name the address's name
   * @param ip its IP
   */
  public synchronized void reserveAddress(String name, String ip) {
    addresses.reserve(name, ip);
  }

  /**
   * Assigns a reserved address to an instance, as {@code gcloud compute instances add-access-config
   * --address} does: the instance's NAT IP becomes the address, which turns {@code IN_USE}.
   *
   * @param name the address's name
   * @param zone the instance's zone
   * @param instance the instance's name
   */
  public synchronized void assignAddress(String name, String zone, String instance) {
    addresses.assign(name, zone, instance);
  }

  /**
   * The static addresses, as the API returns them.
   *
   * @return by name
   */
  public synchronized Map<String, JsonNode> addresses() {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    state.addresses.forEach((k, v) -> out.put(k, v.deepCopy()));
    return out;
  }

  /**
   * Creates a global backend service with one unmanaged instance group per zone, named
   * {@code NAME-a}, {@code NAME-b}, ... after the zone's letter.
   *
   * @param name the backend service's name
   */
  public synchronized void createBackendService(String name) {
    traffic.createBackendService(name, ZONES);
  }

  /**
   * Makes the next call of a method fail with an error answer.
   *
   * @param method the API method ({@code instances.bulkInsert}, {@code instances.aggregatedList}, ...)
   * @param status the HTTP status
   * @param reason the reason in {@code error.errors[0]}
   * @param domain the domain in {@code error.errors[0]}
   * @param message the message
   */
  public synchronized void failNext(String method, int status, String reason, String domain, String message) {
    faults.add(new Fault(method, status, reason, domain, message));
  }

  /**
   * Makes the next {@code bulkInsert} accepted, and its operation fail when it finishes with the
   * given operation error code, creating nothing.
   *
   * @param code the operation error code ({@code ZONE_RESOURCE_POOL_EXHAUSTED}, {@code QUOTA_EXCEEDED})
   * @param message its message
   */
  public synchronized void failNextOperation(String code, String message) {
    instances.failNextOperation(code, message);
  }

  /**
   * Makes the next {@code count} {@code bulkInsert}s (one per zone a launch uses) accepted, and their
   * operations fail when they finish with the given code, creating nothing.
   *
   * @param count how many bulkInserts
   * @param code the operation error code
   * @param message its message
   */
  public synchronized void failNextOperations(int count, String code, String message) {
    instances.failNextOperations(count, code, message);
  }

  /**
   * The disks that outlived their deleted instances (attached without {@code autoDelete}), as URLs.
   *
   * @return the kept disks
   */
  public synchronized Set<String> keptDisks() {
    return Set.copyOf(instances.keptDisks);
  }

  /**
   * Limits how many more instances of a machine type can be created.
   *
   * @param machineType the machine type
   * @param available how many
   */
  public synchronized void capacity(String machineType, int available) {
    state.capacity.put(machineType, available);
  }

  /**
   * Runs operations on a clock: a bulkInsert finishes {@code createTime} after it was accepted, a
   * delete {@code deleteTime} after it was sent (checked at each request), instead of when the test
   * settles the endpoint.
   *
   * @param now the clock
   * @param createTime how long a creation takes
   * @param deleteTime how long a deletion takes
   */
  public synchronized void clock(java.util.function.Supplier<java.time.Instant> now, java.time.Duration createTime,
                                 java.time.Duration deleteTime) {
    state.clock = now;
    state.createTime = createTime;
    state.deleteTime = deleteTime;
  }

  /** Forgets every request id, as Compute Engine does once their window has passed. */
  public synchronized void forgetRequestIds() {
    state.requestIds.clear();
  }

  /** Clears faults that were armed and not consumed. */
  public synchronized void clearFaults() {
    faults.clear();
    instances.failNextOperation(null, null);
  }

  /** Finishes every running operation: created instances run, deleted instances are gone. */
  public synchronized void settle() {
    operations.finishAll();
  }

  /**
   * Creates a running instance directly, as another tool would.
   *
   * @param zone the zone
   * @param labels its labels
   * @return its id {@code zone/name}
   */
  public synchronized String createForeign(String zone, Map<String, String> labels) {
    return instances.createForeign(zone, labels);
  }

  /**
   * The instances now, as the API shows them, by {@code zone/name}.
   *
   * @return a copy
   */
  public synchronized Map<String, JsonNode> instances() {
    return new LinkedHashMap<>(state.instances);
  }

  /**
   * The calls received, as {@code instances.bulkInsert zone=...}: method names in order.
   *
   * @return a copy
   */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /**
   * The request bodies received (bulkInsert), in order.
   *
   * @return a copy
   */
  public synchronized List<JsonNode> bodies() {
    return List.copyOf(bodies);
  }

  /**
   * The IAM permissions the calls so far needed.
   *
   * @return a copy
   */
  public synchronized Set<String> permissions() {
    return Set.copyOf(permissions);
  }

  /** Forgets the recorded calls. */
  public synchronized void clearCalls() {
    calls.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void exchange(HttpExchange ex) throws IOException {
    int status;
    JsonNode answer;
    try {
      answer = handle(ex);
      status = 200;
    } catch (GceError e) {
      status = e.status();
      answer = e.body();
    } catch (RuntimeException e) {
      GceError internal = new GceError(500, "backendError", "global", "Internal error: " + e);
      status = 500;
      answer = internal.body();
    }
    byte[] bytes = JSON.writeValueAsBytes(answer);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private synchronized JsonNode handle(HttpExchange ex) throws IOException {
    String verb = ex.getRequestMethod();
    Matcher m = PATH.matcher(ex.getRequestURI().getRawPath());
    if (!m.matches()) {
      throw GceError.notFound(ex.getRequestURI().getPath());
    }
    String project = m.group(1);
    String[] rest = m.group(2).split("/");
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    byte[] raw = ex.getRequestBody().readAllBytes();
    JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
    operations.finishDue();
    Route route = route(verb, rest);
    calls.add(route.method + (route.zone == null ? "" : " zone=" + route.zone));
    if (route.method.equals("instances.bulkInsert")) {
      bodies.add(body);
    }
    Fault fault = nextFault(route.method);
    permissions.addAll(Permissions.of(route.method, body));
    if (fault != null) {
      throw new GceError(fault.status, fault.reason, fault.domain, fault.message);
    }
    if (!project.equals(state.project) && !route.method.startsWith("images.")) {
      throw GceError.notFound("projects/" + project);
    }
    if (route.zone != null && !ZONES.contains(route.zone)) {
      throw GceError.invalid("Invalid value for field 'zone': '" + route.zone + "'. Unknown zone.");
    }
    return switch (route.method) {
      case "instances.bulkInsert" -> instances.bulkInsert(route.zone, (ObjectNode) body, query.get("requestId"));
      case "instances.list" -> instances.list(route.zone, query);
      case "instances.aggregatedList" -> instances.aggregatedList(query);
      case "instances.get" -> instances.get(route.zone, route.name);
      case "instances.delete" -> instances.delete(route.zone, route.name, query.get("requestId"));
      case "zoneOperations.get" -> operations.get(route.zone, route.name);
      case "zoneOperations.wait" -> operations.get(route.zone, route.name);
      case "images.get" -> images.get(project, route.name);
      case "images.getFromFamily" -> images.fromFamily(project, route.name);
      case "backendServices.get" -> traffic.get(route.name);
      case "backendServices.getHealth" -> traffic.health(route.name, body);
      case "instanceGroups.addInstances" -> traffic.change(route.zone, route.name, body, true);
      case "instanceGroups.removeInstances" -> traffic.change(route.zone, route.name, body, false);
      case "instanceGroups.listInstances" -> traffic.list(route.zone, route.name);
      case "addresses.list" -> addresses.list(route.name, query);
      default -> throw GceError.notFound(ex.getRequestURI().getPath());
    };
  }

  private Fault nextFault(String method) {
    for (Fault f : faults) {
      if (f.method.equals(method)) {
        faults.remove(f);
        return f;
      }
    }
    return null;
  }

  private record Route(String method, String zone, String name) {}

  private static Route route(String verb, String[] p) {
    if (p.length >= 3 && p[0].equals("zones") && p[2].equals("instances")) {
      if (p.length == 3 && verb.equals("GET")) {
        return new Route("instances.list", p[1], null);
      }
      if (p.length == 4 && p[3].equals("bulkInsert") && verb.equals("POST")) {
        return new Route("instances.bulkInsert", p[1], null);
      }
      if (p.length == 4 && verb.equals("GET")) {
        return new Route("instances.get", p[1], p[3]);
      }
      if (p.length == 4 && verb.equals("DELETE")) {
        return new Route("instances.delete", p[1], p[3]);
      }
    }
    if (p.length >= 4 && p[0].equals("zones") && p[2].equals("operations")) {
      if (p.length == 4 && verb.equals("GET")) {
        return new Route("zoneOperations.get", p[1], p[3]);
      }
      if (p.length == 5 && p[4].equals("wait") && verb.equals("POST")) {
        return new Route("zoneOperations.wait", p[1], p[3]);
      }
    }
    if (p.length == 5 && p[0].equals("zones") && p[2].equals("instanceGroups") && verb.equals("POST")) {
      return new Route("instanceGroups." + p[4], p[1], p[3]);
    }
    if (p.length >= 3 && p[0].equals("global") && p[1].equals("backendServices")) {
      if (p.length == 3 && verb.equals("GET")) {
        return new Route("backendServices.get", null, p[2]);
      }
      if (p.length == 4 && p[3].equals("getHealth") && verb.equals("POST")) {
        return new Route("backendServices.getHealth", null, p[2]);
      }
    }
    if (p.length == 3 && p[0].equals("regions") && p[2].equals("addresses") && verb.equals("GET")) {
      return new Route("addresses.list", null, p[1]);
    }
    if (p.length == 2 && p[0].equals("aggregated") && p[1].equals("instances") && verb.equals("GET")) {
      return new Route("instances.aggregatedList", null, null);
    }
    if (p.length == 3 && p[0].equals("global") && p[1].equals("images") && verb.equals("GET")) {
      return new Route("images.get", null, p[2]);
    }
    if (p.length == 4 && p[0].equals("global") && p[1].equals("images") && p[2].equals("family") && verb.equals("GET")) {
      return new Route("images.getFromFamily", null, p[3]);
    }
    return new Route(verb + " " + String.join("/", p), null, null);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }
}
