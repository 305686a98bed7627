package io.immut.driver.aws;

import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import io.immut.spi.InstanceInspection.BoundResource;
import io.immut.spi.InstanceInspection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
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
  /** The most instances one batch describes: {@code DescribeInstances} takes up to 1,000 ids. */
  static final int BATCH = 1000;
  /** The most values EC2 accepts in one filter. */
  static final int FILTER_VALUES = 200;
  private static final int NOT_FOUND_RETRIES = 3;
  private static final Pattern ID_IN_MESSAGE = Pattern.compile("i-[0-9a-f]+");
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
    return inspection(id, instance, volumes(List.of(instance), "the volumes of instance " + id), elasticAddresses(id));
  }

  /**
   * Inspects many instances with a constant number of EC2 calls per {@value #BATCH} instances: one
   * {@code DescribeInstances} with all their ids (paginated), {@code DescribeVolumes} and
   * {@code DescribeAddresses} filtered by up to {@value #FILTER_VALUES} values each (EC2's limit per
   * filter), and the instance-type lookups cached as for {@link #inspect}.
   */
  Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids, String region) {
    List<InstanceId> distinct = List.copyOf(new LinkedHashSet<>(ids));
    Map<InstanceId, InstanceInspection> out = new LinkedHashMap<>();
    for (List<InstanceId> batch : chunks(distinct, BATCH)) {
      Map<String, Instance> found = describeAll(batch.stream().map(InstanceId::value).toList());
      for (InstanceId id : batch) {
        if (!found.containsKey(id.value()) && recent.contains(id.value())) {
          throw new DriverException.Transient("inspect", AwsErrors.INSTANCE_NOT_FOUND, "instance " + id
              + " was launched moments ago and EC2 does not show it yet (eventual consistency): retry shortly", null);
        }
      }
      if (found.isEmpty()) {
        continue;
      }
      String subject = found.size() + " instances";
      Map<String, Volume> volumes = volumes(found.values(), "the volumes of " + subject);
      Map<String, Map<String, String>> elastic = elasticAddresses(List.copyOf(found.keySet()), subject);
      for (InstanceId id : batch) {
        Instance instance = found.get(id.value());
        if (instance != null) {
          out.put(id, inspection(id, instance, volumes,
              new LinkedHashMap<>(elastic.getOrDefault(id.value(), Map.of()))));
        }
      }
    }
    return out;
  }

  private InstanceInspection inspection(InstanceId id, Instance instance, Map<String, Volume> volumesById,
      Map<String, String> elastic) {
    List<AttachedVolume> volumes = new ArrayList<>(ebsVolumes(instance, volumesById));
    volumes.addAll(instanceStore.volumes(instance));
    List<Address> addresses = new ArrayList<>();
    if (instance.privateIpAddress() != null) {
      addresses.add(new Address(instance.privateIpAddress(), false, false, null));
    }
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
        InstanceMapping.tags(instance.tags()), volumes, addresses, bound, InstanceMapping.state(instance));
  }

  /**
   * The instances EC2 knows among {@code ids}, by id. EC2 refuses the whole request with
   * {@code InvalidInstanceID.NotFound} when one id is unknown, naming the unknown ids in its
   * message: those are dropped and the request repeated. Should the message name none of them
   * (or instances keep disappearing), the ids are described through the {@code instance-id}
   * filter instead, which leaves unknown ids out without an error.
   */
  private Map<String, Instance> describeAll(List<String> ids) {
    List<String> remaining = new ArrayList<>(ids);
    for (int attempt = 0; attempt < NOT_FOUND_RETRIES && !remaining.isEmpty(); attempt++) {
      List<String> asked = List.copyOf(remaining);
      try {
        Map<String, Instance> out = new LinkedHashMap<>();
        for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(r -> r.instanceIds(asked))) {
          collect(page, asked, out);
        }
        return out;
      } catch (AwsServiceException e) {
        if (!AwsErrors.INSTANCE_NOT_FOUND.equals(AwsErrors.code(e))) {
          throw errors.map("inspect", "DescribeInstances", asked.size() + " instances", e);
        }
        List<String> named = namedIds(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage(), asked);
        if (named.isEmpty()) {
          break;
        }
        remaining.removeAll(named);
      } catch (SdkException e) {
        throw errors.map("inspect", "DescribeInstances", asked.size() + " instances", e);
      }
    }
    Map<String, Instance> out = new LinkedHashMap<>();
    if (remaining.isEmpty()) {
      return out;
    }
    try {
      for (List<String> chunk : chunks(remaining, FILTER_VALUES)) {
        for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(
            r -> r.filters(Filter.builder().name("instance-id").values(chunk).build()))) {
          collect(page, chunk, out);
        }
      }
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeInstances", remaining.size() + " instances", e);
    }
    return out;
  }

  private static void collect(DescribeInstancesResponse page, List<String> asked, Map<String, Instance> out) {
    Set<String> wanted = new HashSet<>(asked);
    for (Reservation r : page.reservations()) {
      for (Instance i : r.instances()) {
        if (wanted.contains(i.instanceId())) {
          out.putIfAbsent(i.instanceId(), i);
        }
      }
    }
  }

  /** The ids among {@code asked} that an {@code InvalidInstanceID.NotFound} message names. */
  static List<String> namedIds(String message, List<String> asked) {
    if (message == null) {
      return List.of();
    }
    Set<String> named = new HashSet<>();
    Matcher m = ID_IN_MESSAGE.matcher(message);
    while (m.find()) {
      named.add(m.group());
    }
    return asked.stream().filter(named::contains).toList();
  }

  static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      out.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return out;
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

  /**
   * The EBS volumes the instances map, by id, from {@code DescribeVolumes} filtered by
   * {@code volume-id} (at most {@value #FILTER_VALUES} values a call): a volume deleted meanwhile
   * is simply absent, reported with size 0 and no tags.
   */
  private Map<String, Volume> volumes(Collection<Instance> instances, String subject) {
    List<String> ids = instances.stream().flatMap(i -> i.blockDeviceMappings().stream())
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null).map(m -> m.ebs().volumeId()).distinct().toList();
    Map<String, Volume> byId = new HashMap<>();
    try {
      for (List<String> chunk : chunks(ids, FILTER_VALUES)) {
        for (DescribeVolumesResponse page : ec2.describeVolumesPaginator(
            r -> r.filters(Filter.builder().name("volume-id").values(chunk).build()))) {
          for (Volume v : page.volumes()) {
            byId.put(v.volumeId(), v);
          }
        }
      }
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeVolumes", subject, e);
    }
    return byId;
  }

  private static List<AttachedVolume> ebsVolumes(Instance instance, Map<String, Volume> byId) {
    List<InstanceBlockDeviceMapping> mappings = instance.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null).toList();
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
    return new LinkedHashMap<>(elasticAddresses(List.of(id.value()), "instance " + id)
        .getOrDefault(id.value(), Map.of()));
  }

  /** Elastic IPs associated with the instances: instance id to public address to allocation id. */
  private Map<String, Map<String, String>> elasticAddresses(List<String> instanceIds, String subject) {
    Map<String, Map<String, String>> out = new HashMap<>();
    Set<String> wanted = new HashSet<>(instanceIds);
    try {
      for (List<String> chunk : chunks(instanceIds, FILTER_VALUES)) {
        for (var a : ec2.describeAddresses(r -> r.filters(Filter.builder().name("instance-id").values(chunk).build()))
            .addresses()) {
          if (a.publicIp() != null && a.instanceId() != null && wanted.contains(a.instanceId())) {
            out.computeIfAbsent(a.instanceId(), k -> new LinkedHashMap<>()).put(a.publicIp(), a.allocationId());
          }
        }
      }
    } catch (SdkException e) {
      throw errors.map("inspect", "DescribeAddresses", "the addresses of " + subject, e);
    }
    return out;
  }
}
