package io.immut.examples.driver;

import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.VolumeSpec;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchFailure;
import io.immut.spi.OwnershipKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A complete, small {@link CloudDriver} over a {@link MapCloud}: the example of how a driver talks
 * to a cloud and keeps the contract. Each method does three things only: translate the request
 * into the cloud's API, call it, and translate the answer (or classify the error) back.
 *
 * <ul>
 *   <li>Idempotency: the launch token is passed to the cloud as its client token, and the cloud
 *       answers a repeated token with the first answer.</li>
 *   <li>Ownership: the launch request's tags go on every machine and disk; {@link #list} filters
 *       by fleet and owner at the cloud and checks {@link OwnershipTags#isOwned} on every
 *       machine, so that nothing without all the ownership tags ever comes back.</li>
 *   <li>Pages and batches: {@link #list} reads every page, {@link #terminate} splits the ids into
 *       batches the cloud takes.</li>
 *   <li>Errors: every {@link MapCloudException} is classified once, in {@link #call}, into the
 *       {@link DriverException} type its code means.</li>
 * </ul>
 */
public final class MapDriver implements CloudDriver {
  /** The most machines one launch asks the cloud for. */
  public static final int MAX_LAUNCH_BATCH = 100;

  private final MapCloud cloud;

  /**
   * The map cloud's tag keys allow no ':', as GCE labels do: ownership is written as
   * {@code immut-fleet}, {@code immut-generation}, {@code immut-owner}.
   */
  static final OwnershipKeys KEYS = OwnershipKeys.DASHED;

  /**
   * A driver over a cloud, as a real driver is over an SDK client.
   *
   * @param cloud the cloud
   */
  public MapDriver(MapCloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  @Override
  public String name() {
    return MapDriverProvider.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder().maxLaunchBatch(MAX_LAUNCH_BATCH).maxTerminateBatch(cloud.terminateBatch())
        .tagsVolumes(true).bootTimeHint(Duration.ZERO).build();
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    String id = call("resolveImage", () -> cloud.describeImage(ref.value()));
    return new Image(id, id, null, null, Map.of());
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    List<MapCloud.DiskRequest> disks = new ArrayList<>();
    if (request.spec().volumes().stream().noneMatch(VolumeSpec::root)) {
      disks.add(new MapCloud.DiskRequest(8, true, true));
    }
    for (VolumeSpec v : request.spec().volumes()) {
      if (v.persistence() == io.immut.api.Persistence.EXTERNAL) {
        continue; // the data lives at the volume's location, which the instance mounts: no disk is created
      }
      disks.add(new MapCloud.DiskRequest(v.sizeGb(), v.root(), v.deleteOnTermination()));
    }
    MapCloud.RunResult run = call("launch", () -> cloud.run(request.token().value(), request.spec().instanceType(),
        request.image().id(), request.tags(KEYS), request.spec().placement().zones(), disks, request.count()));
    List<InstanceView> views = run.machines().stream().map(MapDriver::view).flatMap(java.util.Optional::stream).toList();
    return run.shortReason() == null ? LaunchResult.complete(request, views)
        : LaunchResult.partial(request, views, LaunchFailure.capacity(run.shortReason()));
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    List<String> all = ids.stream().map(InstanceId::value).sorted().toList();
    for (int from = 0; from < all.size(); from += cloud.terminateBatch()) {
      Set<String> batch = new LinkedHashSet<>(all.subList(from, Math.min(all.size(), from + cloud.terminateBatch())));
      call("terminate", () -> {
        cloud.terminate(batch);
        return null;
      });
    }
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    Map<String, String> filter = Map.of(KEYS.fleet(), selector.fleet(), KEYS.owner(), selector.owner());
    List<InstanceView> owned = new ArrayList<>();
    String pageToken = null;
    do {
      String from = pageToken;
      MapCloud.Page page = call("list", () -> cloud.describe(filter, from));
      for (MapCloud.Machine m : page.machines()) {
        // never trust the cloud's filter alone: only tags that decode to this fleet and owner count
        view(m).filter(v -> v.ownership().belongsTo(selector)).ifPresent(owned::add);
      }
      pageToken = page.nextToken();
    } while (pageToken != null);
    return owned;
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    MapCloud.Machine m = call("inspect", () -> cloud.describeInstance(id.value()));
    List<InstanceInspection.AttachedVolume> volumes = new ArrayList<>();
    int device = 0;
    for (MapCloud.Disk d : m.disks()) {
      volumes.add(new InstanceInspection.AttachedVolume(d.id(), "/dev/vd" + (char) ('a' + device++), d.sizeGb(), d.root(),
          d.deleteOnTermination(), false, d.tags()));
    }
    return new InstanceInspection(id, m.type(), m.imageId(), m.tags(), volumes,
        List.of(new InstanceInspection.Address(m.privateIp(), false, false, null)), List.of());
  }

  private static java.util.Optional<InstanceView> view(MapCloud.Machine m) {
    return KEYS.decode(m.tags()).map(ownership -> InstanceView.builder().id(InstanceId.of(m.id())).ownership(ownership)
        .state(state(m.state())).health(HealthStatus.UNKNOWN).instanceType(m.type()).imageId(m.imageId())
        .tags(KEYS.labels(m.tags())).zone(m.zone()).launchedAt(m.launchedAt()).privateAddress(m.privateIp()).build());
  }

  private static InstanceState state(String state) {
    return switch (state) {
      case "pending" -> InstanceState.PROVISIONING;
      case "running" -> InstanceState.RUNNING;
      case "stopping" -> InstanceState.STOPPING;
      case "stopped" -> InstanceState.STOPPED;
      case "shutting-down" -> InstanceState.TERMINATING;
      case "terminated" -> InstanceState.DELETED;
      default -> throw new IllegalStateException("the map cloud reported an unknown state '" + state + "'");
    };
  }

  /** Calls the cloud, and classifies its errors: the one place that knows the cloud's codes. */
  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (MapCloudException e) {
      throw classify(operation, e);
    }
  }

  static DriverException classify(String operation, MapCloudException e) {
    String code = e.code();
    String message = operation + " failed: " + e.getMessage();
    return switch (code) {
      case MapCloudException.THROTTLING -> new DriverException.Throttled(operation, code, message, null, e);
      case MapCloudException.INTERNAL_ERROR -> new DriverException.Transient(operation, code, message, e);
      case MapCloudException.INSTANCE_LIMIT -> new DriverException.QuotaExceeded(operation, code,
          message + "; terminate instances or raise the map cloud's instance limit", e);
      case MapCloudException.INSUFFICIENT_CAPACITY -> new DriverException.CapacityUnavailable(operation, code, message, e);
      case MapCloudException.ACCESS_DENIED -> new DriverException.AuthFailed(operation, code, message, e);
      case MapCloudException.IMAGE_NOT_FOUND, MapCloudException.INSTANCE_NOT_FOUND ->
          new DriverException.NotFound(operation, code, message, e);
      default -> new DriverException.InvalidRequest(operation, code, message, e);
    };
  }
}
