package io.immut.driver.aws.local;

import io.immut.driver.aws.local.Ec2Model.Address;
import io.immut.driver.aws.local.Ec2Model.Image;
import io.immut.driver.aws.local.Ec2Model.Volume;
import java.util.List;
import java.util.Map;

/** The describe actions of the local EC2 for images, volumes, addresses and instance types. */
final class Ec2Resources {
  private static final String NS = Ec2Service.NS;
  private final Ec2Service ec2;

  Ec2Resources(Ec2Service ec2) {
    this.ec2 = ec2;
  }

  String describeImages(QueryRequest q) {
    List<String> ids = q.list("ImageId");
    List<String> owners = q.list("Owner");
    Map<String, List<String>> filters = q.filters();
    for (String id : ids) {
      ec2.image(id);
    }
    List<Image> found = ec2.images.values().stream()
        .filter(im -> ids.isEmpty() || ids.contains(im.id))
        .filter(im -> owners.isEmpty() || owners.stream().anyMatch(o -> o.equals(im.owner)
            || o.equals("self") && Ec2Service.ACCOUNT.equals(im.owner) || o.equals(im.ownerAlias)))
        .filter(im -> filters.entrySet().stream().allMatch(f -> switch (f.getKey()) {
          case "name" -> f.getValue().stream().anyMatch(p -> Ec2Service.wildcard(p, im.name));
          case "image-id" -> f.getValue().contains(im.id);
          case "state" -> f.getValue().contains(im.state);
          default -> throw QueryError.invalidParameter("The filter '" + f.getKey() + "' is invalid");
        }))
        .toList();
    Xml x = new Xml().open("DescribeImagesResponse", NS).el("requestId", LocalEc2.requestId()).open("imagesSet");
    for (Image im : found) {
      x.open("item").el("imageId", im.id).el("imageLocation", im.owner + "/" + im.name).el("imageState", im.state)
          .el("imageOwnerId", im.owner).el("creationDate", im.creationDate).el("isPublic", false)
          .el("architecture", "x86_64").el("imageType", "machine").el("name", im.name)
          .el("rootDeviceType", "ebs").el("rootDeviceName", im.rootDeviceName)
          .open("blockDeviceMapping").open("item").el("deviceName", im.rootDeviceName).open("ebs")
          .el("snapshotId", "snap-" + im.id.substring(4)).el("volumeSize", im.rootSize).el("deleteOnTermination", true)
          .el("volumeType", "gp3").el("encrypted", false).close("ebs").close("item");
      for (int n = 0; n < im.ephemeral; n++) {
        x.open("item").el("deviceName", "/dev/sd" + (char) ('b' + n)).el("virtualName", "ephemeral" + n).close("item");
      }
      x.close("blockDeviceMapping")
          .el("virtualizationType", "hvm").open("tagSet");
      for (Map.Entry<String, String> t : im.tags.entrySet()) {
        x.open("item").el("key", t.getKey()).el("value", t.getValue()).close("item");
      }
      x.close("tagSet").el("hypervisor", "xen").el("enaSupport", true).close("item");
    }
    return x.close("imagesSet").close("DescribeImagesResponse").toString();
  }

  // ------------------------------------------------------------------ DescribeVolumes

