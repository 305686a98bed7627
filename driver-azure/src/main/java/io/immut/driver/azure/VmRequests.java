package io.immut.driver.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DataDisk;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkApiVersion;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineNetworkInterfaceConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachineNetworkInterfaceIpConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachinePublicIpAddressConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import io.immut.api.GenerationSpec;
import io.immut.api.SpecProblem;
import io.immut.api.VolumeSpec;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.OwnershipKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The create-only PUT bodies of a launch: one VM per name derived from the launch token, with its
 * NIC, public IP (when asked) and disks declared inside the VM, each with a {@code deleteOption},
 * so that deleting the VM deletes everything the launch created but the volumes declared EXTERNAL.
 * No NIC or IP is created apart from its VM: a retried launch cannot leave one behind.
 */
final class VmRequests {
  /** The tag that carries the launch token, so that a 412 on a retry can be told apart from a collision. */
  static final String TOKEN_TAG = "immut:launch-token";
  /** Placement properties the driver reads. */
  static final Set<String> PROPERTIES = Set.of("publicIp", "priority");
  /** The suffix of a VM's NIC, which Azure names after its configuration. */
  static final String NIC_SUFFIX = "-nic";
  /** The suffix of a VM's public IP. */
  static final String IP_SUFFIX = "-ip";
  private static final Pattern SIZE = Pattern.compile("(Standard|Basic)_[A-Za-z0-9_-]+");
  private static final Pattern SUBNET = Pattern.compile(
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+");
  private static final Pattern NSG = Pattern.compile(
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/networkSecurityGroups/[^/]+");
  private static final Pattern DISK_ID = Pattern.compile(
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Compute/disks/[^/]+");
  private static final String NETWORK_API = "2022-11-01";
  /** {@code placement.instanceProfile} for a system-assigned identity. */
  static final String SYSTEM_IDENTITY = "system";
  private static final Pattern USER_IDENTITY = Pattern.compile(
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+");

  private final AzureDriverConfig config;

  VmRequests(AzureDriverConfig config) {
    this.config = config;
  }

  /** The names of a launch: deterministic from its token, valid VM and computer names. */
  List<String> names(LaunchRequest request) {
    LaunchToken.NameSyntax syntax = config.windows() ? LaunchToken.NameSyntax.AZURE_WINDOWS
        : LaunchToken.NameSyntax.AZURE_LINUX;
    return request.token().names(request.count(), request.ownership().fleet(), syntax);
  }

  /** What only the driver can judge in a spec; paths relative to the spec. */
  List<SpecProblem> check(GenerationSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    if (!SIZE.matcher(spec.instanceType()).matches()) {
      problems.add(new SpecProblem("instanceType", "'" + spec.instanceType() + "' is not an Azure VM size",
          "a size such as Standard_B1s or Standard_D2s_v5"));
    }
    String subnet = spec.placement().subnet() != null ? spec.placement().subnet() : config.subnet();
    if (subnet == null) {
      problems.add(new SpecProblem("placement.subnet", "is missing and the driver has no default subnet",
          "a subnet id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>,"
              + " or the driver property subnet"));
    } else if (!SUBNET.matcher(subnet).matches()) {
      problems.add(new SpecProblem("placement.subnet", "'" + subnet + "' is not a subnet id",
          "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"));
    }
    for (int i = 0; i < spec.placement().zones().size(); i++) {
      if (!spec.placement().zones().get(i).matches("[1-9]")) {
        problems.add(new SpecProblem("placement.zones[" + i + "]", "'" + spec.placement().zones().get(i)
            + "' is not an Azure availability zone", "1, 2 or 3"));
      }
    }
    if (spec.placement().securityGroups().size() > 1) {
      problems.add(new SpecProblem("placement.securityGroups", "names " + spec.placement().securityGroups().size()
          + " groups; an Azure NIC has one network security group", "at most one NSG id"));
    }
    for (int i = 0; i < spec.placement().securityGroups().size(); i++) {
      if (!NSG.matcher(spec.placement().securityGroups().get(i)).matches()) {
        problems.add(new SpecProblem("placement.securityGroups[" + i + "]", "is not a network security group id",
            "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/networkSecurityGroups/<name>"));
      }
    }
    String identity = spec.placement().instanceProfile();
    if (identity != null && !identity.equals(SYSTEM_IDENTITY) && !USER_IDENTITY.matcher(identity).matches()) {
      problems.add(new SpecProblem("placement.instanceProfile", "'" + identity + "' is not a managed identity",
          "a user-assigned identity id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity"
              + "/userAssignedIdentities/<name>, or " + SYSTEM_IDENTITY + " for a system-assigned one"));
    }
    for (int i = 0; i < spec.volumes().size(); i++) {
      VolumeSpec v = spec.volumes().get(i);
      if (v.location() != null && DISK_ID.matcher(v.location()).matches()) {
        problems.add(new SpecProblem("volumes[" + i + "].location", "is a managed disk, which attaches to one VM at a"
            + " time: a replacement could not start before its predecessor is gone",
            "a network share (Azure Files, NFS) the instance mounts from its user data"));
      }
    }
    String key = spec.placement().sshKey() != null ? spec.placement().sshKey() : config.sshPublicKey();
    if (!config.windows() && key == null) {
      problems.add(new SpecProblem("placement.sshKey", "is missing and the driver has no sshPublicKey",
          "an OpenSSH public key (ssh-ed25519 AAAA...), or the driver property sshPublicKey"));
    }
    for (Map.Entry<String, String> p : spec.placement().properties().entrySet()) {
      if (!PROPERTIES.contains(p.getKey())) {
        problems.add(new SpecProblem("placement.properties." + p.getKey(), "is not a property of the azure driver",
            "one of " + PROPERTIES));
      } else if (p.getKey().equals("publicIp") && !p.getValue().matches("true|false")) {
        problems.add(new SpecProblem("placement.properties.publicIp", "'" + p.getValue() + "' is not a boolean", "true or false"));
      } else if (p.getKey().equals("priority") && !p.getValue().matches("Regular|Spot")) {
        problems.add(new SpecProblem("placement.properties.priority", "'" + p.getValue() + "' is not a VM priority",
            "Regular or Spot"));
      }
    }
    return problems;
  }

  /** The VM of one name: everything it creates is declared inside it, with its delete option. */
  VirtualMachineInner vm(LaunchRequest request, String name, int index, OwnershipKeys keys) {
    GenerationSpec spec = request.spec();
    Map<String, String> tags = new LinkedHashMap<>(request.tags(keys));
    tags.put(TOKEN_TAG, request.token().value());
    VirtualMachineInner vm = new VirtualMachineInner();
    vm.withLocation(config.location());
    vm.withTags(tags);
    vm.withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(spec.instanceType())));
    vm.withStorageProfile(storage(spec, name, request.image().id()));
    vm.withOsProfile(os(spec, name));
    vm.withNetworkProfile(network(spec, name));
    List<String> zones = spec.placement().zones();
    if (!zones.isEmpty()) {
      vm.withZones(List.of(zones.get(index % zones.size())));
    }
    if ("Spot".equals(spec.placement().properties().get("priority"))) {
      vm.withPriority(com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes.SPOT)
          .withEvictionPolicy(com.azure.resourcemanager.compute.models.VirtualMachineEvictionPolicyTypes.DELETE);
    }
    String identity = spec.placement().instanceProfile();
    if (SYSTEM_IDENTITY.equals(identity)) {
      vm.withIdentity(new VirtualMachineIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED));
    } else if (identity != null) {
      vm.withIdentity(new VirtualMachineIdentity().withType(ResourceIdentityType.USER_ASSIGNED)
          .withUserAssignedIdentities(Map.of(identity, new VirtualMachineIdentityUserAssignedIdentities())));
    }
    if (spec.userData() != null && !spec.userData().isEmpty()) {
      vm.withUserData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
    }
    return vm;
  }

  static ImageReference imageReference(String imageId) {
    if (imageId.startsWith("/")) {
      return new ImageReference().withId(imageId);
    }
    String[] urn = imageId.split(":");
    return new ImageReference().withPublisher(urn[0]).withOffer(urn[1]).withSku(urn[2]).withVersion(urn[3]);
  }

  private StorageProfile storage(GenerationSpec spec, String name, String imageId) {
    OSDisk os = new OSDisk().withName(name + "-os").withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
        .withDeleteOption(DiskDeleteOptionTypes.DELETE)
        .withManagedDisk(new ManagedDiskParameters().withStorageAccountType(StorageAccountTypes.fromString(config.diskSku())));
    List<DataDisk> data = new ArrayList<>();
    int lun = 0;
    for (VolumeSpec v : spec.volumes()) {
      if (v.root()) {
        os.withDiskSizeGB(v.sizeGb());
        continue;
      }
      if (!v.deleteOnTermination()) {
        // EXTERNAL: the data lives at its location (a file share the instance mounts); a disk created
        // here would outlive the VM and be left behind by every replacement
        continue;
      }
      DataDisk d = new DataDisk().withLun(lun).withName(name + "-d" + lun).withDiskSizeGB(v.sizeGb())
          .withDeleteOption(DiskDeleteOptionTypes.DELETE).withCreateOption(DiskCreateOptionTypes.EMPTY)
          .withManagedDisk(new ManagedDiskParameters().withStorageAccountType(StorageAccountTypes.fromString(config.diskSku())));
      data.add(d);
      lun++;
    }
    return new StorageProfile().withImageReference(imageReference(imageId)).withOsDisk(os).withDataDisks(data);
  }

  private OSProfile os(GenerationSpec spec, String name) {
    OSProfile os = new OSProfile().withComputerName(name).withAdminUsername(config.adminUsername());
    if (config.windows()) {
      return os.withAdminPassword(config.adminPassword());
    }
    String key = spec.placement().sshKey() != null ? spec.placement().sshKey() : config.sshPublicKey();
    return os.withLinuxConfiguration(new LinuxConfiguration().withDisablePasswordAuthentication(true)
        .withSsh(new SshConfiguration().withPublicKeys(List.of(new SshPublicKey()
            .withPath("/home/" + config.adminUsername() + "/.ssh/authorized_keys").withKeyData(key)))));
  }

  private NetworkProfile network(GenerationSpec spec, String name) {
    String subnet = spec.placement().subnet() != null ? spec.placement().subnet() : config.subnet();
    VirtualMachineNetworkInterfaceIpConfiguration ip = new VirtualMachineNetworkInterfaceIpConfiguration()
        .withName("ipconfig1").withPrimary(true).withSubnet(new SubResource().withId(subnet));
    if ("true".equals(spec.placement().properties().get("publicIp"))) {
      ip.withPublicIpAddressConfiguration(new VirtualMachinePublicIpAddressConfiguration().withName(name + IP_SUFFIX)
          .withDeleteOption(DeleteOptions.DELETE)
          .withSku(new com.azure.resourcemanager.compute.models.PublicIpAddressSku()
              .withName(com.azure.resourcemanager.compute.models.PublicIpAddressSkuName.STANDARD))
          .withPublicIpAllocationMethod(com.azure.resourcemanager.compute.models.PublicIpAllocationMethod.STATIC));
    }
    VirtualMachineNetworkInterfaceConfiguration nic = new VirtualMachineNetworkInterfaceConfiguration()
        .withName(name + NIC_SUFFIX).withPrimary(true).withDeleteOption(DeleteOptions.DELETE)
        .withIpConfigurations(List.of(ip));
    if (!spec.placement().securityGroups().isEmpty()) {
      nic.withNetworkSecurityGroup(new SubResource().withId(spec.placement().securityGroups().get(0)));
    }
    return new NetworkProfile().withNetworkApiVersion(NetworkApiVersion.fromString(NETWORK_API))
        .withNetworkInterfaceConfigurations(List.of(nic));
  }
}
