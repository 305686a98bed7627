package io.immut.core.memory;

import io.immut.spi.InstanceInspection.BoundResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Drift: changes made to a running instance behind immut's back, by a person at a console or a
 * script. immut itself never modifies an instance; tests use {@link MemoryCloud#mutate} to check
 * that drift is detected and answered by replacement.
 *
 * <pre>{@code
 * cloud.mutate(id, m -> m.instanceType("t3.large").tag("patched", "yes").bindStaticAddress("203.0.113.9"));
 * }</pre>
 */
public final class Mutation {
  String instanceType;
  String imageId;
  final Map<String, String> tags = new LinkedHashMap<>();
  final Set<String> removedTags = new HashSet<>();
  final List<VolumeDraft> volumes = new ArrayList<>();
  final List<String> staticAddresses = new ArrayList<>();
  final List<NicDraft> nics = new ArrayList<>();
  final List<BoundResource> boundResources = new ArrayList<>();
  boolean stop;

  Mutation() {}

  /**
   * Changes the instance type (as a stop, modify and start would).
   *
   * @param instanceType the new type
   * @return this mutation
   */
  public Mutation instanceType(String instanceType) {
    this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
    return this;
  }

  /**
   * Changes the image the instance runs, as a root-volume replacement from another image would.
   *
   * @param imageId the new image's id
   * @return this mutation
   */
  public Mutation image(String imageId) {
    this.imageId = Objects.requireNonNull(imageId, "imageId");
    return this;
  }

  /**
   * Sets a tag, replacing any value it had; ownership tags too, which moves the instance out of
   * (or into) a fleet's listing.
   *
   * @param key the key
   * @param value the value
   * @return this mutation
   */
  public Mutation tag(String key, String value) {
    tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    removedTags.remove(key);
    return this;
  }

  /**
   * Removes a tag.
   *
   * @param key the key
   * @return this mutation
   */
  public Mutation removeTag(String key) {
    removedTags.add(Objects.requireNonNull(key, "key"));
    tags.remove(key);
    return this;
  }

  /**
   * Attaches a new network volume.
   *
   * @param sizeGb its size in GiB, at least 1
   * @param deleteOnTermination whether it is deleted with the instance
   * @return this mutation
   */
  public Mutation attachVolume(int sizeGb, boolean deleteOnTermination) {
    volumes.add(new VolumeDraft(positive(sizeGb), deleteOnTermination, false));
    return this;
  }

  /**
   * Attaches an instance-store (local SSD) volume, whose data dies with the instance.
   *
   * @param sizeGb its size in GiB, at least 1
   * @return this mutation
   */
  public Mutation attachInstanceStoreVolume(int sizeGb) {
    volumes.add(new VolumeDraft(positive(sizeGb), true, true));
    return this;
  }

  /**
   * Binds a static (elastic, reserved) public address to the instance. A termination leaves it
   * allocated, as every cloud does ({@link MemoryCloud#leftovers()}).
   *
   * @param ip the address
   * @return this mutation
   */
  public Mutation bindStaticAddress(String ip) {
    staticAddresses.add(Objects.requireNonNull(ip, "ip"));
    return this;
  }

  /**
   * Attaches another network interface (on Azure, a NIC resource of its own). One that is not deleted
   * with the instance is left behind by its termination, as {@link MemoryCloud#leftovers()} shows.
   *
   * @param id the interface's id or name
   * @param deleteWithInstance whether it is deleted with the instance (Azure's {@code deleteOption: Delete})
   * @return this mutation
   */
  public Mutation attachNetworkInterface(String id, boolean deleteWithInstance) {
    nics.add(new NicDraft(Objects.requireNonNull(id, "id"), deleteWithInstance));
    return this;
  }

  /**
   * Binds another resource to the instance's life (a network interface, a host reservation).
   *
   * @param kind what it is
   * @param id its id
   * @param description what a replacement would do to it
   * @return this mutation
   */
  public Mutation bindResource(String kind, String id, String description) {
    boundResources.add(new BoundResource(kind, id, description));
    return this;
  }

  /**
   * Stops the instance: it goes {@code STOPPING}, then {@code STOPPED}, and stays there.
   *
   * @return this mutation
   */
  public Mutation stop() {
    stop = true;
    return this;
  }

  private static int positive(int sizeGb) {
    if (sizeGb < 1) {
      throw new IllegalArgumentException("a volume is at least 1 GiB, got " + sizeGb);
    }
    return sizeGb;
  }

  record VolumeDraft(int sizeGb, boolean deleteOnTermination, boolean instanceStore) {}

  record NicDraft(String id, boolean deleteWithInstance) {}
}
