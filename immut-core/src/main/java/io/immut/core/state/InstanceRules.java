package io.immut.core.state;

import io.immut.api.GenerationSpec;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceInspection.AttachedVolume;
import io.immut.spi.InstanceView;
import io.immut.spi.OwnershipKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The rules that read what a live instance has attached, before it is terminated. */
final class InstanceRules {

  /** Tag keys that clouds or drivers set themselves; a change of them is not drift. */
  private static final List<String> SYSTEM_TAG_PREFIXES = List.of("immut:", "immut-", "aws:", "goog-", "azure:");
  private static final Set<String> SYSTEM_TAGS = Set.of("Name");

  private InstanceRules() {}

  /**
   * The findings for one instance.
   *
   * @param view the instance as listed
   * @param facts what the driver's inspect reported
   * @param gen the generation spec the instance was launched from (or the applied one when unknown)
   * @param expectedImageId the image id the instance should run, or null when it cannot be told
   * @param ack the acknowledgements, for the volume findings that the spec already acknowledges
   */
  static List<Finding> check(InstanceView view, InstanceInspection facts, GenerationSpec gen, String expectedImageId,
                             Acknowledgements ack) {
    List<Finding> out = new ArrayList<>();
    String id = view.id().value();
    Map<AttachedVolume, VolumeSpec> mapped = mapVolumes(facts.volumes(), gen.volumes());
    List<String> extra = new ArrayList<>();
    for (AttachedVolume av : facts.volumes()) {
      VolumeSpec vs = mapped.get(av);
      String name = vs != null ? vs.name() : av.volumeId();
      String what = "volume " + (vs != null ? "'" + vs.name() + "' (" + av.volumeId() + ")" : av.volumeId())
          + (av.device() != null ? " at " + av.device() : "") + ", " + av.sizeGb() + " GiB, of instance " + id;
      // An instance store comes with the machine type (an Azure size's resource disk, an EC2 "d"
      // type's NVMe disks): not a volume attached after launch
      if (!av.root() && vs == null && !av.instanceStore()) {
        extra.add(av.volumeId() + (av.device() != null ? " at " + av.device() : ""));
      }
      Persistence declared = vs == null ? null : vs.persistence();
      String subject = id + ":" + name;
      if (av.instanceStore()) {
        if (declared != Persistence.EPHEMERAL && !av.root()) {
          out.add(Finding.of(Rules.INSTANCE_INSTANCE_STORE, Severity.WARNING, SubjectKind.INSTANCE, subject,
              what + " is instance-store / local SSD storage: whatever it holds is lost when the instance stops or is replaced",
              "move what it holds to a shared store or a volume that outlives the instance; if it is scratch space,"
                  + " declare the volume EPHEMERAL in the spec"));
        }
      } else if (av.deleteOnTermination()) {
        if (!av.root() && declared != Persistence.EPHEMERAL) {
          Finding f = Finding.of(Rules.INSTANCE_VOLUME_DELETED, Severity.BLOCKER, SubjectKind.INSTANCE, subject,
              what + " is deleted with the instance, and the spec does not declare it EPHEMERAL"
                  + (vs == null ? " (the spec has no such volume: it was attached after launch)"
                  : declared == null ? " (its persistence is not declared)" : " (it is declared " + declared + ")")
                  + ": its data is lost when the instance is replaced",
              "copy the data somewhere that outlives the instance (a snapshot, a network share, a managed store) and"
                  + " declare the volume EXTERNAL, or declare it EPHEMERAL if it holds scratch data only");
          if (vs != null && (declared == null || declared == Persistence.LOCAL)) {
            // the same loss the spec rules report on the volume: their acknowledgement covers it
            Optional<String> reason = ack.find(declared == null ? Rules.VOLUME_PERSISTENCE_UNDECLARED : Rules.VOLUME_LOCAL_DATA, f);
            if (reason.isPresent()) {
              f = f.acknowledge(reason.get());
            }
          }
          out.add(f);
        }
      } else if (declared != Persistence.EXTERNAL) {
        out.add(Finding.of(Rules.INSTANCE_VOLUME_LEFT_BEHIND, Severity.WARNING, SubjectKind.INSTANCE, subject,
            what + " is kept when the instance is terminated, but the spec does not declare it EXTERNAL: it stays behind"
                + " detached, the new generation does not attach it, and it keeps costing money",
            "declare the volume EXTERNAL with its location if the new generation should use its data, or delete it"
                + " after the rollout"));
      }
    }
    for (InstanceInspection.Address a : facts.addresses()) {
      if (a.staticAddress()) {
        out.add(Finding.of(Rules.INSTANCE_STATIC_ADDRESS, Severity.WARNING, SubjectKind.INSTANCE, id + ":" + a.ip(),
            "the static " + (a.publicAddress() ? "public " : "") + "address " + a.ip()
                + (a.allocationId() != null ? " (" + a.allocationId() + ")" : "") + " is bound to instance " + id
                + ": a replacement does not take it along, and clients that use it lose the service",
            "reach the fleet through a load balancer or a DNS name instead of one instance's address; if the address"
                + " must stay, move it to a new instance before this one is terminated"));
      }
    }
    for (InstanceInspection.BoundResource r : facts.boundResources()) {
      out.add(Finding.of(Rules.INSTANCE_BOUND_RESOURCE, Severity.WARNING, SubjectKind.INSTANCE, id + ":" + r.id(),
          r.kind() + " " + r.id() + " is bound to instance " + id
              + (r.description().isEmpty() ? ": it is lost or released with the instance" : ": " + r.description()),
          "move it off the instance (to the fleet's load balancer, a shared resource, or the spec of a new generation)"
              + " before the replacement"));
    }
    List<String> changes = drift(facts, gen, expectedImageId);
    extra.forEach(v -> changes.add("volume " + v + " attached after launch"));
    if (!changes.isEmpty()) {
      out.add(Finding.of(Rules.INSTANCE_MUTATED, extra.isEmpty() ? Severity.INFO : Severity.WARNING, SubjectKind.INSTANCE,
          id, "instance " + id + " (generation " + view.generationId() + ") was changed after launch: " + String.join("; ", changes)
              + ". immut never patches an instance: it is replaced by a fresh one of its generation, without these changes",
          "if a change is wanted, put it in the spec as a new generation; otherwise nothing to do, the replacement"
              + " restores the generation as specified"));
    }
    return out;
  }

