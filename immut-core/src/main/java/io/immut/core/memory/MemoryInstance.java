package io.immut.core.memory;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import io.immut.spi.InstanceInspection.BoundResource;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance of the in-memory cloud. Its state and health are functions of time, computed from
 * the instants fixed at launch and at termination, so the cloud works the same on the system
 * clock and on a virtual clock without any background task. Guarded by the cloud's lock.
 */
final class MemoryInstance {
  final InstanceId id;
  final long sequence;
  final boolean foreign;
  final String zone;
  final Instant launchedAt;
  final Instant runningAt;
  /** When it turns healthy, or null when it never does. */
  final Instant healthyAt;
  /** When it reports unhealthy, for an instance that never turns healthy. */
  final Instant unhealthyAt;
  final String privateAddress;
  final List<AttachedVolume> volumes = new ArrayList<>();
  final List<Address> addresses = new ArrayList<>();
  final List<BoundResource> boundResources = new ArrayList<>();
  /** Network interfaces that are resources of their own, with whether they go with the instance. */
  final List<Nic> nics = new ArrayList<>();
  /** Its name, for the clouds that name instances from the launch token; else null. */
  final String name;
  /** When an accepted launch turns out to have failed (a late failure), or null. */
  Instant failAt;
  LaunchFailure failure;
  /** Whether it counts against quota and capacity now. */
  boolean holdsCapacity = true;
  /** After this instant it is no longer listed nor inspected; null while it is neither gone nor failed. */
  Instant vanishAfter;
  Map<String, String> tags;
  String instanceType;
  String imageId;
  String publicAddress;
  Instant stoppingAt;
  Instant stoppedAt;
  Instant terminatingAt;
  Instant terminatedAt;
  /** The ownership and labels decoded from {@link #tags} by {@link #ownedKeys}: decoded once per tags, not per listing. */
  private Map<String, String> decodedTags;
  private OwnershipKeys ownedKeys;
  private Optional<Ownership> ownership;
  private Map<String, String> labels;

  MemoryInstance(InstanceId id, long sequence, boolean foreign, Map<String, String> tags, String instanceType,
                 String imageId, String zone, Instant launchedAt, Duration boot, Duration healthyAfter,
                 boolean neverHealthy, String privateAddress, String name) {
    this.id = id;
    this.name = name;
    this.sequence = sequence;
    this.foreign = foreign;
    this.tags = Map.copyOf(tags);
    this.instanceType = instanceType;
    this.imageId = imageId;
    this.zone = zone;
    this.launchedAt = launchedAt;
    this.runningAt = launchedAt.plus(boot);
    this.healthyAt = neverHealthy ? null : runningAt.plus(healthyAfter);
    this.unhealthyAt = runningAt.plus(healthyAfter);
    this.privateAddress = privateAddress;
    addresses.add(new Address(privateAddress, false, false, null));
  }

  /** Whether the instance counts against quota and capacity: launched and not terminating. */
  boolean isActive() {
    return terminatingAt == null;
  }

  String fleet(OwnershipKeys keys) {
    return tags.get(keys.fleet());
  }

  /** Whether its creation has failed by {@code at}. */
  boolean failedBy(Instant at) {
    return failAt != null && !at.isBefore(failAt) && (terminatingAt == null || terminatingAt.isAfter(failAt));
  }

  InstanceState state(Instant at) {
    if (terminatingAt != null && !at.isBefore(terminatingAt)) {
      return at.isBefore(terminatedAt) ? InstanceState.TERMINATING : InstanceState.DELETED;
    }
    if (failAt != null) {
      return at.isBefore(failAt) ? InstanceState.PROVISIONING : InstanceState.FAILED;
    }
    if (stoppingAt != null && !at.isBefore(stoppingAt)) {
      return at.isBefore(stoppedAt) ? InstanceState.STOPPING : InstanceState.STOPPED;
    }
    return at.isBefore(runningAt) ? InstanceState.PROVISIONING : InstanceState.RUNNING;
  }

  HealthStatus health(Instant at) {
    if (state(at) != InstanceState.RUNNING) {
      return HealthStatus.UNKNOWN;
    }
    if (healthyAt != null) {
      return at.isBefore(healthyAt) ? HealthStatus.UNKNOWN : HealthStatus.HEALTHY;
    }
    return at.isBefore(unhealthyAt) ? HealthStatus.UNKNOWN : HealthStatus.UNHEALTHY;
  }

  /** Whether a listing as of {@code at} shows it: launched by then, and not gone. */
  boolean visibleAt(Instant at) {
    return !at.isBefore(launchedAt) && !goneBefore(at);
  }

  /** Whether it is gone from listings and inspections at {@code at}. */
  boolean goneBefore(Instant at) {
    return vanishAfter != null && at.isAfter(vanishAfter);
  }

  /** Its ownership as the keys read it from its tags, or empty when they do not decode (not owned). */
  Optional<Ownership> ownership(OwnershipKeys keys) {
    decode(keys);
    return ownership;
  }

  private void decode(OwnershipKeys keys) {
    if (decodedTags != tags || ownedKeys != keys) { // tags are replaced, never changed in place
      ownership = keys.decode(tags);
      labels = keys.labels(tags);
      decodedTags = tags;
      ownedKeys = keys;
    }
  }

  /** The driver's view of an owned instance. */
  InstanceView view(Instant at, OwnershipKeys keys) {
    decode(keys);
    return InstanceView.builder().id(id).ownership(ownership.orElseThrow()).state(state(at)).health(health(at))
        .instanceType(instanceType).imageId(imageId).tags(labels).zone(zone).launchedAt(launchedAt)
        .privateAddress(privateAddress).publicAddress(publicAddress).failure(failure).build();
  }

  /** The instance as a test sees it from outside the SPI, owned or not. */
  CloudInstance outside(Instant at, OwnershipKeys keys) {
    return new CloudInstance(id, state(at), health(at), instanceType, imageId, tags, zone, launchedAt, privateAddress,
        publicAddress, tags.get(keys.generation()), tags.get(keys.fleet()));
  }

  InstanceInspection inspection(Instant at) {
    return new InstanceInspection(id, instanceType, imageId, tags, volumes, addresses, boundResources, state(at));
  }

  /** A network interface that is a resource of its own (Azure), or EC2's primary interface. */
  record Nic(String id, boolean deleteWithInstance) {}
}
