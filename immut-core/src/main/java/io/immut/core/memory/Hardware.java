package io.immut.core.memory;

import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.spi.InstanceInspection.Address;
import io.immut.spi.InstanceInspection.AttachedVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An instance's disks, network interfaces and addresses, named as the cloud names them, and what
 * of them outlives the instance. The memory driver sets every delete option for what a launch
 * creates (EBS {@code DeleteOnTermination}, Azure {@code deleteOption: Delete}, GCE
 * {@code autoDelete}), as the real drivers do; what drift adds keeps the flags it was given.
 * Called under the account's lock.
 */
final class Hardware {
  private final CloudBehaviour behaviour;
  private final long key;
  private long next;

  Hardware(CloudBehaviour behaviour, long key) {
    this.behaviour = behaviour;
    this.key = key;
  }

  /** Creates the spec's volumes (a root volume when it has none) and the primary network interface. */
  void attach(MemoryInstance m, List<VolumeSpec> specs, Map<String, String> tags) {
    if (specs.stream().noneMatch(VolumeSpec::root)) {
      m.volumes.add(new AttachedVolume(volumeId(m, 0), behaviour.rootDevice(), 8, true, true, false, tags));
    }
    for (VolumeSpec v : specs) {
      if (v.persistence() == Persistence.EXTERNAL) {
        continue; // its data lives at its location; nothing is created for it
      }
      int index = m.volumes.size();
      String device = v.device() != null ? v.device() : v.root() ? behaviour.rootDevice() : behaviour.dataDevice(index);
      m.volumes.add(new AttachedVolume(volumeId(m, v.root() ? 0 : index), device, v.sizeGb(), v.root(),
          v.deleteOnTermination(), false, tags));
    }
    switch (behaviour) {
      case AZURE -> m.nics.add(new MemoryInstance.Nic(m.name + "-nic", true));
      case EC2 -> m.nics.add(new MemoryInstance.Nic(Seeds.id("eni-", Seeds.mix(key + next++)), true));
      case NEUTRAL -> m.nics.add(new MemoryInstance.Nic(Seeds.id("nic-", Seeds.mix(key + next++)), true));
      case GCE -> { } // network interfaces are part of the instance
    }
  }

  /** Drift: volumes, interfaces, addresses and bound resources attached behind immut's back. */
  void apply(MemoryInstance m, Mutation mutation) {
    for (Mutation.VolumeDraft v : mutation.volumes) {
      int index = m.volumes.size();
      m.volumes.add(new AttachedVolume(volumeId(m, index), behaviour.dataDevice(index), v.sizeGb(), false,
          v.deleteOnTermination(), v.instanceStore(), m.tags));
    }
    for (Mutation.NicDraft n : mutation.nics) {
      m.nics.add(new MemoryInstance.Nic(n.id(), n.deleteWithInstance()));
    }
    for (String ip : mutation.staticAddresses) {
      String prefix = switch (behaviour) {
        case EC2 -> "eipalloc-";
        case AZURE -> "pip-";
        case GCE -> "addr-";
        case NEUTRAL -> "ip-";
      };
      m.addresses.add(new Address(ip, true, true, Seeds.id(prefix, Seeds.mix(key + ip.hashCode()))));
      m.publicAddress = ip;
    }
    m.boundResources.addAll(mutation.boundResources);
  }

  /** What the instance's deletion leaves: volumes, interfaces and static addresses not deleted with it. */
  List<Leftover> leftBehind(MemoryInstance m) {
    List<Leftover> left = new ArrayList<>();
    for (AttachedVolume v : m.volumes) {
      if (!v.deleteOnTermination() && !v.instanceStore()) {
        left.add(new Leftover(Leftover.Kind.VOLUME, v.volumeId(), m.id, v.tags()));
      }
    }
    for (MemoryInstance.Nic n : m.nics) {
      if (!n.deleteWithInstance()) {
        left.add(new Leftover(Leftover.Kind.NETWORK_INTERFACE, n.id(), m.id, m.tags));
      }
    }
    for (Address a : m.addresses) {
      if (a.staticAddress()) {
        left.add(new Leftover(Leftover.Kind.ADDRESS, a.allocationId() == null ? a.ip() : a.allocationId(), m.id, Map.of()));
      }
    }
    return left;
  }

  /** Azure names disks after the VM ({@code <name>-os}, {@code <name>-d<lun>}), GCE the boot disk as the instance. */
  private String volumeId(MemoryInstance m, int index) {
    return switch (behaviour) {
      case AZURE -> m.name + (index == 0 ? "-os" : "-d" + (index - 1));
      case GCE -> index == 0 ? m.name : m.name + "-d" + index;
      default -> Seeds.id("vol-", Seeds.mix(key + next++));
    };
  }
}
