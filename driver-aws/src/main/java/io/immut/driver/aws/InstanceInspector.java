package io.immut.driver.aws;

import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import io.immut.spi.InstanceInspection.BoundResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Reads the facts the state checks need about one instance: its EBS volumes with
 * {@code DeleteOnTermination} ({@code DescribeInstances}, sizes and tags from
 * {@code DescribeVolumes}), its instance-store disks ({@link InstanceStore}), its private, public and elastic addresses ({@code DescribeAddresses}), and
 * network interfaces that outlive it.
 */
final class InstanceInspector {
  private final Ec2Client ec2;
  private final AwsErrors errors;
  private final RecentLaunches recent;
  private final InstanceStore instanceStore;

  InstanceInspector(Ec2Client ec2, AwsErrors errors, RecentLaunches recent) {
    this.ec2 = ec2;
    this.errors = errors;
    this.recent = recent;
    this.instanceStore = new InstanceStore(ec2, errors);
  }

  InstanceInspection inspect(InstanceId id, String region) {
    Instance instance = describe(id, region);
    List<AttachedVolume> volumes = new ArrayList<>(ebsVolumes(instance));
    volumes.addAll(instanceStore.volumes(instance));
    List<Address> addresses = new ArrayList<>();
    if (instance.privateIpAddress() != null) {
      addresses.add(new Address(instance.privateIpAddress(), false, false, null));
    }
    Map<String, String> elastic = elasticAddresses(id);
    if (instance.publicIpAddress() != null) {
      String allocation = elastic.remove(instance.publicIpAddress());
      addresses.add(new Address(instance.publicIpAddress(), true, allocation != null, allocation));
    }
    elastic.forEach((ip, allocation) -> addresses.add(new Address(ip, true, true, allocation)));
    List<BoundResource> bound = new ArrayList<>();
    for (InstanceNetworkInterface eni : instance.networkInterfaces()) {
      if (eni.attachment() != null && Boolean.FALSE.equals(eni.attachment().deleteOnTermination())) {
        bound.add(new BoundResource("network-interface", eni.networkInterfaceId(), "is not deleted with the instance;"
            + " its addresses stay with it, and a replacement does not get them unless the interface is moved"));
      }
    }
    return new InstanceInspection(id, instance.instanceTypeAsString(), instance.imageId(),
        InstanceMapping.tags(instance.tags()), volumes, addresses, bound);
  }

  private Instance describe(InstanceId id, String region) {
    DescribeInstancesResponse response;
    try {
      response = ec2.describeInstances(r -> r.instanceIds(id.value()));
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeInstances", "instance " + id, e, recent.contains(id.value()));
    }
    Optional<Instance> found = response.reservations().stream().map(Reservation::instances).flatMap(List::stream)
        .filter(i -> id.value().equals(i.instanceId())).findFirst();
    if (found.isEmpty()) {
      if (recent.contains(id.value())) {
        throw new DriverException.Transient("inspect", AwsErrors.INSTANCE_NOT_FOUND, "instance " + id
            + " was launched moments ago and EC2 does not show it yet (eventual consistency): retry shortly", null);
      }
      throw new DriverException.NotFound("inspect", AwsErrors.INSTANCE_NOT_FOUND, "instance " + id
          + " was not found in region " + region, null);
    }
    return found.get();
  }

  private List<AttachedVolume> ebsVolumes(Instance instance) {
    List<InstanceBlockDeviceMapping> mappings = instance.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null).toList();
    if (mappings.isEmpty()) {
      return List.of();
    }
    Map<String, Volume> byId = new HashMap<>();
    try {
      for (DescribeVolumesResponse page : ec2.describeVolumesPaginator(
          r -> r.volumeIds(mappings.stream().map(m -> m.ebs().volumeId()).toList()))) {
        for (Volume v : page.volumes()) {
          byId.put(v.volumeId(), v);
        }
      }
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeVolumes", "the volumes of instance " + instance.instanceId(), e);
    }
    List<AttachedVolume> out = new ArrayList<>();
    for (InstanceBlockDeviceMapping m : mappings) {
      Volume v = byId.get(m.ebs().volumeId());
      int size = v == null || v.size() == null ? 0 : v.size();
      Map<String, String> tags = v == null ? Map.of() : InstanceMapping.tags(v.tags());
      boolean root = m.deviceName() != null && m.deviceName().equals(instance.rootDeviceName());
      out.add(new AttachedVolume(m.ebs().volumeId(), m.deviceName(), size, root,
          Boolean.TRUE.equals(m.ebs().deleteOnTermination()), false, tags));
    }
    return out;
  }

  /** Elastic IPs associated with the instance: public address to allocation id. */
  private Map<String, String> elasticAddresses(InstanceId id) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try {
      for (var a : ec2.describeAddresses(r -> r.filters(AwsDriver.filter("instance-id", id.value()))).addresses()) {
        if (a.publicIp() != null && id.value().equals(a.instanceId())) {
          out.put(a.publicIp(), a.allocationId());
        }
      }
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeAddresses", "the addresses of instance " + id, e);
    }
    return out;
  }
}
