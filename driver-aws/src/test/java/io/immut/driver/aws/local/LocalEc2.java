package io.immut.driver.aws.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.immut.driver.aws.local.Ec2Model.Address;
import io.immut.driver.aws.local.Ec2Model.Eni;
import io.immut.driver.aws.local.Ec2Model.Image;
import io.immut.driver.aws.local.Ec2Model.Instance;
import io.immut.driver.aws.local.Ec2Model.State;
import io.immut.driver.aws.local.Ec2Model.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful EC2 and ELBv2 on loopback, speaking the AWS Query protocol as the API references show
 * it: form-encoded POSTs with {@code Action} and {@code Version}, XML answers in the services'
 * namespaces, the services' error codes and HTTP statuses, {@code NextToken} pagination,
 * {@code ClientToken} idempotency, tag and state filters. The real SDK is pointed at it with
 * {@code endpointOverride} and the static test credentials {@link #ACCESS_KEY} /
 * {@link #SECRET_KEY}; a request signed with any other key is refused with {@code AuthFailure}.
 *
 * <p>Every call is recorded as its IAM action ({@code ec2:RunInstances}), with its parameters, for
 * assertions on request shapes and on the permissions a driver needs.
 */
public final class LocalEc2 implements AutoCloseable {
  /** The access key id the endpoint accepts. */
  public static final String ACCESS_KEY = "AKIDLOCALEC2TEST0001";
  /** The secret key of the test credentials (the endpoint checks the key id, not the signature). */
  public static final String SECRET_KEY = "local-ec2-test-secret-key";
  /** The region the endpoint pretends to be. */
  public static final String REGION = "us-east-1";
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");

  private final HttpServer server;
  private final Ec2Service ec2 = new Ec2Service(REGION);
  private final ElbService elb = new ElbService(ec2);
  private final List<String> calls = new ArrayList<>();
  private final List<Map<String, String>> requests = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private Set<String> allowed;

  private record Fault(String action, int status, String code, String message) {}

  private LocalEc2(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts an endpoint on a free loopback port with one image, {@code ami-0123456789abcdef0}
   * ({@code base-image}, root device {@code /dev/xvda} of 8 GiB).
   *
   * @return the running endpoint
   * @throws IOException when no port can be bound
   */
  public static LocalEc2 start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LocalEc2 local = new LocalEc2(server);
    server.createContext("/", local::exchange);
    server.start();
    local.addImage("ami-0123456789abcdef0", "base-image", Ec2Service.ACCOUNT, Map.of("version", "1.0"));
    return local;
  }

  /** The endpoint's URI, for {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ------------------------------------------------------------------ protocol

  private void exchange(HttpExchange ex) throws IOException {
    try {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      QueryRequest q = QueryRequest.parse(body);
      boolean isElb = "2015-12-01".equals(q.get("Version"));
      int status = 200;
      String xml;
      try {
        xml = handle(q, isElb, ex.getRequestHeaders().getFirst("Authorization"));
      } catch (QueryError e) {
        status = e.status;
        xml = isElb ? elbError(e) : ec2Error(e);
      } catch (RuntimeException e) {
        status = 500;
        xml = isElb ? elbError(new QueryError(500, "InternalFailure", String.valueOf(e)))
            : ec2Error(new QueryError(500, "InternalError", "An internal error has occurred: " + e));
      }
      byte[] out = xml.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      ex.getResponseHeaders().set("x-amzn-RequestId", requestId());
      ex.sendResponseHeaders(status, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } finally {
      ex.close();
    }
  }

  private synchronized String handle(QueryRequest q, boolean isElb, String authorization) {
    String service = isElb ? "elasticloadbalancing" : "ec2";
    String iamAction = service + ":" + q.action();
    calls.add(iamAction);
    requests.add(q.params());
    Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
    if (m == null || !m.find() || !ACCESS_KEY.equals(m.group(1))) {
      throw isElb ? new QueryError(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
          : new QueryError(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    }
    if (!REGION.equals(m.group(2)) || !service.equals(m.group(3))) {
      throw new QueryError(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region and service"
          + " (" + REGION + "/" + service + "), not '" + m.group(2) + "/" + m.group(3) + "'.");
    }
    if (allowed != null && !allowed.contains(iamAction)) {
      throw isElb ? new QueryError(403, "AccessDenied", "User: arn:aws:iam::" + Ec2Service.ACCOUNT + ":user/immut is not"
          + " authorized to perform: " + iamAction)
          : new QueryError(403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
    }
    for (Fault f : faults) {
      if (f.action.equals(q.action())) {
        faults.remove(f);
        throw new QueryError(f.status, f.code, f.message);
      }
    }
    return isElb ? elb.handle(q) : ec2.handle(q);
  }

  private static String ec2Error(QueryError e) {
    return new Xml().open("Response").open("Errors").open("Error").el("Code", e.code).el("Message", e.getMessage())
        .close("Error").close("Errors").el("RequestID", requestId()).close("Response").toString();
  }

  private static String elbError(QueryError e) {
    return new Xml().open("ErrorResponse", ElbService.NS).open("Error").el("Type", e.status >= 500 ? "Receiver" : "Sender")
        .el("Code", e.code).el("Message", e.getMessage()).close("Error").el("RequestId", requestId())
        .close("ErrorResponse").toString();
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  // ------------------------------------------------------------------ what happened

  /** Every call so far as its IAM action, in order ({@code ec2:RunInstances}). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The parameters of every call of one action ({@code RunInstances}), in order. */
  public synchronized List<Map<String, String>> requests(String action) {
    return requests.stream().filter(r -> action.equals(r.get("Action"))).toList();
  }

  /** Forgets the recorded calls. */
  public synchronized void clearCalls() {
    calls.clear();
    requests.clear();
  }

  // ------------------------------------------------------------------ arranging the world

  /** The next call of an action fails with this EC2 or ELBv2 error. */
  public synchronized LocalEc2 failNext(String action, int status, String code, String message) {
    faults.add(new Fault(action, status, code, message));
    return this;
  }

  /** Only these IAM actions are allowed; others answer {@code UnauthorizedOperation} / {@code AccessDenied}. */
  public synchronized LocalEc2 allowOnly(Set<String> iamActions) {
    allowed = Set.copyOf(iamActions);
    return this;
  }

  /** The most items one page of DescribeInstances holds, whatever MaxResults asks. */
  public synchronized LocalEc2 pageSize(int n) {
    ec2.pageSize = n;
    return this;
  }

  /** How many DescribeInstances calls a new instance stays pending, and a terminated one shutting-down. */
  public synchronized LocalEc2 bootDescribes(int n) {
    ec2.bootDescribes = n;
    return this;
  }

  /** How many DescribeInstances calls new instances stay invisible for (eventual consistency). */
  public synchronized LocalEc2 visibilityLag(int n) {
    ec2.visibilityLag = n;
    return this;
  }

  /** How many more instances of a type can launch. */
  public synchronized LocalEc2 capacity(String type, int available) {
    ec2.capacity.put(type, available);
    return this;
  }

  /** The account's limit on live instances. */
  public synchronized LocalEc2 instanceLimit(int limit) {
    ec2.instanceLimit = limit;
    return this;
  }

  /** Adds an image. */
  public synchronized String addImage(String id, String name, String owner, Map<String, String> tags) {
    return addImage(id, name, owner, tags, 0);
  }

  /** Adds an image that maps {@code ephemeral} instance-store devices. */
  public synchronized String addImage(String id, String name, String owner, Map<String, String> tags, int ephemeral) {
    Image im = new Image();
    im.id = id;
    im.name = name;
    im.owner = owner;
    im.ownerAlias = Ec2Service.ACCOUNT.equals(owner) ? null : "amazon";
    im.creationDate = Instant.parse("2026-01-01T00:00:00Z").plus(ec2.images.size(), ChronoUnit.DAYS).toString();
    im.tags.putAll(tags);
    im.ephemeral = ephemeral;
    ec2.images.put(id, im);
    return id;
  }

  /** Launches an instance behind the driver's back (another tool's), running, with exactly these tags. */
  public synchronized String launchForeign(Map<String, String> tags, String type) {
    return launchForeign(tags, type, 1).get(0);
  }

  /** Launches instances behind the driver's back in one reservation, running, with exactly these tags. */
  public synchronized List<String> launchForeign(Map<String, String> tags, String type, int count) {
    Map<String, String> form = new HashMap<>(Map.of("Action", "RunInstances", "ImageId", "ami-0123456789abcdef0",
        "InstanceType", type, "MinCount", "1", "MaxCount", String.valueOf(count)));
    int n = 1;
    for (Map.Entry<String, String> t : tags.entrySet()) {
      form.put("TagSpecification.1.ResourceType", "instance");
      form.put("TagSpecification.1.Tag." + n + ".Key", t.getKey());
      form.put("TagSpecification.1.Tag." + n + ".Value", t.getValue());
      n++;
    }
    int lag = ec2.visibilityLag;
    ec2.visibilityLag = 0;
    try {
      ec2.handle(new QueryRequest(form));
    } finally {
      ec2.visibilityLag = lag;
    }
    List<Instance> all = List.copyOf(ec2.instances.values());
    List<String> ids = new ArrayList<>();
    for (Instance i : all.subList(all.size() - count, all.size())) {
      ec2.advance(i);
      ids.add(i.id);
    }
    return ids;
  }

  /** Allocates an elastic IP and associates it with an instance. */
  public synchronized String associateAddress(String instanceId, String publicIp) {
    Address a = new Address();
    a.allocationId = ec2.nextId("eipalloc-");
    a.associationId = ec2.nextId("eipassoc-");
    a.publicIp = publicIp;
    a.instanceId = instanceId;
    ec2.addresses.put(a.allocationId, a);
    Instance i = ec2.instances.get(instanceId);
    if (i != null) {
      i.publicIp = publicIp;
    }
    return a.allocationId;
  }

  /** Attaches a second network interface that is not deleted with the instance. */
  public synchronized String attachKeptInterface(String instanceId) {
    Instance i = ec2.instances.get(instanceId);
    Eni eni = new Eni(ec2.nextId("eni-"), false, "10.0.200." + i.enis.size());
    i.enis.add(eni);
    return eni.id();
  }

  /** Creates a target group of target type instance. */
  public synchronized String createTargetGroup(String name) {
    return elb.createTargetGroup(name);
  }

  /** Makes the balancer's health checks of an instance fail. */
  public synchronized void failHealthChecks(String instanceId) {
    elb.failing.add(instanceId);
  }

  /** Sets what EC2's status checks of an instance say once it runs: {@code ok}, {@code impaired}, {@code initializing}. */
  public synchronized void statusCheck(String instanceId, String status) {
    ec2.instances.get(instanceId).statusCheck = status;
  }

  /** Brings every instance to rest: pending ones run, terminating ones are gone. */
  public synchronized void settle() {
    ec2.settle();
  }

  // ------------------------------------------------------------------ reading the world

  /** One instance as the endpoint holds it, for assertions. */
  public record LocalInstance(String id, String state, String type, String imageId, Map<String, String> tags,
                              String userData, String clientToken, String zone, String subnet,
                              List<String> securityGroupIds, String keyName, String instanceProfile, String httpTokens,
                              List<LocalVolume> volumes) {}

  /** One volume as the endpoint holds it. */
  public record LocalVolume(String id, String device, int size, String type, boolean deleteOnTermination, String state,
                            Map<String, String> tags) {}

  /** Every instance, in launch order. */
  public synchronized List<LocalInstance> instances() {
    return ec2.instances.values().stream().map(this::local).toList();
  }

  /** One instance. */
  public synchronized LocalInstance instance(String id) {
    Instance i = ec2.instances.get(id);
    if (i == null) {
      throw new IllegalArgumentException("no instance " + id);
    }
    return local(i);
  }

  /** The instances registered with a target group and their balancer states. */
  public synchronized Map<String, String> targets(String targetGroupArn) {
    return Map.copyOf(elb.targets.get(targetGroupArn));
  }

  /** Live volumes (in use or available). */
  public synchronized List<LocalVolume> volumes() {
    return ec2.volumes.values().stream().map(LocalEc2::local).toList();
  }

  private LocalInstance local(Instance i) {
    List<LocalVolume> vs = i.mappings.stream().map(m -> ec2.volumes.get(m.volumeId())).filter(v -> v != null)
        .map(LocalEc2::local).toList();
    String userData = i.userData == null ? null : new String(Base64.getDecoder().decode(i.userData), StandardCharsets.UTF_8);
    return new LocalInstance(i.id, i.state.ec2Name, i.type, i.imageId, Map.copyOf(i.tags), userData, i.clientToken, i.zone,
        i.subnetId, List.copyOf(i.securityGroupIds), i.keyName, i.instanceProfile, i.httpTokens, vs);
  }

  private static LocalVolume local(Volume v) {
    return new LocalVolume(v.id, v.device, v.size, v.type, v.deleteOnTermination, v.state, Map.copyOf(v.tags));
  }

  /** Whether an instance is in an EC2 state. */
  public synchronized boolean isIn(String id, String ec2State) {
    Instance i = ec2.instances.get(id);
    return i != null && i.state == State.byName(ec2State);
  }
}
