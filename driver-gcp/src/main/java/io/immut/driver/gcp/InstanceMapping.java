package io.immut.driver.gcp;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.NetworkInterface;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.Ownership;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads Compute Engine instances as immut's views and inspections. */
final class InstanceMapping {
  private InstanceMapping() {}

  /**
   * GCE's statuses in immut's terms. {@code TERMINATED} is GCE's word for stopped (the instance and
   * its disks still exist); {@code SUSPENDED} is stopped with memory kept; {@code REPAIRING} is a
   * running instance that Compute Engine is recovering (listed RUNNING, health UNHEALTHY).
   */
  static InstanceState state(String status) {
    return switch (status) {
      case "PROVISIONING", "STAGING", "PENDING" -> InstanceState.PROVISIONING;
      case "RUNNING", "REPAIRING" -> InstanceState.RUNNING;
      case "STOPPING", "SUSPENDING", "PENDING_STOP" -> InstanceState.STOPPING;
      case "TERMINATED", "STOPPED", "SUSPENDED" -> InstanceState.STOPPED;
      default -> InstanceState.PROVISIONING;
    };
  }

  static String zone(Instance i) {
    return GcpNames.lastSegment(i.getZone());
  }

  static InstanceId id(Instance i) {
    return GcpNames.id(zone(i), i.getName());
  }

  static String imageId(Instance i) {
    for (Items item : i.getMetadata().getItemsList()) {
      if (item.getKey().equals(LaunchMapping.IMAGE_KEY)) {
        return item.getValue();
      }
    }
    return null;
  }

  /** The view of an owned instance, or empty when its labels carry no ownership. */
  static Optional<InstanceView> view(Instance i) {
    Optional<Ownership> ownership = GcpNames.KEYS.decode(i.getLabelsMap());
    if (ownership.isEmpty()) {
      return Optional.empty();
    }
    NetworkInterface nic = i.getNetworkInterfacesCount() == 0 ? null : i.getNetworkInterfaces(0);
    String publicIp = nic == null || nic.getAccessConfigsCount() == 0 || !nic.getAccessConfigs(0).hasNatIP() ? null
        : nic.getAccessConfigs(0).getNatIP();
    return Optional.of(InstanceView.builder()
        .id(id(i))
        .ownership(ownership.get())
        .state(state(i.getStatus()))
        .health(i.getStatus().equals("REPAIRING") ? HealthStatus.UNHEALTHY : HealthStatus.UNKNOWN)
        .instanceType(GcpNames.lastSegment(i.getMachineType()))
        .imageId(imageId(i))
        .tags(GcpNames.fromGce(i.getLabelsMap()))
        .zone(zone(i))
        .launchedAt(instant(i.getCreationTimestamp()))
        .privateAddress(nic == null || !nic.hasNetworkIP() ? null : nic.getNetworkIP())
        .publicAddress(publicIp)
        .build());
  }

  static InstanceInspection inspection(Instance i) {
    return inspection(i, Map.of());
  }

  /** Whether any network interface of the instance has an external (NAT) IP. */
  static boolean hasExternalIp(Instance i) {
    return i.getNetworkInterfacesList().stream()
        .anyMatch(nic -> nic.getAccessConfigsList().stream().anyMatch(AccessConfig::hasNatIP));
  }

  /**
   * An instance's inspection.
   *
   * @param staticIps the region's static external addresses in use, IP to address
   */
  static InstanceInspection inspection(Instance i, Map<String, String> staticIps) {
    List<InstanceInspection.AttachedVolume> volumes = new ArrayList<>();
    List<InstanceInspection.BoundResource> bound = new ArrayList<>();
    for (AttachedDisk d : i.getDisksList()) {
      boolean scratch = d.getType().equals("SCRATCH");
      String id = d.hasSource() ? partial(d.getSource()) : i.getName() + "/" + d.getDeviceName();
      volumes.add(new InstanceInspection.AttachedVolume(id, d.getDeviceName(), (int) d.getDiskSizeGb(), d.getBoot(),
          scratch || d.getAutoDelete(), scratch, null));
      if (!scratch && !d.getAutoDelete()) {
        bound.add(new InstanceInspection.BoundResource("disk", id, "persistent disk kept when the instance is deleted"
            + " (autoDelete false)"));
      }
    }
    List<InstanceInspection.Address> addresses = new ArrayList<>();
    for (NetworkInterface nic : i.getNetworkInterfacesList()) {
      if (nic.hasNetworkIP()) {
        addresses.add(new InstanceInspection.Address(nic.getNetworkIP(), false, false, nic.getName()));
      }
      for (AccessConfig ac : nic.getAccessConfigsList()) {
        if (ac.hasNatIP()) {
          String reserved = staticIps.get(ac.getNatIP());
          addresses.add(new InstanceInspection.Address(ac.getNatIP(), true, reserved != null,
              reserved != null ? reserved : ac.getName()));
        }
      }
    }
    // The service account is not bound: it outlives the instance and the spec gives it to the replacement.
    for (String policy : i.getResourcePoliciesList()) {
      bound.add(new InstanceInspection.BoundResource("resource-policy", partial(policy), "attached resource policy"));
    }
    return new InstanceInspection(id(i), GcpNames.lastSegment(i.getMachineType()), imageId(i), i.getLabelsMap(), volumes,
        addresses, bound, state(i.getStatus()));
  }

  /** {@code projects/p/zones/z/disks/d} from a full resource URL. */
  static String partial(String url) {
    int at = url.indexOf("projects/");
    return at < 0 ? url : url.substring(at);
  }

  static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
