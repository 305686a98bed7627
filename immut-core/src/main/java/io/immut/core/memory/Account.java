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
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchFailure;
import io.immut.spi.OwnershipKeys;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * listing costs the size of the fleet, not of the cloud), the launch tokens, and the counters of
 * quota and capacity. Every method holds the account's lock; nothing here sleeps or injects
 * faults, {@link MemoryCloud} does that around the calls.
 */
final class Account {
  private static final String NO_FLEET = "";

  private final Settings settings;
  private final Faults faults;
  private final long idKey;
  private final long volumeKey;
  private final Map<InstanceId, MemoryInstance> instances = new LinkedHashMap<>();
  private final Map<String, Set<MemoryInstance>> byFleet = new HashMap<>();
  private final Map<String, Launch> tokens = new HashMap<>();
  private final OwnershipKeys keys = OwnershipKeys.COLON;
  private final Map<String, Integer> activeByType = new HashMap<>();
  private final Map<String, Integer> zoneCursors = new HashMap<>();
  private int active;
  private long nextSequence;
  private long nextVolume;

  Account(Settings settings, Faults faults) {
    this.settings = settings;
    this.faults = faults;
    this.idKey = Seeds.mix(settings.seed() ^ 0x1D);
    this.volumeKey = Seeds.mix(settings.seed() ^ 0x7E);
  }

  synchronized Image resolveImage(ImageRef ref) {
    Image image = settings.image(ref.value());
    if (image == null) {
      throw new DriverException.NotFound("resolveImage", "InvalidAMIID.NotFound", "image '" + ref.value()
          + "' was not found in the memory cloud (known images: " + String.join(", ", new TreeSet<>(settings.images().keySet()))
          + "); register it with MemoryCloud.builder().image(...) or allow any image with .anyImage(true)", null);
    }
    return image;
  }

