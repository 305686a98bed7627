package io.immut.core.memory;

import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.PriceCatalog;
import io.immut.spi.TrafficRouter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code memory} driver: a view of one {@link MemoryCloud}. Many drivers may view the same
 * cloud (two engines, a driver per thread); they see the same instances. Get one with
 * {@link MemoryCloud#driver()}, or by name through the {@link MemoryDriverProvider}.
 */
public final class MemoryDriver implements CloudDriver {
  /** The driver's name. */
  public static final String NAME = "memory";

  private final MemoryCloud cloud;

  MemoryDriver(MemoryCloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  /**
   * The cloud this driver talks to, for tests that inject faults or assert on instances.
   *
   * @return the cloud
   */
  public MemoryCloud cloud() {
    return cloud;
  }

  /** Returns {@code memory}. */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * The cloud's batch limits; volumes are tagged, traffic and prices are present; the token window,
   * late launch failures and inspection batch of the cloud's {@link CloudBehaviour}.
   */
  @Override
  public Capabilities capabilities() {
    return cloud.capabilities();
  }

  /** Resolves the image by the cloud's image policy; {@code NotFound} naming the image otherwise. */
  @Override
  public Image resolveImage(ImageRef ref) {
    return cloud.resolveImage(ref);
  }

  /** Launches instances, idempotent by token; see {@link MemoryCloud} for quota, capacity and faults. */
  @Override
  public LaunchResult launch(LaunchRequest request) {
    return cloud.launch(request);
  }

  /** Terminates instances in batches of {@code maxTerminateBatch}; unknown and gone ids are ignored. */
  @Override
  public void terminate(Set<InstanceId> ids) {
    cloud.terminate(ids);
  }

  /** Lists the fleet's owned instances as of now minus the cloud's list lag. */
  @Override
  public List<InstanceView> list(FleetSelector selector) {
    return cloud.list(selector);
  }

  /**
   * The cloud's own scope: process-local, one per {@link MemoryCloud}, so that every driver of one
   * cloud (wrapped or not) shares its fleet leases, and two clouds never block each other.
   */
  @Override
  public io.immut.spi.CloudScope scope() {
    return new io.immut.spi.CloudScope("memory@" + Integer.toHexString(System.identityHashCode(cloud)), true);
  }

  /**
   * Inspects up to {@link CloudBehaviour#maxInspectBatch()} instances in one call (one
   * {@code inspect} call to the cloud): 1,000 like EC2's {@code DescribeInstances}, 50 on GCE, 1 on
   * Azure; unknown and gone ids are absent.
   */
  @Override
  public java.util.Map<InstanceId, InstanceInspection> inspectAll(java.util.Collection<InstanceId> ids) {
    return cloud.inspectAll(ids);
  }

  /** Returns the instance's volumes, addresses and bound resources. */
  @Override
  public InstanceInspection inspect(InstanceId id) {
    return cloud.inspect(id);
  }

  /** The cloud's load balancer. */
  @Override
  public Optional<TrafficRouter> traffic() {
    return Optional.of(cloud.traffic());
  }

  /** The cloud's price list. */
  @Override
  public Optional<PriceCatalog> prices() {
    return Optional.of(cloud.priceCatalog());
  }

  @Override
  public String toString() {
    return "MemoryDriver[" + cloud + "]";
  }
}
