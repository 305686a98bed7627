package io.immut.driver.aws;

import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.spi.DriverException;
import io.immut.api.SpecProblem;
import io.immut.spi.LaunchRequest;
import io.immut.spi.OwnershipKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Turns a {@link LaunchRequest} into the one {@code RunInstances} call that launches it: the
 * launch token as {@code ClientToken}, {@code MinCount} 1 and {@code MaxCount} N (so that a short
 * launch is reported, not refused), the ownership tags on the instances and on their volumes, the
 * spec's volumes as block device mappings, base64 user data, and the placement.
 *
 * <p>Placement: {@code subnet} is the subnet id; {@code securityGroups} are ids ({@code sg-…}) or,
 * in a default VPC without a subnet, names; {@code sshKey} is the key pair name;
 * {@code instanceProfile} is an instance profile ARN or name; {@code zones} are used when there is
 * no subnet (a subnet fixes its zone), one per launch, chosen from the token so that a retry asks
 * for the same zone. Placement properties: {@code placementGroup}, {@code tenancy},
 * {@code volumeType}.
 */
final class LaunchMapping {
  /** The placement properties the driver understands. */
  static final Set<String> PLACEMENT_PROPERTIES = Set.of("placementGroup", "tenancy", "volumeType");
  /** EC2's tenancies. */
  private static final Set<String> TENANCIES = Set.of("default", "dedicated", "host");
  /** Device names EC2 recommends for EBS data volumes on HVM instances. */
  private static final String DATA_DEVICE_LETTERS = "fghijklmnop";

  private LaunchMapping() {}

  /**
   * The client token of the follow-up request for the instances a short launch did not get: derived
   * from the launch's token, so that a retried launch repeats the follow-up idempotently too.
   */
  static String remainderToken(io.immut.spi.LaunchToken token) {
    String value = token.value();
    if (value.length() <= 59) {
      return value + ".rest";
    }
    return value.substring(0, 40) + ".rest." + token.uuid().toString().substring(0, 8);
  }

  /**
   * What EC2 cannot launch in a generation spec, found without a cloud call: placement properties the
   * driver does not know, a tenancy EC2 does not offer, security group names beside a subnet, an
   * {@code EXTERNAL} volume located on an EBS volume (which attaches to one instance at a time), more
   * data volumes than free devices. Paths are relative to the generation spec.
   *
   * @param spec the generation spec
   * @return every problem, or empty
   */
  static List<SpecProblem> problems(GenerationSpec spec) {
    List<SpecProblem> out = new ArrayList<>();
    Placement placement = spec.placement();
    for (String key : new TreeSet<>(placement.properties().keySet())) {
      if (!PLACEMENT_PROPERTIES.contains(key)) {
        out.add(new SpecProblem("placement.properties." + key, "is not a property the aws driver knows",
            "one of " + new TreeSet<>(PLACEMENT_PROPERTIES)));
      }
    }
    String tenancy = placement.properties().get("tenancy");
    if (tenancy != null && !TENANCIES.contains(tenancy)) {
      out.add(new SpecProblem("placement.properties.tenancy", "'" + tenancy + "' is not an EC2 tenancy",
          "one of " + new TreeSet<>(TENANCIES)));
    }
    List<String> names = placement.securityGroups().stream().filter(g -> !g.startsWith("sg-")).toList();
    if (!names.isEmpty() && placement.subnet() != null) {
      out.add(new SpecProblem("placement.securityGroups", names + " are names, but EC2 takes only security group ids"
          + " together with a subnet", "security group ids (sg-...)"));
    }
    int data = 0;
    for (int i = 0; i < spec.volumes().size(); i++) {
      VolumeSpec v = spec.volumes().get(i);
      if (v.persistence() == io.immut.api.Persistence.EXTERNAL) {
        String location = v.location() == null ? "" : v.location();
        if (location.startsWith("vol-") || location.startsWith("arn:aws:ec2:")) {
          out.add(new SpecProblem("volumes[" + i + "].location", "names an EBS volume, which attaches to one instance"
              + " at a time and cannot follow a fleet's replacements", "a share the instances mount from their user data,"
              + " such as efs://fs-0abc/web, nfs://files.internal/web or fsx://fs-0abc"));
        }
      } else if (!v.root() && v.device() == null) {
        data++;
      }
    }
    if (data > DATA_DEVICE_LETTERS.length()) {
      out.add(new SpecProblem("volumes", data + " data volumes without a device, more than the free devices /dev/sdf"
          + " to /dev/sdp", "at most " + DATA_DEVICE_LETTERS.length() + ", or devices of their own"));
    }
    return out;
  }

