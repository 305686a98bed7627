package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Azure Resource Manager endpoint on loopback, for tests: the real SDK talks to it over
 * HTTP as it talks to {@code management.azure.com}. It follows the Azure REST API reference for
 * what the driver uses: virtual machines (create-only PUT with {@code If-None-Match}, 201 with
 * {@code Azure-AsyncOperation}, GET with {@code $expand=instanceView}, DELETE with 202 and
 * {@code Location}, lists paged by {@code nextLink}), the NICs, public IPs and disks a VM creates
 * and deletes by their {@code deleteOption}, images, ARM's error body and codes, bearer tokens,
 * RBAC actions (recorded, and refused when not allowed) and throttling headers.
 *
 * <p>Long-running operations stay in progress until {@link #settle()}; then they succeed, or fail
 * as {@link #failProvisioning} arranged.
 */
public final class LocalArm implements AutoCloseable {
  /** The subscription the endpoint serves. */
  public static final String SUBSCRIPTION = "6f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
  /** The resource group the driver works in. */
  public static final String GROUP = "immut-fleets";
  /** The location. */
  public static final String LOCATION = "eastus";
  /** The tenant of the subscription. */
  public static final String TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  /** A subnet that exists. */
  public static final String SUBNET = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/immut-net/providers/"
      + "Microsoft.Network/virtualNetworks/immut-vnet/subnets/default";
  /** A managed image that exists. */
  public static final String IMAGE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
      + "/providers/Microsoft.Compute/images/immut-base-20260101";
  /** A Compute Gallery image version that exists. */
  public static final String GALLERY_IMAGE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
      + "/providers/Microsoft.Compute/galleries/immutgallery/images/web/versions/1.4.0";
  /** A marketplace image that exists. */
  public static final String URN = "Canonical:ubuntu-24_04-lts:server:24.04.202601010";

  static final String RG_PREFIX = "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/";
  private static final Pattern OPERATION = Pattern.compile(
      "(?i)/subscriptions/([^/]+)/providers/Microsoft\\.Compute/locations/([^/]+)/operations/([^/]+)");

  private final HttpServer server;
  private final ExecutorService executor;
  final VirtualMachines vms;
  final NetworkResources network;
  final ComputeImages images;
  final LoadBalancers balancers;
  final ResourceSkus skus;
  final Operations operations = new Operations();
  private final Map<String, List<ArmError>> failures = new HashMap<>();
  private final Set<String> actions = new TreeSet<>();
  private final List<String> requests = new ArrayList<>();
  private final Map<String, Map<String, String>> lastHeaders = new HashMap<>();
  private Set<String> allowed;
  int pageSize = 100;
  private boolean autoSettle;

  private LocalArm() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "local-arm");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    network = new NetworkResources(this);
    vms = new VirtualMachines(this);
    images = new ComputeImages(this);
    balancers = new LoadBalancers(this);
    skus = new ResourceSkus(this);
  }

  /**
   * Starts an endpoint on a free loopback port.
   *
   * @return the started endpoint
   * @throws IOException when no port can be bound
   */
  public static LocalArm start() throws IOException {
    LocalArm arm = new LocalArm();
    arm.server.start();
    return arm;
  }

  /** The port it listens on (plain HTTP; clients call {@code https://127.0.0.1:<port>} through a router). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Sets how many resources one list page holds. */
  public synchronized void pageSize(int n) {
    pageSize = n;
  }

  /** Arms an error for the next request of an operation ({@code PUT virtualMachines}, {@code GET networkInterfaces}). */
  public synchronized void failNext(String operation, ArmError error) {
    failures.computeIfAbsent(operation, k -> new ArrayList<>()).add(error);
  }

  /** Clears armed errors. */
  public synchronized void clearFailures() {
    failures.clear();
  }

  /** Refuses, with 403 AuthorizationFailed, every request needing an action outside these; null allows all. */
  public synchronized void allowOnly(Set<String> actions) {
    allowed = actions == null ? null : Set.copyOf(actions);
  }

  /** The RBAC actions the requests so far needed. */
  public synchronized Set<String> actions() {
    return new TreeSet<>(actions);
  }

  /** The requests so far, as {@code METHOD path}. */
  public synchronized List<String> requests() {
    return new ArrayList<>(requests);
  }

  /** The headers of the last request of an operation, names lower-cased. */
  public synchronized Map<String, String> lastHeaders(String operation) {
    return lastHeaders.getOrDefault(operation, Map.of());
  }

  /** Completes every long-running operation in progress. */
  public void settle() {
    synchronized (this) {
      vms.settle();
    }
  }

  /** The traffic target of the load balancer's backend pool: {@code <load balancer>/<pool>}. */
  public static String trafficTarget() {
    return LoadBalancers.BALANCER + "/" + LoadBalancers.POOL;
  }

  /** Makes the load balancer's probe see this private address as down. */
  public synchronized void probeDown(String ip) {
    balancers.down.add(ip);
  }

  /** Adds a managed image in the resource group; returns its id. */
  public synchronized String addImage(String name) {
    String id = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP + "/providers/Microsoft.Compute/images/" + name;
    images.managed.add(id.toLowerCase(Locale.ROOT));
    return id;
  }

  /** When on, every VM listing first completes the operations in progress (one poll's worth of progress). */
  public synchronized void autoSettle(boolean on) {
    autoSettle = on;
  }

  /** Allows at most {@code available} more VMs of a size; later PUTs get 409 SkuNotAvailable. */
  public synchronized void capacity(String size, int available) {
    vms.capacity.put(size, available);
  }

  /** Makes the creation of the next {@code count} VMs fail at {@link #settle()} with this code. */
  public synchronized void failProvisioning(int count, String code, String message) {
    for (int i = 0; i < count; i++) {
      vms.lateFailures.add(new String[] {code, message});
    }
  }

  /** Creates a running VM with exactly these tags, as another tool would; returns its name. */
  public synchronized String createForeign(Map<String, String> tags) {
    return vms.createForeign(tags);
  }

  /** The VM, NIC, public IP and disk names that exist, as {@code type/name}. */
  public synchronized Set<String> resources() {
    Set<String> out = new TreeSet<>();
    vms.vms.keySet().forEach(n -> out.add("virtualMachines/" + n));
    network.nics.keySet().forEach(n -> out.add("networkInterfaces/" + n));
    network.ips.keySet().forEach(n -> out.add("publicIPAddresses/" + n));
    vms.disks.keySet().forEach(n -> out.add("disks/" + n));
    return out;
  }

  /** The stored JSON of a VM, or null. */
  public synchronized ObjectNode vm(String name) {
    ObjectNode vm = vms.vms.get(name.toLowerCase(Locale.ROOT));
    return vm == null ? null : vm.deepCopy();
  }

  /** The stored JSON of a VM itself, for tests that play another tool changing it; or null. */
  public synchronized ObjectNode vmStore(String name) {
    return vms.vms.get(name.toLowerCase(Locale.ROOT));
  }

  /** Records and checks the RBAC actions a request needs. */
  void require(String... needed) {
    for (String a : needed) {
      actions.add(a);
    }
    if (allowed != null) {
      for (String a : needed) {
        if (!allowed.contains(a)) {
          throw new ArmCall.Failure(ArmError.of(403, "AuthorizationFailed", "The client 'immut-test' with object id"
              + " '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '" + a
              + "' over scope '/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP + "' or the scope is invalid."
              + " If access was recently granted, please refresh your credentials."));
        }
      }
    }
  }

  /** A page of a list: {@code value} and, when more follow, an absolute {@code nextLink}. */
  ObjectNode page(ArmCall call, List<ObjectNode> all) {
    int from = call.query().containsKey("$skiptoken") ? Integer.parseInt(call.query().get("$skiptoken")) : 0;
    int to = Math.min(all.size(), from + pageSize);
    ObjectNode body = ArmJson.object();
    ArrayNode value = body.putArray("value");
    for (int i = from; i < to; i++) {
      value.add(all.get(i).deepCopy());
    }
    if (to < all.size()) {
      StringBuilder link = new StringBuilder(call.base() + call.path() + "?api-version="
          + call.query().get("api-version"));
      if (call.query().containsKey("$expand")) {
        link.append("&$expand=").append(call.query().get("$expand"));
      }
      body.put("nextLink", link.append("&$skiptoken=").append(to).toString());
    }
    return body;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ArmCall.Answer answer;
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String host = headers.getOrDefault("host", "127.0.0.1:" + port());
      ArmCall call = new ArmCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          ArmCall.parseQuery(exchange.getRequestURI().getRawQuery()), headers, ArmJson.parse(raw), "https://" + host);
      try {
        answer = dispatch(call);
      } catch (ArmCall.Failure f) {
        answer = new ArmCall.Answer(f.error.status(), ArmJson.error(f.error), f.error.headers());
      } catch (RuntimeException e) {
        answer = new ArmCall.Answer(500, ArmJson.error(ArmError.of(500, "InternalServerError", String.valueOf(e))),
            Map.of());
      }
      exchange.getResponseHeaders().add("x-ms-request-id", java.util.UUID.randomUUID().toString());
      exchange.getResponseHeaders().add("x-ms-ratelimit-remaining-subscription-reads", "11999");
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      if (answer.body() == null) {
        exchange.sendResponseHeaders(answer.status(), -1);
      } else {
        byte[] out = ArmJson.bytes(answer.body());
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
      }
    }
  }

  private synchronized ArmCall.Answer dispatch(ArmCall call) {
    requests.add(call.method() + " " + call.path());
    if (call.query().get("api-version") == null) {
      throw new ArmCall.Failure(ArmError.of(400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests."));
    }
    String auth = call.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 8) {
      throw new ArmCall.Failure(new ArmError(401, "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.", List.of(),
          Map.of("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", "
              + "error=\"invalid_token\", error_description=\"The authentication failed because of missing"
              + " 'Authorization' header.\"")));
    }
    String operation = call.method() + " " + resourceType(call.path());
    lastHeaders.put(operation, call.headers());
    if (!call.path().toLowerCase(Locale.ROOT).startsWith("/subscriptions/" + SUBSCRIPTION)) {
      throw new ArmCall.Failure(ArmError.of(404, "SubscriptionNotFound", "The subscription '" + call.path()
          .split("/")[2] + "' could not be found."));
    }
    List<ArmError> armed = failures.get(operation);
    if (armed != null && !armed.isEmpty()) {
      throw new ArmCall.Failure(armed.remove(0));
    }
    Matcher op = OPERATION.matcher(call.path());
    if (op.matches()) {
      require("Microsoft.Compute/locations/operations/read");
      return operations.get(op.group(3));
    }
    if (autoSettle && operation.equals("GET virtualMachines")) {
      vms.settle();
    }
    ArmCall.Answer a = vms.handle(call);
    if (a == null) {
      a = network.handle(call);
    }
    if (a == null) {
      a = images.handle(call);
    }
    if (a == null) {
      a = balancers.handle(call);
    }
    if (a == null) {
      a = skus.handle(call);
    }
    if (a == null) {
      throw new ArmCall.Failure(ArmError.of(404, "InvalidResourceType", "The resource type could not be found in the"
          + " namespace for api version '" + call.query().get("api-version") + "': " + call.path()));
    }
    return a;
  }

  /** The last resource type of a path: {@code virtualMachines}, {@code operations}, {@code versions}. */
  static String resourceType(String path) {
    String[] parts = path.split("/");
    int providers = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    if (providers < 0 || providers + 2 >= parts.length) {
      return path;
    }
    // providers/<ns>/<type>/<name>/<type>/<name>...: types sit at odd offsets after the namespace
    String type = parts[providers + 2];
    for (int i = providers + 2; i < parts.length; i += 2) {
      type = parts[i];
    }
    return type;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
