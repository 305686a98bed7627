package io.immut.core.memory;

import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.VolumeSpec;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.OwnershipKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The state of the in-memory cloud's account: its instances (indexed by fleet tag, so that a
 * listing costs the size of the fleet, not of the cloud, and by name where the cloud names them),
 * the launch tokens, the counters of quota and capacity, and what terminations left behind. Every
 * method holds the account's lock; nothing here sleeps or injects call faults, {@link MemoryCloud}
 * does that around the calls. How a launch is answered follows the cloud's {@link CloudBehaviour}.
 */
final class Account {
  private static final String NO_FLEET = "";

  private final Settings settings;
  private final Faults faults;
  private final CloudBehaviour behaviour;
  private final OwnershipKeys keys;
  private final long idKey;
  private final Hardware hardware;
  private final TokenBook tokens;
  private final Map<InstanceId, MemoryInstance> instances = new LinkedHashMap<>();
  private final Map<String, Set<MemoryInstance>> byFleet = new HashMap<>();
  private final Map<String, MemoryInstance> byName = new HashMap<>();
  private final LateFailures lateFailures;
  private final List<Leftover> leftovers = new ArrayList<>();
  private final Map<String, Integer> activeByType = new HashMap<>();
  private final Map<String, Integer> zoneCursors = new HashMap<>();
  private int active;
  private long nextSequence;

  Account(Settings settings, Faults faults) {
    this.settings = settings;
    this.faults = faults;
    this.behaviour = settings.behaviour();
    this.keys = behaviour.ownershipKeys();
    this.idKey = Seeds.mix(settings.seed() ^ 0x1D);
    this.hardware = new Hardware(behaviour, Seeds.mix(settings.seed() ^ 0x7E));
    this.tokens = new TokenBook(behaviour, settings.tokenWindow());
    this.lateFailures = new LateFailures(behaviour, faults, settings.terminatedRetention());
  }

  OwnershipKeys keys() {
    return keys;
  }

  synchronized Image resolveImage(ImageRef ref) {
    Image image = settings.image(ref.value());
    if (image == null) {
      throw new DriverException.NotFound("resolveImage", behaviour.imageNotFound(), "image '" + ref.value()
          + "' was not found in the memory cloud (known images: " + String.join(", ", new TreeSet<>(settings.images().keySet()))
          + "); register it with MemoryCloud.builder().image(...) or allow any image with .anyImage(true)", null);
    }
    return image;
  }