  String describeVolumes(QueryRequest q) {
    List<String> ids = q.list("VolumeId");
    List<String> missing = ids.stream().filter(id -> !ec2.volumes.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      throw QueryError.badRequest("InvalidVolume.NotFound", "The volume" + (missing.size() == 1 ? " '" : "s '")
          + String.join(", ", missing) + (missing.size() == 1 ? "' does not exist." : "' do not exist."));
    }
    Map<String, List<String>> filters = q.filters();
    List<Volume> found = ec2.volumes.values().stream()
        .filter(v -> ids.isEmpty() || ids.contains(v.id))
        .filter(v -> filters.entrySet().stream().allMatch(f -> switch (f.getKey()) {
          case "attachment.instance-id" -> f.getValue().contains(v.instanceId);
          case "volume-id" -> f.getValue().contains(v.id);
          default -> throw QueryError.invalidParameter("The filter '" + f.getKey() + "' is invalid");
        }))
        .toList();
    Xml x = new Xml().open("DescribeVolumesResponse", NS).el("requestId", LocalEc2.requestId()).open("volumeSet");
    for (Volume v : found) {
      x.open("item").el("volumeId", v.id).el("size", v.size).el("snapshotId", "").el("availabilityZone", v.zone)
          .el("status", v.state).el("createTime", v.createTime).open("attachmentSet");
      if (v.instanceId != null) {
        x.open("item").el("volumeId", v.id).el("instanceId", v.instanceId).el("device", v.device).el("status", "attached")
            .el("attachTime", v.createTime).el("deleteOnTermination", v.deleteOnTermination).close("item");
      }
      x.close("attachmentSet").open("tagSet");
      for (Map.Entry<String, String> t : v.tags.entrySet()) {
        x.open("item").el("key", t.getKey()).el("value", t.getValue()).close("item");
      }
      x.close("tagSet").el("volumeType", v.type).el("iops", 3000).el("encrypted", false).el("throughput", 125)
          .el("multiAttachEnabled", false).close("item");
    }
    return x.close("volumeSet").close("DescribeVolumesResponse").toString();
  }

  // ------------------------------------------------------------------ DescribeAddresses

  String describeAddresses(QueryRequest q) {
    Map<String, List<String>> filters = q.filters();
    List<String> allocations = q.list("AllocationId");
    List<Address> found = ec2.addresses.values().stream()
        .filter(a -> allocations.isEmpty() || allocations.contains(a.allocationId))
        .filter(a -> filters.entrySet().stream().allMatch(f -> switch (f.getKey()) {
          case "instance-id" -> f.getValue().contains(a.instanceId);
          case "allocation-id" -> f.getValue().contains(a.allocationId);
          case "public-ip" -> f.getValue().contains(a.publicIp);
          default -> throw QueryError.invalidParameter("The filter '" + f.getKey() + "' is invalid");
        }))
        .toList();
    Xml x = new Xml().open("DescribeAddressesResponse", NS).el("requestId", LocalEc2.requestId()).open("addressesSet");
    for (Address a : found) {
      x.open("item").el("publicIp", a.publicIp).el("allocationId", a.allocationId).el("domain", "vpc")
          .el("instanceId", a.instanceId).el("associationId", a.associationId)
          .el("networkBorderGroup", ec2.region).el("publicIpv4Pool", "amazon").close("item");
    }
    return x.close("addressesSet").close("DescribeAddressesResponse").toString();
  }

  // ------------------------------------------------------------------ DescribeInstanceTypes

  String describeInstanceTypes(QueryRequest q) {
    List<String> asked = q.list("InstanceType");
    List<String> unknown = asked.stream().filter(t -> !ec2.types.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      throw QueryError.badRequest("InvalidInstanceType", "The following supplied instance types do not exist: ["
          + String.join(", ", unknown) + "]");
    }
    Xml x = new Xml().open("DescribeInstanceTypesResponse", NS).el("requestId", LocalEc2.requestId()).open("instanceTypeSet");
    for (String t : asked.isEmpty() ? List.copyOf(ec2.types.keySet()) : asked) {
      List<Integer> disks = ec2.types.get(t);
      x.open("item").el("instanceType", t).el("currentGeneration", true).el("instanceStorageSupported", !disks.isEmpty());
      if (!disks.isEmpty()) {
        x.open("instanceStorageInfo").el("totalSizeInGB", disks.stream().mapToInt(Integer::intValue).sum()).open("disks")
            .open("item").el("sizeInGB", disks.get(0)).el("count", disks.size()).el("type", "ssd").close("item")
            .close("disks").el("nvmeSupport", ec2.olderInstanceStore.contains(t) ? "unsupported" : "required")
            .close("instanceStorageInfo");
      }
      x.close("item");
    }
    return x.close("instanceTypeSet").close("DescribeInstanceTypesResponse").toString();
  }
}