  private static List<String> drift(InstanceInspection facts, GenerationSpec gen, String expectedImageId) {
    List<String> changes = new ArrayList<>();
    if (facts.instanceType() != null && !facts.instanceType().equals(gen.instanceType())) {
      changes.add("instance type " + gen.instanceType() + " -> " + facts.instanceType());
    }
    if (expectedImageId != null && facts.imageId() != null && !facts.imageId().equals(expectedImageId)) {
      changes.add("image " + expectedImageId + " -> " + facts.imageId());
    }
    Map<String, String> tags = facts.tags();
    for (Map.Entry<String, String> label : new java.util.TreeMap<>(gen.labels()).entrySet()) {
      String now = tags.get(label.getKey());
      if (now == null) {
        changes.add("tag " + label.getKey() + " removed");
      } else if (!now.equals(label.getValue())) {
        changes.add("tag " + label.getKey() + " changed from '" + label.getValue() + "' to '" + now + "'");
      }
    }
    for (String key : new java.util.TreeSet<>(tags.keySet())) {
      if (!gen.labels().containsKey(key) && !isSystemTag(key)) {
        changes.add("tag " + key + "=" + tags.get(key) + " added");
      }
    }
    return changes;
  }

  private static boolean isSystemTag(String key) {
    return SYSTEM_TAGS.contains(key) || SYSTEM_TAG_PREFIXES.stream().anyMatch(key::startsWith)
        || OwnershipKeys.COLON.isOwnershipKey(key) || OwnershipKeys.DASHED.isOwnershipKey(key);
  }

  /**
   * Which spec volume each attached volume is: by the {@link StateCheck#VOLUME_TAG} tag, then by
   * device, then in launch order while
   * sizes agree, then by a size that only one volume left on each side has. The root volume maps to the
   * spec's root volume.
   */
  static Map<AttachedVolume, VolumeSpec> mapVolumes(List<AttachedVolume> attached, List<VolumeSpec> specs) {
    Map<AttachedVolume, VolumeSpec> out = new LinkedHashMap<>();
    Set<VolumeSpec> used = new HashSet<>();
    for (AttachedVolume av : attached) {
      String name = av.tags().get(StateCheck.VOLUME_TAG);
      specs.stream().filter(v -> v.name().equals(name) && v.root() == av.root() && !used.contains(v)).findFirst()
          .ifPresent(v -> put(out, used, av, v));
    }
    for (AttachedVolume av : attached) {
      if (!out.containsKey(av) && av.device() != null) {
        specs.stream().filter(v -> av.device().equals(v.device()) && v.root() == av.root() && !used.contains(v)).findFirst()
            .ifPresent(v -> put(out, used, av, v));
      }
    }
    for (AttachedVolume av : attached) {
      if (!out.containsKey(av) && av.root()) {
        specs.stream().filter(v -> v.root() && !used.contains(v)).findFirst().ifPresent(v -> put(out, used, av, v));
      }
    }
    // the rest in launch order: drivers attach a generation's volumes in the spec's order, so the
    // unmatched attached volumes pair with the unmatched spec volumes one by one while sizes agree
    List<AttachedVolume> restAttached = attached.stream()
        .filter(av -> !out.containsKey(av) && !av.root() && !av.tags().containsKey(StateCheck.VOLUME_TAG)).toList();
    List<VolumeSpec> restSpecs = specs.stream().filter(v -> !v.root() && !used.contains(v) && v.device() == null).toList();
    for (int i = 0; i < Math.min(restAttached.size(), restSpecs.size()); i++) {
      if (restAttached.get(i).sizeGb() != restSpecs.get(i).sizeGb()) {
        break;
      }
      put(out, used, restAttached.get(i), restSpecs.get(i));
    }
    // then by size, when only one spec volume and one attached volume are left with that size
    for (AttachedVolume av : restAttached) {
      if (out.containsKey(av)) {
        continue;
      }
      List<VolumeSpec> bySize = restSpecs.stream().filter(v -> !used.contains(v) && v.sizeGb() == av.sizeGb()).toList();
      long sameSize = restAttached.stream().filter(o -> !out.containsKey(o) && o.sizeGb() == av.sizeGb()).count();
      if (bySize.size() == 1 && sameSize == 1) {
        put(out, used, av, bySize.get(0));
      }
    }
    return out;
  }

  private static void put(Map<AttachedVolume, VolumeSpec> out, Set<VolumeSpec> used, AttachedVolume av, VolumeSpec v) {
    out.put(av, Objects.requireNonNull(v));
    used.add(v);
  }
}
