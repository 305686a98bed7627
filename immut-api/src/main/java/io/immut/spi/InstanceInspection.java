package io.immut.spi;

import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is attached to an instance: the facts the state checks need before a replacement.
 *
 * @param id the instance
 * @param instanceType its type now
 * @param imageId its image now
 * @param tags its tags now
 * @param volumes its volumes, the root volume among them
 * @param addresses its addresses
 * @param boundResources anything else the cloud ties to the instance's life (an attached network
 *     interface with a static address, a host reservation, …)
 * @param state the instance's state as of the call, or null when the driver does not report it.
 *     An inspection reads one instance by id, which clouds answer consistently where a listing
 *     may lag (EC2's {@code DescribeInstances} by id, GCE's and Azure's GET of one resource): the
 *     engine inspects the instances a rollout counts on before it declares the rollout done, and
 *     treats one reported gone ({@link InstanceState#isGone()}) or absent as lost (since 0.3)
 */
public record InstanceInspection(InstanceId id, String instanceType, String imageId, Map<String, String> tags,
                                 List<AttachedVolume> volumes, List<Address> addresses,
                                 List<BoundResource> boundResources, InstanceState state) {
  /** Validates and copies the fields. */
  public InstanceInspection {
    Objects.requireNonNull(id, "id");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    boundResources = boundResources == null ? List.of() : List.copyOf(boundResources);
  }

  /**
   * An inspection that does not report the instance's state.
   *
   * @param id the instance
   * @param instanceType its type now
   * @param imageId its image now
   * @param tags its tags now
   * @param volumes its volumes, the root volume among them
   * @param addresses its addresses
   * @param boundResources anything else the cloud ties to the instance's life
   */
  public InstanceInspection(InstanceId id, String instanceType, String imageId, Map<String, String> tags,
                            List<AttachedVolume> volumes, List<Address> addresses, List<BoundResource> boundResources) {
    this(id, instanceType, imageId, tags, volumes, addresses, boundResources, null);
  }

  /**
   * A volume attached to an instance.
   *
   * @param volumeId the cloud's id of the volume
   * @param device the device it is attached as ({@code /dev/xvda})
   * @param sizeGb its size in GiB
   * @param root whether it is the boot volume
   * @param deleteOnTermination whether the cloud deletes it with the instance (EBS
   *     {@code DeleteOnTermination}, Azure {@code deleteOption}, GCE {@code autoDelete})
   * @param instanceStore whether it is instance-store / local SSD storage, lost with the instance
   *     whatever the flag says
   * @param tags its tags
   */
  public record AttachedVolume(String volumeId, String device, int sizeGb, boolean root, boolean deleteOnTermination,
                               boolean instanceStore, Map<String, String> tags) {
    /** Validates and copies the fields. */
    public AttachedVolume {
      Objects.requireNonNull(volumeId, "volumeId");
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }

  /**
   * An address of an instance.
   *
   * @param ip the address
   * @param publicAddress whether it is reachable from the internet
   * @param staticAddress whether it is a reserved (elastic / static) address bound to the instance,
   *     which a replacement would release or leave dangling
   * @param allocationId the cloud's id of a static address, or null
   */
  public record Address(String ip, boolean publicAddress, boolean staticAddress, String allocationId) {
    /** Validates the fields. */
    public Address {
      Objects.requireNonNull(ip, "ip");
    }
  }

  /**
   * Anything else whose life the cloud ties to the instance.
   *
   * @param kind what it is ({@code network-interface}, {@code gpu}, …)
   * @param id the cloud's id
   * @param description what a replacement would do to it
   */
  public record BoundResource(String kind, String id, String description) {
    /** Validates the fields. */
    public BoundResource {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      description = description == null ? "" : description;
    }
  }
}