  synchronized LaunchResult launch(LaunchRequest request) {
    Instant now = settings.clock().now();
    settleFailures(now);
    if (request.count() > settings.maxLaunchBatch()) {
      throw new DriverException.InvalidRequest("launch", behaviour.invalidParameter(), "a launch of " + request.count()
          + " instances is over the memory cloud's limit of " + settings.maxLaunchBatch()
          + " per call; split it into batches of Capabilities.maxLaunchBatch()", null);
    }
    TokenBook.Entry prior = tokens.recall(request, now);
    if (prior != null) {
      if (!prior.sameAs(request)) {
        throw new DriverException.InvalidRequest("launch", behaviour.tokenMismatch(), "launch token '"
            + request.token().value() + "' was already used for a different request (fleet " + prior.request().selector().fleet()
            + ", generation " + prior.request().generationId() + ", " + prior.request().count()
            + " instances); use a new token for a new request", null);
      }
      return result(prior.request(), prior.ids(), prior.shortfall(), now);
    }
    String type = request.spec().instanceType();
    if (settings.image(request.image().id()) == null) {
      throw new DriverException.NotFound("launch", behaviour.imageNotFound(), "image '" + request.image().id()
          + "' was not found in the memory cloud; register it with MemoryCloud.builder().image(...)", null);
    }
    // Azure and GCE: the names come from the token; a name that exists answers with its VM
    List<String> names = behaviour.namesFromToken()
        ? request.token().names(request.count(), request.selector().fleet(), behaviour.nameSyntax()) : null;
    List<InstanceId> ids = new ArrayList<>(request.count());
    List<Integer> free = new ArrayList<>(request.count());
    for (int i = 0; i < request.count(); i++) {
      MemoryInstance named = names == null ? null : byName.get(names.get(i));
      if (named != null && !named.goneBefore(now)) {
        ids.add(answerExisting(named, request, now).id);
      } else {
        free.add(i);
      }
    }
    int quotaRoom = settings.quota() - active;
    int capacityRoom = settings.capacity(type) - activeByType.getOrDefault(type, 0);
    boolean quotaBinds = quotaRoom <= capacityRoom;
    int fits = Math.min(free.size(), Math.min(quotaRoom, capacityRoom));
    if (fits <= 0 && ids.isEmpty()) {
      throw quotaBinds ? quotaError(request.count()) : capacityError(type, request.count());
    }
    LaunchFailure shortfall = null;
    if (fits < free.size()) {
      shortfall = quotaBinds
          ? LaunchFailure.quota(quotaError(request.count()).getMessage())
          : LaunchFailure.capacity(capacityError(type, request.count()).getMessage());
    }
    int count = faults.partialCount(Math.max(0, fits));
    if (count < fits) {
      shortfall = LaunchFailure.capacity("the memory cloud launched " + count + " of " + request.count() + " " + type
          + " instances: " + behaviour.code(FaultKind.CAPACITY) + " (an injected partial launch)");
    }
    Map<String, String> tags = request.tags(keys);
    List<String> zones = request.spec().placement().zones().isEmpty() ? settings.zones() : request.spec().placement().zones();
    List<MemoryInstance> created = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int index = free.get(k);
      String zone = behaviour == CloudBehaviour.GCE
          ? zones.get(Math.floorMod(request.token().uuid().hashCode() + index, zones.size()))
          : nextZone(request.selector().fleet(), zones);
      String name = names == null ? null : names.get(index);
      MemoryInstance m = create(false, tags, type, request.image().id(), request.generationId(), zone, now, name);
      hardware.attach(m, request.spec().volumes(), tags);
      created.add(m);
      ids.add(m.id);
    }
    lateFailures.decide(created, now);
    tokens.remember(request, ids, shortfall, now);
    return result(request, ids, shortfall, now);
  }

  /**
   * A create to a name that exists. Azure's PUT updates that VM (its tags and size; an image change
   * is refused); GCE's insert answers {@code alreadyExists} and the driver takes the instance. Either
   * way the instance is answered only when it is the request's own fleet and generation.
   */
  private MemoryInstance answerExisting(MemoryInstance m, LaunchRequest request, Instant now) {
    boolean ours = keys.decode(m.tags).map(o -> o.equals(request.ownership())).orElse(false);
    if (!ours || !m.imageId.equals(request.image().id())) {
      throw new DriverException.InvalidRequest("launch", behaviour == CloudBehaviour.AZURE ? "PropertyChangeNotAllowed"
          : "alreadyExists", "the memory cloud already has an instance named '" + m.name + "' that is not of this"
          + " launch's fleet, generation and image; a launch token names its instances, use a new token", null);
    }
    if (behaviour == CloudBehaviour.AZURE) {
      retag(m, request.tags(keys));
      retype(m, request.spec().instanceType());
    }
    return m;
  }

  /** Instances whose creation failed by now stop holding capacity. */
  private void settleFailures(Instant now) {
    lateFailures.settle(now, this::release);
  }

  private LaunchResult result(LaunchRequest request, List<InstanceId> ids, LaunchFailure shortfall, Instant now) {
    List<InstanceView> views = new ArrayList<>(ids.size());
    for (InstanceId id : ids) {
      views.add(instances.get(id).view(now, keys));
    }
    return shortfall == null ? LaunchResult.complete(request, views) : LaunchResult.partial(request, views, shortfall);
  }

  private DriverException quotaError(int asked) {
    return new DriverException.QuotaExceeded("launch", behaviour.code(FaultKind.QUOTA), "the memory cloud's account"
        + " quota of " + settings.quota() + " live instances leaves room for " + Math.max(0, settings.quota() - active)
        + " of the " + asked + " asked for; raise it with MemoryCloud.builder().quota(...)", null);
  }

  private DriverException capacityError(String type, int asked) {
    int room = Math.max(0, settings.capacity(type) - activeByType.getOrDefault(type, 0));
    return new DriverException.CapacityUnavailable("launch", behaviour.code(FaultKind.CAPACITY), "the memory cloud has "
        + "capacity for " + room + " more " + type + " instances (limit " + settings.capacity(type) + "), "
        + asked + " asked for; try another instance type or later", null);
  }

  synchronized void terminate(Collection<InstanceId> ids) {
    Instant now = settings.clock().now();
    settleFailures(now);
    for (InstanceId id : ids) {
      MemoryInstance m = instances.get(id);
      if (m != null && m.isActive() && !m.goneBefore(now)) {
        end(m, now, behaviour == CloudBehaviour.GCE ? now : now.plus(settings.shutdownTime()));
      }
    }
  }

  synchronized List<InstanceView> list(FleetSelector selector) {
    Set<MemoryInstance> fleet = byFleet.get(selector.fleet());
    if (fleet == null) {
      return List.of();
    }
    Instant asOf = settings.clock().now().minus(settings.listLag());
    fleet.removeIf(m -> m.goneBefore(asOf));
    List<InstanceView> views = new ArrayList<>();
    for (MemoryInstance m : fleet) {
      if (m.visibleAt(asOf) && m.ownership(keys).map(o -> o.belongsTo(selector)).orElse(false)) {
        views.add(m.view(asOf, keys));
      }
    }
    return views;
  }

  synchronized InstanceInspection inspect(InstanceId id) {
    return find(id, "inspect").inspection(settings.clock().now());
  }

  synchronized Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    Map<InstanceId, InstanceInspection> out = new LinkedHashMap<>();
    Instant now = settings.clock().now();
    for (InstanceId id : ids) {
      MemoryInstance m = instances.get(id);
      if (m != null && exists(m, now)) {
        out.put(id, m.inspection(now));
      }
    }
    return out;
  }

  /** Whether the cloud answers for the instance: not gone, and on GCE not a creation that failed. */
  private boolean exists(MemoryInstance m, Instant now) {
    return !m.goneBefore(now) && !(behaviour == CloudBehaviour.GCE && m.failedBy(now));
  }

  synchronized List<CloudInstance> instances() {
    Instant now = settings.clock().now();
    List<CloudInstance> views = new ArrayList<>(instances.size());
    for (MemoryInstance m : instances.values()) {
      views.add(m.outside(now, keys));
    }
    return views;
  }

  synchronized List<Leftover> leftovers() {
    return List.copyOf(leftovers);
  }

  synchronized CloudInstance launchForeign(Map<String, String> tags, String instanceType, String imageId) {
    Instant now = settings.clock().now();
    String zone = settings.zones().get((int) (nextSequence % settings.zones().size()));
    String name = behaviour.namesFromToken() ? Seeds.id("other-", Seeds.mix(idKey ^ nextSequence)) : null;
    MemoryInstance m = create(true, tags, instanceType, imageId, tags.get(keys.generation()), zone, now, name);
    hardware.attach(m, List.of(), tags);
    return m.outside(now, keys);
  }

  synchronized void kill(InstanceId id) {
    MemoryInstance m = instances.get(id);
    if (m == null) {
      throw new IllegalArgumentException("the memory cloud has no instance " + id);
    }
    if (m.isActive()) {
      Instant now = settings.clock().now();
      end(m, now, now);
    }
  }

  synchronized CloudInstance mutate(InstanceId id, Consumer<Mutation> change) {
    MemoryInstance m = instances.get(id);
    if (m == null) {
      throw new IllegalArgumentException("the memory cloud has no instance " + id);
    }
    Mutation mutation = new Mutation();
    change.accept(mutation);
    Instant now = settings.clock().now();
    settleFailures(now);
    if (mutation.instanceType != null) {
      retype(m, mutation.instanceType);
    }
    if (mutation.imageId != null) {
      m.imageId = mutation.imageId;
    }
    if (!mutation.tags.isEmpty() || !mutation.removedTags.isEmpty()) {
      Map<String, String> tags = new LinkedHashMap<>(m.tags);
      tags.keySet().removeAll(mutation.removedTags);
      tags.putAll(mutation.tags);
      retag(m, tags);
    }
    hardware.apply(m, mutation);
    if (mutation.stop && m.isActive() && m.stoppingAt == null) {
      m.stoppingAt = now;
      m.stoppedAt = now.plus(settings.shutdownTime());
    }
    return m.outside(now, keys);
  }

  synchronized BigDecimal hourlyCost() {
    return Billing.hourlyCost(instances.values(), settings.prices(), settings.clock().now());
  }

  synchronized BigDecimal spend() {
    return Billing.spend(instances.values(), settings.prices(), settings.clock().now());
  }

  /** The instance's state and health now, or null when the cloud has no such instance. */
  synchronized CloudInstance view(InstanceId id) {
    MemoryInstance m = instances.get(id);
    return m == null ? null : m.outside(settings.clock().now(), keys);
  }

  synchronized int active() {
    settleFailures(settings.clock().now());
    return active;
  }

  private MemoryInstance find(InstanceId id, String operation) {
    MemoryInstance m = instances.get(id);
    if (m == null || !exists(m, settings.clock().now())) {
      throw new DriverException.NotFound(operation, behaviour.instanceNotFound(), "instance " + id
          + " does not exist in the memory cloud (or is gone since it was deleted)", null);
    }
    return m;
  }

  private MemoryInstance create(boolean foreign, Map<String, String> tags, String type, String imageId,
                                String generationId, String zone, Instant now, String name) {
    long seq = nextSequence++;
    InstanceId id = name == null ? new InstanceId(Seeds.id("i-", Seeds.mix(idKey + seq)))
        : new InstanceId(behaviour == CloudBehaviour.GCE ? zone + "/" + name : name);
    boolean neverHealthy = faults.neverHealthy(seq, imageId, generationId);
    long host = seq + 4;
    String ip = "10." + ((host >> 16) & 0xFF) + "." + ((host >> 8) & 0xFF) + "." + (host & 0xFF);
    Duration boot = settings.operationTime().plus(settings.bootTime(type, seq));
    MemoryInstance m = new MemoryInstance(id, seq, foreign, tags, type, imageId, zone, now, boot,
        settings.healthyAfter(), neverHealthy, ip, name);
    instances.put(id, m);
    if (name != null) {
      byName.put(name, m);
    }
    index(m);
    active++;
    activeByType.merge(type, 1, Integer::sum);
    return m;
  }

  private void retype(MemoryInstance m, String type) {
    if (type.equals(m.instanceType)) {
      return;
    }
    if (m.holdsCapacity) {
      activeByType.merge(m.instanceType, -1, Integer::sum);
      activeByType.merge(type, 1, Integer::sum);
    }
    m.instanceType = type;
  }

  private void retag(MemoryInstance m, Map<String, String> tags) {
    unindex(m);
    m.tags = Map.copyOf(tags);
    index(m);
  }

  private String nextZone(String fleet, List<String> zones) {
    int cursor = zoneCursors.merge(fleet, 1, Integer::sum) - 1;
    return zones.get(Math.floorMod(cursor, zones.size()));
  }

  /** Terminating: it releases its capacity, and leaves behind what was not to be deleted with it. */
  private void end(MemoryInstance m, Instant terminating, Instant terminated) {
    m.terminatingAt = terminating;
    m.terminatedAt = terminated;
    Duration retention = settings.deletedRetention();
    // AZURE lists a VM until its delete is done, GCE not at all once deleted, EC2 for the retention after
    m.vanishAfter = retention.isZero() ? terminated.minusNanos(1) : terminated.plus(retention);
    release(m);
    leftovers.addAll(hardware.leftBehind(m));
  }

  private void release(MemoryInstance m) {
    if (m.holdsCapacity) {
      m.holdsCapacity = false;
      active--;
      activeByType.merge(m.instanceType, -1, Integer::sum);
    }
  }

  private void index(MemoryInstance m) {
    String fleet = m.fleet(keys);
    byFleet.computeIfAbsent(fleet == null ? NO_FLEET : fleet, f -> new LinkedHashSet<>()).add(m);
  }

  private void unindex(MemoryInstance m) {
    String fleet = m.fleet(keys);
    Set<MemoryInstance> set = byFleet.get(fleet == null ? NO_FLEET : fleet);
    if (set != null) {
      set.remove(m);
    }
  }

  /** The instance's health as a load balancer sees it: null when unknown. */
  synchronized HealthStatus healthOf(InstanceId id) {
    MemoryInstance m = instances.get(id);
    return m == null ? null : m.health(settings.clock().now());
  }

  /** When the instance began terminating (or was lost), or null when it has not. */
  synchronized Instant terminatingAt(InstanceId id) {
    MemoryInstance m = instances.get(id);
    return m == null ? null : m.terminatingAt;
  }

  /** The instance's state now, or null when unknown. */
  synchronized InstanceState stateOf(InstanceId id) {
    MemoryInstance m = instances.get(id);
    return m == null ? null : m.state(settings.clock().now());
  }
}