  synchronized LaunchResult launch(LaunchRequest request) {
    Instant now = settings.clock().now();
    if (request.count() > settings.maxLaunchBatch()) {
      throw new DriverException.InvalidRequest("launch", "InvalidParameterValue", "a launch of " + request.count()
          + " instances is over the memory cloud's limit of " + settings.maxLaunchBatch()
          + " per call; split it into batches of Capabilities.maxLaunchBatch()", null);
    }
    Launch prior = tokens.get(request.token().value());
    if (prior != null) {
      if (!prior.sameAs(request)) {
        throw new DriverException.InvalidRequest("launch", "IdempotentParameterMismatch", "launch token '"
            + request.token().value() + "' was already used for a different request (fleet " + prior.request.selector().fleet()
            + ", generation " + prior.request.generationId() + ", " + prior.request.count()
            + " instances); use a new token for a new request", null);
      }
      return prior.result(now);
    }
    String type = request.spec().instanceType();
    if (settings.image(request.image().id()) == null) {
      throw new DriverException.NotFound("launch", "InvalidAMIID.NotFound", "image '" + request.image().id()
          + "' was not found in the memory cloud; register it with MemoryCloud.builder().image(...)", null);
    }
    int quotaRoom = settings.quota() - active;
    int capacityRoom = settings.capacity(type) - activeByType.getOrDefault(type, 0);
    boolean quotaBinds = quotaRoom <= capacityRoom;
    int fits = Math.min(request.count(), Math.min(quotaRoom, capacityRoom));
    if (fits <= 0) {
      throw quotaBinds ? quotaError(request.count()) : capacityError(type, request.count());
    }
    LaunchFailure shortfall = null;
    if (fits < request.count()) {
      shortfall = quotaBinds
          ? LaunchFailure.quota(quotaError(request.count()).getMessage())
          : LaunchFailure.capacity(capacityError(type, request.count()).getMessage());
    }
    int count = faults.partialCount(fits);
    if (count < fits) {
      shortfall = LaunchFailure.capacity("the memory cloud launched " + count + " of "
          + request.count() + " " + type + " instances: InsufficientInstanceCapacity (an injected partial launch)");
    }
    Map<String, String> tags = request.tags(keys);
    List<InstanceId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String zone = nextZone(request.selector().fleet(), request.spec().placement().zones());
      MemoryInstance m = create(false, tags, type, request.image().id(), request.generationId(), zone, now);
      addVolumes(m, request.spec().volumes(), tags);
      ids.add(m.id);
    }
    Launch launch = new Launch(request, List.copyOf(ids), shortfall);
    tokens.put(request.token().value(), launch);
    return launch.result(now);
  }

  private DriverException quotaError(int asked) {
    return new DriverException.QuotaExceeded("launch", "InstanceLimitExceeded", "the memory cloud's account quota of "
        + settings.quota() + " live instances leaves room for " + Math.max(0, settings.quota() - active) + " of the "
        + asked + " asked for; raise it with MemoryCloud.builder().quota(...)", null);
  }

  private DriverException capacityError(String type, int asked) {
    int room = Math.max(0, settings.capacity(type) - activeByType.getOrDefault(type, 0));
    return new DriverException.CapacityUnavailable("launch", "InsufficientInstanceCapacity", "the memory cloud has "
        + "capacity for " + room + " more " + type + " instances (limit " + settings.capacity(type) + "), "
        + asked + " asked for; try another instance type or later", null);
  }

  synchronized void terminate(Collection<InstanceId> ids) {
    Instant now = settings.clock().now();
    for (InstanceId id : ids) {
      MemoryInstance m = instances.get(id);
      if (m != null && m.isActive()) {
        end(m, now, now.plus(settings.shutdownTime()));
      }
    }
  }

  synchronized List<InstanceView> list(FleetSelector selector) {
    Set<MemoryInstance> fleet = byFleet.get(selector.fleet());
    if (fleet == null) {
      return List.of();
    }
    Instant asOf = settings.clock().now().minus(settings.listLag());
    Duration retention = settings.terminatedRetention();
    fleet.removeIf(m -> m.goneBefore(asOf, retention));
    List<InstanceView> views = new ArrayList<>();
    for (MemoryInstance m : fleet) {
      if (m.visibleAt(asOf, retention) && m.ownership(keys).map(o -> o.belongsTo(selector)).orElse(false)) {
        views.add(m.view(asOf, keys));
      }
    }
    return views;
  }

  synchronized InstanceInspection inspect(InstanceId id) {
    return find(id, "inspect").inspection(settings.clock().now());
  }

  synchronized java.util.Map<InstanceId, InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
    java.util.Map<InstanceId, InstanceInspection> out = new java.util.LinkedHashMap<>();
    for (InstanceId id : ids) {
      MemoryInstance m = instances.get(id);
      if (m != null && !m.goneBefore(settings.clock().now(), settings.terminatedRetention())) {
        out.put(id, m.inspection(settings.clock().now()));
      }
    }
    return out;
  }

  synchronized List<CloudInstance> instances() {
    Instant now = settings.clock().now();
    List<CloudInstance> views = new ArrayList<>(instances.size());
    for (MemoryInstance m : instances.values()) {
      views.add(m.outside(now, keys));
    }
    return views;
  }

  synchronized CloudInstance launchForeign(Map<String, String> tags, String instanceType, String imageId) {
    Instant now = settings.clock().now();
    String zone = settings.zones().get((int) (nextSequence % settings.zones().size()));
    MemoryInstance m = create(true, tags, instanceType, imageId, tags.get(keys.generation()), zone, now);
    addVolumes(m, List.of(), tags);
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
    if (mutation.instanceType != null && !mutation.instanceType.equals(m.instanceType)) {
      if (m.isActive()) {
        activeByType.merge(m.instanceType, -1, Integer::sum);
        activeByType.merge(mutation.instanceType, 1, Integer::sum);
      }
      m.instanceType = mutation.instanceType;
    }
    if (mutation.imageId != null) {
      m.imageId = mutation.imageId;
    }
    if (!mutation.tags.isEmpty() || !mutation.removedTags.isEmpty()) {
      unindex(m);
      Map<String, String> tags = new LinkedHashMap<>(m.tags);
      tags.keySet().removeAll(mutation.removedTags);
      tags.putAll(mutation.tags);
      m.tags = Map.copyOf(tags);
      index(m);
    }
    for (Mutation.VolumeDraft v : mutation.volumes) {
      m.volumes.add(new AttachedVolume(volumeId(), device(m.volumes.size(), false), v.sizeGb(), false,
          v.deleteOnTermination(), v.instanceStore(), m.tags));
    }
    for (String ip : mutation.staticAddresses) {
      m.addresses.add(new Address(ip, true, true, "eipalloc-" + Long.toHexString(Seeds.mix(volumeKey + ip.hashCode()))));
      m.publicAddress = ip;
    }
    m.boundResources.addAll(mutation.boundResources);
    if (mutation.stop && m.isActive() && m.stoppingAt == null) {
      m.stoppingAt = now;
      m.stoppedAt = now.plus(settings.shutdownTime());
    }
    return m.outside(now, keys);
  }

  synchronized BigDecimal hourlyCost() {
    Instant now = settings.clock().now();
    BigDecimal sum = BigDecimal.ZERO;
    for (MemoryInstance m : instances.values()) {
      if (m.isActive() && m.state(now).isLive()) {
        BigDecimal price = settings.prices().get(m.instanceType);
        if (price != null) {
          sum = sum.add(price);
        }
      }
    }
    return sum;
  }

  synchronized BigDecimal spend() {
    Instant now = settings.clock().now();
    BigDecimal sum = BigDecimal.ZERO;
    for (MemoryInstance m : instances.values()) {
      BigDecimal price = settings.prices().get(m.instanceType);
      if (price == null) {
        continue;
      }
      Instant end = now;
      if (m.terminatingAt != null && m.terminatingAt.isBefore(end)) {
        end = m.terminatingAt;
      }
      if (m.stoppingAt != null && m.stoppingAt.isBefore(end)) {
        end = m.stoppingAt;
      }
      long millis = Math.max(0, Duration.between(m.launchedAt, end).toMillis());
      sum = sum.add(price.multiply(BigDecimal.valueOf(millis)));
    }
    return sum.divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_UP);
  }

  /** The instance's state and health now, or null when the cloud has no such instance. */
  synchronized CloudInstance view(InstanceId id) {
    MemoryInstance m = instances.get(id);
    return m == null ? null : m.outside(settings.clock().now(), keys);
  }

  synchronized int active() {
    return active;
  }

  private MemoryInstance find(InstanceId id, String operation) {
    MemoryInstance m = instances.get(id);
    if (m == null || m.goneBefore(settings.clock().now(), settings.terminatedRetention())) {
      throw new DriverException.NotFound(operation, "InvalidInstanceID.NotFound", "instance " + id
          + " does not exist in the memory cloud (or was terminated more than "
          + settings.terminatedRetention() + " ago)", null);
    }
    return m;
  }

  private MemoryInstance create(boolean foreign, Map<String, String> tags, String type, String imageId,
                                String generationId, String zone, Instant now) {
    long seq = nextSequence++;
    InstanceId id = new InstanceId(Seeds.id("i-", Seeds.mix(idKey + seq)));
    boolean neverHealthy = faults.neverHealthy(seq, imageId, generationId);
    long host = seq + 4;
    String ip = "10." + ((host >> 16) & 0xFF) + "." + ((host >> 8) & 0xFF) + "." + (host & 0xFF);
    MemoryInstance m = new MemoryInstance(id, seq, foreign, tags, type, imageId, zone, now,
        settings.bootTime(type, seq), settings.healthyAfter(), neverHealthy, ip);
    instances.put(id, m);
    index(m);
    active++;
    activeByType.merge(type, 1, Integer::sum);
    return m;
  }

  private void addVolumes(MemoryInstance m, List<VolumeSpec> specs, Map<String, String> tags) {
    if (specs.stream().noneMatch(VolumeSpec::root)) {
      m.volumes.add(new AttachedVolume(volumeId(), "/dev/xvda", 8, true, true, false, tags));
    }
    for (VolumeSpec v : specs) {
      if (v.persistence() == io.immut.api.Persistence.EXTERNAL) {
        continue; // its data lives at its location; nothing is created for it
      }
      String device = v.device() != null ? v.device() : device(m.volumes.size(), v.root());
      m.volumes.add(new AttachedVolume(volumeId(), device, v.sizeGb(), v.root(), v.deleteOnTermination(), false, tags));
    }
  }

  private static String device(int index, boolean root) {
    return root ? "/dev/xvda" : "/dev/sd" + (char) ('e' + Math.min(index, 21));
  }

  private String volumeId() {
    return Seeds.id("vol-", Seeds.mix(volumeKey + nextVolume++));
  }

  private String nextZone(String fleet, List<String> zones) {
    List<String> from = zones.isEmpty() ? settings.zones() : zones;
    int cursor = zoneCursors.merge(fleet, 1, Integer::sum) - 1;
    return from.get(Math.floorMod(cursor, from.size()));
  }

  private void end(MemoryInstance m, Instant terminating, Instant terminated) {
    m.terminatingAt = terminating;
    m.terminatedAt = terminated;
    active--;
    activeByType.merge(m.instanceType, -1, Integer::sum);
  }

  private void index(MemoryInstance m) {
    String fleet = m.fleet();
    byFleet.computeIfAbsent(fleet == null ? NO_FLEET : fleet, f -> new LinkedHashSet<>()).add(m);
  }

  private void unindex(MemoryInstance m) {
    String fleet = m.fleet();
    Set<MemoryInstance> set = byFleet.get(fleet == null ? NO_FLEET : fleet);
    if (set != null) {
      set.remove(m);
    }
  }

  /** A launch made under a token: what was asked and what was launched, for the token's retries. */
  private final class Launch {
    final LaunchRequest request;
    final List<InstanceId> ids;
    final LaunchFailure shortfall;

    Launch(LaunchRequest request, List<InstanceId> ids, LaunchFailure shortfall) {
      this.request = request;
      this.ids = ids;
      this.shortfall = shortfall;
    }

    boolean sameAs(LaunchRequest other) {
      return request.selector().equals(other.selector()) && request.generationId().equals(other.generationId())
          && request.count() == other.count() && request.spec().equals(other.spec())
          && request.image().id().equals(other.image().id());
    }

    LaunchResult result(Instant now) {
      List<InstanceView> views = new ArrayList<>(ids.size());
      for (InstanceId id : ids) {
        views.add(instances.get(id).view(now, keys));
      }
      return shortfall == null ? LaunchResult.complete(request, views) : LaunchResult.partial(request, views, shortfall);
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
