package io.immut.driver.gcp;

import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.BulkInsertInstanceRequest;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.GetInstanceRequest;
import com.google.cloud.compute.v1.GetZoneOperationRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstanceAggregatedList;
import com.google.cloud.compute.v1.InstanceList;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.Operation;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.SpecProblem;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudScope;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The GCP driver: Compute Engine instances through google-cloud-compute's REST transport. See
 * {@code docs/drivers/gcp.md} for the mapping, the configuration and the IAM role it needs.
 *
 * <p>A launch sends one {@code bulkInsert} per zone it uses, with names derived from the launch
 * token and a {@code requestId} derived from its UUID, and returns once Compute Engine accepted it:
 * the instances are PROVISIONING, and {@code list} reports them FAILED, with the operation's reason,
 * if the operation later fails. Instance ids are {@code zone/name}.
 */
public final class GcpDriver implements CloudDriver {
  /** The driver's name. */
  public static final String NAME = "gcp";
  /** How long Compute Engine honours a request id: at least 60 minutes. */
  static final Duration TOKEN_WINDOW = Duration.ofMinutes(60);
  private static final int INSPECT_NAMES_PER_CALL = 50;

  private final GcpClients clients;
  private final GcpDriverConfig config;
  private final DriverContext context;
  private final LaunchMapping mapping;
  private final ImageResolver images;
  private final PendingLaunches pending = new PendingLaunches();
  private final Deletions deletions;
  private final GcpPriceCatalog prices;
  private final boolean ownsClients;
  private final GcpTrafficRouter traffic;

