package io.immut.driver.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DataDisk;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ARM's virtual machines (and their NICs and public IPs) into the SPI's views: states from
 * {@code provisioningState} and the instance view's {@code PowerState/*}, the failure of a VM
 * whose creation failed from its {@code ProvisioningState/failed/<code>} status.
 */
final class VmViews {
  private static final String FAILED_PREFIX = "ProvisioningState/failed/";

  private VmViews() {}

  /** The NICs and public IPs of the resource group, by lower-cased resource id. */
  record Network(Map<String, NetworkInterfaceInner> nics, Map<String, PublicIpAddressInner> ips) {
    static final Network NONE = new Network(Map.of(), Map.of());

    NetworkInterfaceInner nic(String id) {
      return id == null ? null : nics.get(id.toLowerCase(Locale.ROOT));
    }

    PublicIpAddressInner ip(String id) {
      return id == null ? null : ips.get(id.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The state an inspection reports: the VM's, when the answer says it (an instance view, or a
   * provisioning state that alone decides); null when a GET without the instance view leaves the
   * power state unknown.
   */
  static InstanceState inspectedState(VirtualMachineInner vm) {
    String provisioning = vm.provisioningState() == null ? "" : vm.provisioningState();
    boolean decided = provisioning.equals("Failed") || provisioning.equals("Deleting") || provisioning.equals("Creating");
    return decided || vm.instanceView() != null ? state(vm) : null;
  }

  static InstanceState state(VirtualMachineInner vm) {
    String provisioning = vm.provisioningState() == null ? "" : vm.provisioningState();
    switch (provisioning) {
      case "Failed":
        return InstanceState.FAILED;
      case "Deleting":
        return InstanceState.TERMINATING;
      case "Creating":
        return InstanceState.PROVISIONING;
      default:
        break;
    }
    String power = null;
    if (vm.instanceView() != null && vm.instanceView().statuses() != null) {
      for (InstanceViewStatus s : vm.instanceView().statuses()) {
        if (s.code() != null && s.code().startsWith("PowerState/")) {
          power = s.code().substring("PowerState/".length());
        }
      }
    }
    if (power == null) {
      return "Succeeded".equals(provisioning) ? InstanceState.RUNNING : InstanceState.PROVISIONING;
    }
    return switch (power) {
      case "running" -> InstanceState.RUNNING;
      case "starting" -> InstanceState.PROVISIONING;
      case "stopping", "deallocating" -> InstanceState.STOPPING;
      case "stopped", "deallocated" -> InstanceState.STOPPED;
      default -> InstanceState.PROVISIONING;
    };
  }

  /** The failure of a VM whose provisioning failed, from its instance view's status. */
  static LaunchFailure failure(VirtualMachineInner vm) {
    if (vm.instanceView() != null && vm.instanceView().statuses() != null) {
      for (InstanceViewStatus s : vm.instanceView().statuses()) {
        if (s.code() != null && s.code().startsWith(FAILED_PREFIX)) {
          return AzureErrors.launchFailure(s.code().substring(FAILED_PREFIX.length()), s.message());
        }
      }
    }
    return AzureErrors.launchFailure(null, "Azure reports provisioningState Failed without a reason in the instance view");
  }

  /**
   * The health Azure reports: the Application Health extension's {@code HealthState/*} when the VM
   * has one, else the VM agent's readiness (the guest booted and its agent reports {@code Ready}),
   * the nearest to EC2's status checks; unknown while neither tells.
   */
  static HealthStatus health(VirtualMachineInner vm, InstanceState state) {
    if (state != InstanceState.RUNNING || vm.instanceView() == null) {
      return HealthStatus.UNKNOWN;
    }
    var view = vm.instanceView();
    if (view.vmHealth() != null && view.vmHealth().status() != null && view.vmHealth().status().code() != null) {
      String code = view.vmHealth().status().code();
      if (code.equalsIgnoreCase("HealthState/healthy")) {
        return HealthStatus.HEALTHY;
      }
      if (code.equalsIgnoreCase("HealthState/unhealthy")) {
        return HealthStatus.UNHEALTHY;
      }
      return HealthStatus.UNKNOWN;
    }
    if (view.vmAgent() != null && view.vmAgent().statuses() != null) {
      for (InstanceViewStatus s : view.vmAgent().statuses()) {
        if ("ProvisioningState/succeeded".equalsIgnoreCase(s.code()) && "Ready".equalsIgnoreCase(s.displayStatus())) {
          return HealthStatus.HEALTHY;
        }
      }
    }
    return HealthStatus.UNKNOWN;
  }

  static String imageId(VirtualMachineInner vm) {
    ImageReference ref = vm.storageProfile() == null ? null : vm.storageProfile().imageReference();
    if (ref == null) {
      return null;
    }
    if (ref.id() != null) {
      return ref.id();
    }
    return ref.publisher() + ":" + ref.offer() + ":" + ref.sku() + ":" + ref.version();
  }

  static InstanceView view(VirtualMachineInner vm, Ownership ownership, OwnershipKeys keys, Network network,
                           Instant fallbackLaunch) {
    InstanceState state = state(vm);
    Map<String, String> labels = new LinkedHashMap<>(keys.labels(vm.tags() == null ? Map.of() : vm.tags()));
    labels.remove(VmRequests.TOKEN_TAG);
    String[] addresses = addresses(vm, network);
    InstanceView.Builder b = InstanceView.builder().id(InstanceId.of(vm.name())).ownership(ownership).state(state)
        .health(health(vm, state)).instanceType(vm.hardwareProfile() == null ? null
            : vm.hardwareProfile().vmSize().toString())
        .imageId(imageId(vm)).tags(labels)
        .zone(vm.zones() == null || vm.zones().isEmpty() ? null : vm.zones().get(0))
        .launchedAt(vm.timeCreated() == null ? fallbackLaunch : vm.timeCreated().toInstant())
        .privateAddress(addresses[0]).publicAddress(addresses[1]);
    if (state == InstanceState.FAILED) {
      b.failure(failure(vm));
    }
    return b.build();
  }

  /** The VM's first private address, from its NICs, or null. */
  static String privateAddress(VirtualMachineInner vm, Network network) {
    return addresses(vm, network)[0];
  }

  private static String[] addresses(VirtualMachineInner vm, Network network) {
    String[] out = new String[2];
    for (NetworkInterfaceInner nic : nics(vm, network)) {
      for (NetworkInterfaceIpConfigurationInner ip : nic.ipConfigurations() == null
          ? List.<NetworkInterfaceIpConfigurationInner>of() : nic.ipConfigurations()) {
        if (out[0] == null) {
          out[0] = ip.privateIpAddress();
        }
        PublicIpAddressInner pip = ip.publicIpAddress() == null ? null : network.ip(ip.publicIpAddress().id());
        if (out[1] == null && pip != null) {
          out[1] = pip.ipAddress();
        }
      }
    }
    return out;
  }

  private static List<NetworkInterfaceInner> nics(VirtualMachineInner vm, Network network) {
    List<NetworkInterfaceInner> out = new ArrayList<>();
    if (vm.networkProfile() != null && vm.networkProfile().networkInterfaces() != null) {
      for (NetworkInterfaceReference ref : vm.networkProfile().networkInterfaces()) {
        NetworkInterfaceInner nic = network.nic(ref.id());
        if (nic != null) {
          out.add(nic);
        }
      }
    }
    return out;
  }

  static InstanceInspection inspection(VirtualMachineInner vm, Network network, int resourceDiskGib) {
    List<InstanceInspection.AttachedVolume> volumes = new ArrayList<>();
    List<InstanceInspection.BoundResource> bound = new ArrayList<>();

    if (vm.storageProfile() != null) {
      OSDisk os = vm.storageProfile().osDisk();
      if (os != null) {
        volumes.add(new InstanceInspection.AttachedVolume(diskId(os.managedDisk() == null ? null : os.managedDisk().id(),
            os.name()), "os", size(os.diskSizeGB()), true, DiskDeleteOptionTypes.DELETE.equals(os.deleteOption()),
            false, Map.of()));
      }
      for (DataDisk d : vm.storageProfile().dataDisks() == null ? List.<DataDisk>of() : vm.storageProfile().dataDisks()) {
        boolean deletes = DiskDeleteOptionTypes.DELETE.equals(d.deleteOption());
        String id = diskId(d.managedDisk() == null ? null : d.managedDisk().id(), d.name());
        volumes.add(new InstanceInspection.AttachedVolume(id, "lun" + d.lun(), size(d.diskSizeGB()), false, deletes,
            false, Map.of()));
        if (!deletes) {
          bound.add(new InstanceInspection.BoundResource("managed-disk", id, "data disk at LUN " + d.lun()
              + ", kept when the VM is deleted (deleteOption Detach)"));
        }
      }
    }
    if (resourceDiskGib > 0) {
      // the size's temporary disk: not in the VM's model, lost with the VM (as an instance store);
      // listed after the disks the spec declared, which the state check pairs in launch order
      volumes.add(new InstanceInspection.AttachedVolume(vm.name() + "/resource-disk", "resource disk", resourceDiskGib,
          false, true, true, Map.of()));
    }
    List<InstanceInspection.Address> addresses = new ArrayList<>();
    if (vm.networkProfile() != null && vm.networkProfile().networkInterfaces() != null) {
      for (NetworkInterfaceReference ref : vm.networkProfile().networkInterfaces()) {
        // Only what a replacement loses or leaves behind is bound: a NIC deleted with the VM is
        // created anew with the replacement, one kept (Detach) stays behind
        if (!DeleteOptions.DELETE.equals(ref.deleteOption())) {
          bound.add(new InstanceInspection.BoundResource("network-interface", ref.id(),
              "kept when the VM is deleted (deleteOption Detach): it stays behind, and the replacement does not use it"));
        }
        NetworkInterfaceInner nic = network.nic(ref.id());
        if (nic == null || nic.ipConfigurations() == null) {
          continue;
        }
        for (NetworkInterfaceIpConfigurationInner ip : nic.ipConfigurations()) {
          if (ip.privateIpAddress() != null) {
            addresses.add(new InstanceInspection.Address(ip.privateIpAddress(), false,
                "Static".equalsIgnoreCase(String.valueOf(ip.privateIpAllocationMethod())), null));
          }
          PublicIpAddressInner pip = ip.publicIpAddress() == null ? null : network.ip(ip.publicIpAddress().id());
          if (pip != null && pip.ipAddress() != null) {
            addresses.add(new InstanceInspection.Address(pip.ipAddress(), true,
                "Static".equalsIgnoreCase(String.valueOf(pip.publicIpAllocationMethod())), pip.id()));
            boolean ipDeletes = pip.deleteOption() != null && "Delete".equalsIgnoreCase(pip.deleteOption().toString());
            if (!ipDeletes) {
              bound.add(new InstanceInspection.BoundResource("public-ip", pip.id(),
                  "kept when the VM is deleted: it stays behind, and the replacement gets another address"));
            }
          }
        }
      }
    }
    VirtualMachineIdentity identity = vm.identity();
    if (identity != null && identity.type() != null && identity.type().toString().contains("SystemAssigned")) {
      bound.add(new InstanceInspection.BoundResource("managed-identity",
          identity.principalId() == null ? vm.name() + "/system-assigned" : identity.principalId(),
          "system-assigned identity: deleted with the VM, and the replacement gets a new principal, so the role"
              + " assignments and access policies granted to this one do not carry over (a user-assigned identity in"
              + " placement.instanceProfile does)"));
    }
    return new InstanceInspection(InstanceId.of(vm.name()), vm.hardwareProfile() == null ? null
        : vm.hardwareProfile().vmSize().toString(), imageId(vm), vm.tags() == null ? Map.of() : vm.tags(), volumes,
        addresses, bound, inspectedState(vm));
  }

  private static String diskId(String id, String name) {
    return id != null ? id : name;
  }

  private static int size(Integer gb) {
    return gb == null ? 0 : gb;
  }
}
