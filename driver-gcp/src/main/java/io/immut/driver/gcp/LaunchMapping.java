package io.immut.driver.gcp;

import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.BulkInsertInstanceResource;
import com.google.cloud.compute.v1.BulkInsertInstanceResourcePerInstanceProperties;
import com.google.cloud.compute.v1.InstanceProperties;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.Tags;
import io.immut.api.GenerationSpec;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.spi.LaunchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a launch request into the {@code bulkInsert} requests of each zone: deterministic names
 * from the token, spread round the zones from an offset the token fixes, one instance properties
 * for all, {@code minCount} 1 so that a launch short of capacity creates what it can.
 */
final class LaunchMapping {
  /** The metadata key that records the image an instance was launched from (the instance resource does not). */
  static final String IMAGE_KEY = "immut-image";
  /** Placement properties the driver reads. */
  static final List<String> PROPERTIES = List.of("externalIp", "scopes", "diskType");

  private final GcpDriverConfig config;

  LaunchMapping(GcpDriverConfig config) {
    this.config = config;
  }

  /** The names of the launch, by zone, in zone order. */
  Map<String, List<String>> shares(LaunchRequest request) {
    List<String> zones = zones(request.spec().placement());
    List<String> names = request.token().names(request.count(), request.selector().fleet(),
        io.immut.spi.LaunchToken.NameSyntax.GCE);
    int offset = Math.floorMod(request.token().uuid().hashCode(), zones.size());
    Map<String, List<String>> shares = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      shares.computeIfAbsent(zones.get((i + offset) % zones.size()), z -> new ArrayList<>()).add(names.get(i));
    }
    return shares;
  }

  List<String> zones(Placement placement) {
    return placement.zones().isEmpty() ? config.zones() : placement.zones();
  }

  /** The body of one zone's bulkInsert. */
  BulkInsertInstanceResource resource(LaunchRequest request, List<String> names) {
    BulkInsertInstanceResource.Builder b = BulkInsertInstanceResource.newBuilder()
        .setCount(names.size())
        .setMinCount(1)
        .setInstanceProperties(properties(request));
    for (String name : names) {
      b.putPerInstanceProperties(name, BulkInsertInstanceResourcePerInstanceProperties.newBuilder().setName(name).build());
    }
    return b.build();
  }

  InstanceProperties properties(LaunchRequest request) {
    GenerationSpec spec = request.spec();
    Placement placement = spec.placement();
    Map<String, String> labels = GcpNames.toGce(request.tags(GcpNames.KEYS));
    InstanceProperties.Builder p = InstanceProperties.newBuilder()
        .setMachineType(spec.instanceType())
        .putAllLabels(labels)
        .setMetadata(metadata(request));
    String diskType = placement.properties().getOrDefault("diskType", config.diskType());
    boolean boot = false;
    for (VolumeSpec v : spec.volumes()) {
      if (v.persistence() == io.immut.api.Persistence.EXTERNAL) {
        // its data lives at its location (a share the instance mounts): the launch creates no disk for it
        continue;
      }
      AttachedDiskInitializeParams.Builder init = AttachedDiskInitializeParams.newBuilder()
          .setDiskSizeGb(v.sizeGb())
          .setDiskType(diskType)
          .putAllLabels(labels);
      if (v.root()) {
        init.setSourceImage(request.image().id());
        boot = true;
      }
      p.addDisks(AttachedDisk.newBuilder()
          .setBoot(v.root())
          .setAutoDelete(v.deleteOnTermination())
          .setType("PERSISTENT")
          .setMode("READ_WRITE")
          .setDeviceName(v.name())
          .setInitializeParams(init));
    }
    if (!boot) {
      p.addDisks(0, AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT")
          .setDeviceName("root")
          .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage(request.image().id())
              .setDiskType(diskType).putAllLabels(labels)));
    }
    p.addNetworkInterfaces(network(placement));
    String account = placement.instanceProfile() != null ? placement.instanceProfile() : config.serviceAccount();
    if (account != null) {
      List<String> scopes = placement.properties().containsKey("scopes")
          ? Arrays.stream(placement.properties().get("scopes").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
          : config.scopes();
      p.addServiceAccounts(ServiceAccount.newBuilder().setEmail(account).addAllScopes(scopes));
    }
    if (!placement.securityGroups().isEmpty()) {
      p.setTags(Tags.newBuilder().addAllItems(placement.securityGroups()));
    }
    return p.build();
  }

  private NetworkInterface network(Placement placement) {
    NetworkInterface.Builder nic = NetworkInterface.newBuilder();
    String subnet = placement.subnet() != null ? placement.subnet() : config.subnetwork();
    if (subnet != null) {
      nic.setSubnetwork(subnet.contains("/") ? subnet : "regions/" + config.region() + "/subnetworks/" + subnet);
    } else {
      nic.setNetwork("global/networks/" + config.network());
    }
    boolean external = Boolean.parseBoolean(placement.properties().getOrDefault("externalIp",
        String.valueOf(config.externalIp())));
    if (external) {
      nic.addAccessConfigs(AccessConfig.newBuilder().setType("ONE_TO_ONE_NAT").setName("External NAT"));
    }
    return nic.build();
  }

  private static Metadata metadata(LaunchRequest request) {
    Metadata.Builder m = Metadata.newBuilder();
    m.addItems(Items.newBuilder().setKey(IMAGE_KEY).setValue(request.image().id()));
    String userData = request.spec().userData();
    if (userData != null && !userData.isEmpty()) {
      String key = userData.startsWith("#cloud-config") ? "user-data" : "startup-script";
      m.addItems(Items.newBuilder().setKey(key).setValue(userData));
    }
    String sshKey = request.spec().placement().sshKey();
    if (sshKey != null) {
      m.addItems(Items.newBuilder().setKey("ssh-keys").setValue(sshKey));
    }
    return m.build();
  }
}