  private GcpDriver(GcpClients clients, GcpDriverConfig config, DriverContext context, boolean ownsClients) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.ownsClients = ownsClients;
    this.config = Objects.requireNonNull(config, "config");
    this.context = Objects.requireNonNull(context, "context");
    this.mapping = new LaunchMapping(config);
    this.images = new ImageResolver(clients.images(), config.project());
    this.deletions = new Deletions(clients, config);
    this.prices = GcpPriceCatalog.shipped(config.region(), config.priceOverrides());
    this.traffic = clients.hasTraffic()
        ? new GcpTrafficRouter(clients.backendServices(), clients.instanceGroups(), config.project()) : null;
  }

  /**
   * Opens a driver: builds the clients of the configuration (its endpoint and credentials).
   *
   * @param config the configuration
   * @param context the engine's context
   * @return the driver
   */
  public static GcpDriver open(GcpDriverConfig config, DriverContext context) {
    return new GcpDriver(GcpClients.of(config), config, context, true);
  }

  /**
   * Opens a driver on ready clients (the caller's credentials, transport or endpoint). The clients
   * stay the caller's: closing the driver leaves them open.
   *
   * @param config the configuration (its endpoint and credentials are the clients' business)
   * @param context the engine's context
   * @param clients the clients
   * @return the driver
   */
  public static GcpDriver open(GcpDriverConfig config, DriverContext context, GcpClients clients) {
    return new GcpDriver(clients, config, context, false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder()
        .maxLaunchBatch(config.launchBatch())
        .maxTerminateBatch(config.terminateBatch())
        .maxInspectBatch(500)
        .tagsVolumes(false)
        .traffic(clients.hasTraffic())
        .prices(true)
        .bootTimeHint(Duration.ofSeconds(45))
        .tokenWindow(TOKEN_WINDOW)
        .lateLaunchFailures(true)
        .build();
  }

  @Override
  public CloudScope scope() {
    return CloudScope.shared("gcp:" + config.project() + "/" + config.region());
  }

  /**
   * The configuration.
   *
   * @return the configuration
   */
  public GcpDriverConfig config() {
    return config;
  }

  @Override
  public List<SpecProblem> check(GenerationSpec spec) {
    return SpecCheck.check(spec, config);
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    return images.resolve(ref);
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    List<SpecProblem> problems = check(request.spec());
    if (!problems.isEmpty()) {
      throw new DriverException.InvalidRequest("launch", "spec", "gcp launch refused: " + problems.stream()
          .map(p -> p.path() + ": " + p.problem() + " (allowed: " + p.allowed() + ")").collect(Collectors.joining("; ")), null);
    }
    if (request.count() > config.launchBatch()) {
      throw new DriverException.InvalidRequest("launch", "count", "gcp launch of " + request.count()
          + " instances: more than launchBatch " + config.launchBatch() + "; split it", null);
    }
    Map<String, List<String>> shares = mapping.shares(request);
    List<InstanceView> launched = new ArrayList<>();
    for (Map.Entry<String, List<String>> share : shares.entrySet()) {
      String zone = share.getKey();
      String requestId = GcpNames.requestId(request.token().uuid(), zone, shares.size() == 1);
      String what = "launch in " + zone;
      Operation op;
      try {
        op = clients.instances().bulkInsertCallable().call(BulkInsertInstanceRequest.newBuilder()
            .setProject(config.project()).setZone(zone).setRequestId(requestId)
            .setBulkInsertInstanceResourceResource(mapping.resource(request, share.getValue())).build());
      } catch (RuntimeException e) {
        DriverException d = GcpErrors.map(what, e);
        List<InstanceView> created = d.cloudCode().filter("alreadyExists"::equals).isPresent()
            ? existing(zone, request.selector(), share.getValue()) : List.of();
        if (created.size() == share.getValue().size()) {
          // the token's names exist already (a retry after the request id's window): launched before, never twice
          launched.addAll(created);
          continue;
        }
        return refused(request, launched, d);
      }
      PendingLaunches.Pending p = new PendingLaunches.Pending(requestId, request.ownership(), zone, op.getName(),
          share.getValue(), request.spec().instanceType(), request.image().id(), request.spec().labels(),
          context.clock().now());
      if (op.getStatus() == Operation.Status.DONE && GcpErrors.failure(op) != null) {
        List<InstanceView> created = existing(zone, request.selector(), share.getValue());
        if (created.isEmpty()) {
          return refused(request, launched, GcpErrors.launchRefused(what, op));
        }
        launched.addAll(created);
        return LaunchResult.partial(request, launched, GcpErrors.failure(op));
      }
      if (op.getStatus() == Operation.Status.DONE) {
        // a request id re-sent after its operation finished: answer with the instances as they are now, those
        // deleted since as DELETED, never as PROVISIONING instances that will not appear
        Map<String, InstanceView> now = new HashMap<>();
        existing(zone, request.selector(), share.getValue()).forEach(v -> now.put(GcpNames.lastSegment(v.id().value()), v));
        for (String name : share.getValue()) {
          launched.add(now.getOrDefault(name, p.view(name).withState(io.immut.api.InstanceState.DELETED)));
        }
        continue;
      }
      pending.record(p);
      share.getValue().forEach(n -> launched.add(p.view(n)));
    }
    return LaunchResult.complete(request, launched);
  }

  /** A zone refused: nothing launched throws; else the launch is short, and says why. */
  private static LaunchResult refused(LaunchRequest request, List<InstanceView> launched, DriverException e) {
    if (launched.isEmpty() || e.isRetryable()) {
      throw e;
    }
    LaunchFailure why = e instanceof DriverException.CapacityUnavailable ? LaunchFailure.capacity(e.getMessage())
        : e instanceof DriverException.QuotaExceeded ? LaunchFailure.quota(e.getMessage())
        : new LaunchFailure(LaunchFailure.Reason.OTHER, e.getMessage());
    return LaunchResult.partial(request, launched, why);
  }

  /** The instances of a zone's share that exist, read from the zone's listing. */
  private List<InstanceView> existing(String zone, FleetSelector selector, List<String> names) {
    Set<String> wanted = new HashSet<>(names);
    List<InstanceView> out = new ArrayList<>();
    eachInZone(zone, ownershipFilter(selector), i -> {
      if (wanted.contains(i.getName())) {
        InstanceMapping.view(i).ifPresent(out::add);
      }
    });
    return out;
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    pending.forget(ids);
    deletions.delete(ids);
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    Map<InstanceId, InstanceView> views = new LinkedHashMap<>();
    String filter = ownershipFilter(selector);
    String token = "";
    do {
      InstanceAggregatedList page;
      try {
        page = clients.instances().aggregatedListCallable().call(AggregatedListInstancesRequest.newBuilder()
            .setProject(config.project()).setFilter(filter).setMaxResults(config.pageSize()).setPageToken(token)
            .setReturnPartialSuccess(false).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("list " + selector.fleet(), e);
      }
      for (Map.Entry<String, InstancesScopedList> scope : page.getItemsMap().entrySet()) {
        if (!scope.getKey().startsWith("zones/" + config.region() + "-")) {
          continue;
        }
        for (Instance i : scope.getValue().getInstancesList()) {
          InstanceMapping.view(i).filter(v -> v.ownership().belongsTo(selector)).ifPresent(v -> views.put(v.id(), v));
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    for (PendingLaunches.Pending p : pending.of(selector, context.clock().now(), config.failedRetention())) {
      boolean allVisible = p.names.stream().allMatch(n -> views.containsKey(GcpNames.id(p.zone, n)));
      if (allVisible && p.names.stream().allMatch(n -> views.get(GcpNames.id(p.zone, n)).state() != InstanceState.PROVISIONING)) {
        // every instance of the share exists and got past provisioning: the creation succeeded for them
        pending.forget(p);
        continue;
      }
      if (!p.done && !allVisible) {
        readOperation(p);
      }
      for (String name : p.names) {
        InstanceId id = GcpNames.id(p.zone, name);
        if (!views.containsKey(id) && (!p.done || p.failure != null)) {
          views.put(id, p.view(name));
        }
      }
    }
    return List.copyOf(views.values());
  }

  /**
   * Reads an open operation once (no wait), only while some of its instances are not visible; a
   * failed one marks its missing instances FAILED.
   */
  private void readOperation(PendingLaunches.Pending p) {
    Operation op;
    try {
      op = clients.operations().getCallable().call(GetZoneOperationRequest.newBuilder().setProject(config.project())
          .setZone(p.zone).setOperation(p.operation).build());
    } catch (RuntimeException e) {
      DriverException d = GcpErrors.map("read operation " + p.operation, e);
      if (d instanceof DriverException.NotFound) {
        p.failure = new LaunchFailure(LaunchFailure.Reason.OTHER, "the operation " + p.operation + " is gone");
        p.done = true;
        return;
      }
      throw d;
    }
    if (op.getStatus() == Operation.Status.DONE) {
      LaunchFailure f = GcpErrors.failure(op);
      if (f == null && op.getInstancesBulkInsertOperationMetadata().getPerLocationStatusMap().values().stream()
          .anyMatch(s -> s.getFailedToCreateVmCount() > 0)) {
        f = new LaunchFailure(LaunchFailure.Reason.OTHER, "Compute Engine created fewer instances than asked ("
            + op.getName() + ")");
      }
      p.failure = f;
      p.done = true;
    }
  }

  static String ownershipFilter(FleetSelector selector) {
    return "(labels." + GcpNames.KEYS.fleet() + " = " + GcpNames.quoted(selector.fleet()) + ") (labels."
        + GcpNames.KEYS.owner() + " = " + GcpNames.quoted(selector.owner()) + ")";
  }

  private void eachInZone(String zone, String filter, Consumer<Instance> each) {
    String token = "";
    do {
      InstanceList page;
      try {
        page = clients.instances().listCallable().call(ListInstancesRequest.newBuilder().setProject(config.project())
            .setZone(zone).setFilter(filter).setMaxResults(config.pageSize()).setPageToken(token).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("list " + zone, e);
      }
      page.getItemsList().forEach(each);
      token = page.getNextPageToken();
    } while (!token.isEmpty());
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    GcpNames.ZonedName zn = GcpNames.parse(id);
    if (zn == null) {
      throw new DriverException.NotFound("inspect", "invalid", "gcp: '" + id + "' is not an instance id of this driver"
          + " (ZONE/NAME, such as " + config.zones().get(0) + "/web-abc)", null);
    }
    try {
      Instance instance = clients.instances().getCallable().call(GetInstanceRequest.newBuilder()
          .setProject(config.project()).setZone(zn.zone()).setInstance(zn.name()).build());
      return InstanceMapping.inspection(instance, staticIps(List.of(instance)));
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      throw GcpErrors.map("inspect " + id, e);
    }
  }

  /** The region's static addresses in use, read only when an instance has an external IP. */
  private Map<String, String> staticIps(Collection<Instance> instances) {
    if (clients.addresses() == null || instances.stream().noneMatch(InstanceMapping::hasExternalIp)) {
      return Map.of();
    }
    return StaticAddresses.inUse(clients.addresses(), config.project(), config.region(), config.pageSize());
  }

  /** Inspects in one listing per zone and 50 names: the listing carries each instance's disks and addresses. */
  @Override
  public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    Map<String, List<String>> byZone = new LinkedHashMap<>();
    for (InstanceId id : ids) {
      GcpNames.ZonedName zn = GcpNames.parse(id);
      if (zn != null) {
        byZone.computeIfAbsent(zn.zone(), z -> new ArrayList<>()).add(zn.name());
      }
    }
    Map<InstanceId, Instance> found = new LinkedHashMap<>();
    byZone.forEach((zone, names) -> {
      for (int from = 0; from < names.size(); from += INSPECT_NAMES_PER_CALL) {
        List<String> chunk = names.subList(from, Math.min(names.size(), from + INSPECT_NAMES_PER_CALL));
        String filter = chunk.stream().map(n -> "(name = " + GcpNames.quoted(n) + ")").collect(Collectors.joining(" OR "));
        eachInZone(zone, filter, i -> found.put(InstanceMapping.id(i), i));
      }
    });
    Map<String, String> staticIps = staticIps(found.values());
    Map<InstanceId, InstanceInspection> out = new LinkedHashMap<>();
    for (InstanceId id : ids) {
      if (found.containsKey(id)) {
        out.put(id, InstanceMapping.inspection(found.get(id), staticIps));
      }
    }
    return out;
  }

  @Override
  public Optional<TrafficRouter> traffic() {
    return Optional.ofNullable(traffic);
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return Optional.of(prices);
  }

  @Override
  public void close() {
    deletions.close();
    if (ownsClients) {
      clients.close();
    }
  }

  @Override
  public String toString() {
    return "GcpDriver[project=" + config.project() + ", region=" + config.region() + ", zones=" + config.zones() + "]";
  }
}
