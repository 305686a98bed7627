package io.immut.driver.aws;

import io.immut.spi.InstanceInspection.AttachedVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.DiskInfo;
import software.amazon.awssdk.services.ec2.model.EphemeralNvmeSupport;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * The instance-store disks of an instance, lost with it whatever any flag says. Their number and
 * sizes come from the instance type ({@code DescribeInstanceTypes}). NVMe instance store is always
 * attached; the older kind only as far as the image's block device mapping maps
 * {@code ephemeralN} virtual devices ({@code DescribeImages}); when the image is gone, every disk
 * of the type is reported, the safe side for the state checks. Both lookups are remembered: a
 * type's disks and an image's mapping never change.
 */
final class InstanceStore {
  private static final Logger log = LoggerFactory.getLogger(InstanceStore.class);

  private record Disks(List<Integer> sizes, boolean alwaysAttached) {}

  private final Ec2Client ec2;
  private final AwsErrors errors;
  private final Map<String, Disks> byType = new ConcurrentHashMap<>();
  private final Map<String, Integer> ephemeralMappingsByImage = new ConcurrentHashMap<>();

  InstanceStore(Ec2Client ec2, AwsErrors errors) {
    this.ec2 = ec2;
    this.errors = errors;
  }

  List<AttachedVolume> volumes(Instance instance) {
    Disks disks = byType.get(instance.instanceTypeAsString());
    if (disks == null) {
      // looked up outside the map's lock: it is a network call
      disks = disks(instance.instanceTypeAsString());
      byType.put(instance.instanceTypeAsString(), disks);
    }
    int attached = disks.sizes().size();
    if (attached > 0 && !disks.alwaysAttached()) {
      attached = Math.min(attached, ephemeralMappings(instance.imageId()));
    }
    List<AttachedVolume> out = new ArrayList<>();
    boolean rootOnStore = instance.rootDeviceType() == DeviceType.INSTANCE_STORE;
    for (int i = 0; i < attached; i++) {
      out.add(new AttachedVolume("ephemeral" + i, rootOnStore && i == 0 ? instance.rootDeviceName() : null,
          disks.sizes().get(i), rootOnStore && i == 0, true, true, Map.of()));
    }
    return out;
  }

  private Disks disks(String type) {
    DescribeInstanceTypesResponse response;
    try {
      response = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(type));
    } catch (SdkException e) {
      if (AwsErrors.UNSUPPORTED.contains(AwsErrors.code(e))) {
        log.warn("EC2 does not describe instance type {} ({}): its instance-store disks, if any, are not reported", type,
            AwsErrors.code(e));
        return new Disks(List.of(), true);
      }
      throw errors.map("inspect", "DescribeInstanceTypes", "instance type " + type, e);
    }
    List<Integer> sizes = new ArrayList<>();
    boolean nvme = true;
    for (InstanceTypeInfo info : response.instanceTypes()) {
      if (Boolean.TRUE.equals(info.instanceStorageSupported()) && info.instanceStorageInfo() != null) {
        nvme = info.instanceStorageInfo().nvmeSupport() != EphemeralNvmeSupport.UNSUPPORTED;
        for (DiskInfo disk : info.instanceStorageInfo().disks()) {
          int count = disk.count() == null ? 1 : disk.count();
          for (int i = 0; i < count; i++) {
            sizes.add(disk.sizeInGB() == null ? 0 : disk.sizeInGB().intValue());
          }
        }
      }
    }
    return new Disks(List.copyOf(sizes), nvme);
  }

  /** How many {@code ephemeralN} devices the image maps; all of them when the image is gone. */
  private int ephemeralMappings(String imageId) {
    Integer known = ephemeralMappingsByImage.get(imageId);
    if (known != null) {
      return known;
    }
    int count = Integer.MAX_VALUE;
    try {
      for (DescribeImagesResponse page : ec2.describeImagesPaginator(r -> r.imageIds(imageId))) {
        for (var image : page.images()) {
          count = (int) image.blockDeviceMappings().stream().map(BlockDeviceMapping::virtualName)
              .filter(v -> v != null && v.startsWith("ephemeral")).count();
        }
      }
    } catch (SdkException e) {
      String code = AwsErrors.code(e);
      if (code == null || !code.startsWith("InvalidAMIID.")) {
        throw errors.map("inspect", "DescribeImages", "image " + imageId, e);
      }
    }
    ephemeralMappingsByImage.put(imageId, count);
    return count;
  }
}