  /**
   * The RunInstances request of a launch.
   *
   * @param request the launch
   * @param rootDeviceName the image's root device name (for a root volume without a device), or null
   * @param config the driver's configuration
   * @return the request
   * @throws DriverException.InvalidRequest when the spec cannot be launched on EC2 as it is
   */
  static RunInstancesRequest runInstances(LaunchRequest request, String rootDeviceName, AwsDriverConfig config) {
    GenerationSpec spec = request.spec();
    Placement placement = spec.placement();
    List<SpecProblem> problems = problems(spec);
    if (!problems.isEmpty()) {
      throw new DriverException.InvalidRequest("launch", null, "the generation cannot be launched on EC2: "
          + problems.stream().map(SpecProblem::toString).collect(java.util.stream.Collectors.joining("; ")), null);
    }
    Map<String, String> tags = new TreeMap<>(request.tags(OwnershipKeys.COLON));
    List<Tag> sdkTags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    RunInstancesRequest.Builder b = RunInstancesRequest.builder()
        .clientToken(request.token().value())
        .imageId(request.image().id())
        .instanceType(spec.instanceType())
        .minCount(1)
        .maxCount(request.count())
        .tagSpecifications(
            TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(sdkTags).build(),
            TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(sdkTags).build());
    String volumeType = placement.properties().getOrDefault("volumeType", config.volumeType());
    List<BlockDeviceMapping> devices = blockDevices(spec.volumes(), rootDeviceName, volumeType);
    if (!devices.isEmpty()) {
      b.blockDeviceMappings(devices);
    }
    if (spec.userData() != null) {
      b.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
    }
    if (placement.subnet() != null) {
      b.subnetId(placement.subnet());
    }
    if (!placement.securityGroups().isEmpty()) {
      List<String> ids = placement.securityGroups().stream().filter(g -> g.startsWith("sg-")).toList();
      List<String> names = placement.securityGroups().stream().filter(g -> !g.startsWith("sg-")).toList();
      if (!names.isEmpty() && placement.subnet() != null) {
        throw new DriverException.InvalidRequest("launch", null, "placement.securityGroups " + names
            + " are names, but EC2 takes only security group ids (sg-…) together with a subnet; give the ids", null);
      }
      if (!ids.isEmpty()) {
        b.securityGroupIds(ids);
      }
      if (!names.isEmpty()) {
        b.securityGroups(names);
      }
    }
    if (placement.sshKey() != null) {
      b.keyName(placement.sshKey());
    }
    if (placement.instanceProfile() != null) {
      String profile = placement.instanceProfile();
      b.iamInstanceProfile(profile.startsWith("arn:")
          ? IamInstanceProfileSpecification.builder().arn(profile).build()
          : IamInstanceProfileSpecification.builder().name(profile).build());
    }
    software.amazon.awssdk.services.ec2.model.Placement.Builder where = null;
    if (placement.subnet() == null && !placement.zones().isEmpty()) {
      String zone = placement.zones().get(Math.floorMod(request.token().hashCode(), placement.zones().size()));
      where = software.amazon.awssdk.services.ec2.model.Placement.builder().availabilityZone(zone);
    }
    if (placement.properties().containsKey("placementGroup") || placement.properties().containsKey("tenancy")) {
      where = where == null ? software.amazon.awssdk.services.ec2.model.Placement.builder() : where;
      where.groupName(placement.properties().get("placementGroup"));
      where.tenancy(placement.properties().get("tenancy"));
    }
    if (where != null) {
      b.placement(where.build());
    }
    if (config.requireImdsV2()) {
      b.metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint(InstanceMetadataEndpointState.ENABLED));
    }
    return b.build();
  }

  /**
   * The block device mappings of a spec's volumes: the root volume on the image's root device,
   * data volumes on their own device or the next free one of {@code /dev/sdf} to {@code /dev/sdp},
   * deleted with the instance. An {@link io.immut.api.Persistence#EXTERNAL} volume gets no EBS
   * volume: its data lives at its {@code location} (a share the instance mounts from its user data),
   * and an empty volume created for it would only be left behind at every replacement.
   */
  static List<BlockDeviceMapping> blockDevices(List<VolumeSpec> volumes, String rootDeviceName, String volumeType) {
    Set<String> taken = new HashSet<>();
    for (VolumeSpec v : volumes) {
      if (v.device() != null) {
        taken.add(v.device());
      }
    }
    List<BlockDeviceMapping> out = new ArrayList<>();
    int next = 0;
    for (VolumeSpec v : volumes) {
      if (v.persistence() == io.immut.api.Persistence.EXTERNAL) {
        continue;
      }
      String device = v.device();
      if (device == null && v.root()) {
        if (rootDeviceName == null) {
          throw new DriverException.InvalidRequest("launch", null, "the root volume needs the image's root device name,"
              + " which EC2 did not report; give the root volume a device (such as /dev/xvda)", null);
        }
        device = rootDeviceName;
      }
      while (device == null) {
        if (next >= DATA_DEVICE_LETTERS.length()) {
          throw new DriverException.InvalidRequest("launch", null, "more data volumes than the free devices /dev/sdf"
              + " to /dev/sdp; give the volumes devices of their own", null);
        }
        String candidate = "/dev/sd" + DATA_DEVICE_LETTERS.charAt(next++);
        if (!taken.contains(candidate)) {
          device = candidate;
        }
      }
      taken.add(device);
      out.add(BlockDeviceMapping.builder()
          .deviceName(device)
          .ebs(EbsBlockDevice.builder().volumeSize(v.sizeGb()).deleteOnTermination(true)
              .volumeType(volumeType).build())
          .build());
    }
    return out;
  }
}
