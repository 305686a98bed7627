package io.immut.driver.gcp;

import io.immut.api.GenerationSpec;
import io.immut.api.Persistence;
import io.immut.api.Placement;
import io.immut.api.VolumeSpec;
import io.immut.api.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What the GCP driver checks in a generation spec before anything is launched; no cloud call. */
final class SpecCheck {
  private static final Pattern MACHINE_TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern SUBNET = Pattern.compile("([a-z][-a-z0-9]{0,61}[a-z0-9]|(projects/[^/]+/)?regions/[^/]+/subnetworks/[a-z][-a-z0-9]*)");

  private SpecCheck() {}

  static List<SpecProblem> check(GenerationSpec spec, GcpDriverConfig config) {
    List<SpecProblem> p = new ArrayList<>();
    if (!MACHINE_TYPE.matcher(spec.instanceType()).matches()) {
      p.add(new SpecProblem("instanceType", "'" + spec.instanceType() + "' is not a Compute Engine machine type",
          "a machine type such as e2-small, n2-standard-4 or custom-4-8192"));
    }
    if (spec.labels().size() + 3 > GcpNames.MAX_LABELS) {
      p.add(new SpecProblem("labels", spec.labels().size() + " labels, and immut adds 3",
          "at most " + (GcpNames.MAX_LABELS - 3) + " labels (GCE allows " + GcpNames.MAX_LABELS + " per resource)"));
    }
    for (int i = 0; i < spec.volumes().size(); i++) {
      VolumeSpec v = spec.volumes().get(i);
      if (v.persistence() == Persistence.EXTERNAL && v.location() != null && v.location().contains("disks/")) {
        p.add(new SpecProblem("volumes[" + i + "].location", "names a persistent disk, which attaches read-write to"
            + " one instance at a time, so a fleet cannot share it and a replacement cannot take it over",
            "where the data lives beyond the instances, such as a Filestore share (nfs://10.0.0.2/web) mounted from the user data"));
      }
    }
    Placement placement = spec.placement();
    for (int i = 0; i < placement.zones().size(); i++) {
      String zone = placement.zones().get(i);
      if (!GcpNames.ZONE.matcher(zone).matches() || !zone.startsWith(config.region() + "-")) {
        p.add(new SpecProblem("placement.zones[" + i + "]", "'" + zone + "' is not a zone of the driver's region "
            + config.region(), "a zone of " + config.region() + ", such as " + config.zones().get(0)));
      }
    }
    if (placement.subnet() != null && !SUBNET.matcher(placement.subnet()).matches()) {
      p.add(new SpecProblem("placement.subnet", "'" + placement.subnet() + "' is not a subnetwork",
          "a subnetwork name, or regions/" + config.region() + "/subnetworks/NAME"));
    } else if (placement.subnet() != null && placement.subnet().contains("/regions/")
        && !placement.subnet().contains("/regions/" + config.region() + "/")) {
      p.add(new SpecProblem("placement.subnet", "'" + placement.subnet() + "' is not in the driver's region "
          + config.region(), "a subnetwork of " + config.region()));
    }
    for (int i = 0; i < placement.securityGroups().size(); i++) {
      String tag = placement.securityGroups().get(i);
      if (!GcpNames.RESOURCE.matcher(tag).matches()) {
        p.add(new SpecProblem("placement.securityGroups[" + i + "]", "'" + tag + "' is not a network tag",
            "a network tag (firewall rules target it): 1-63 lower-case letters, digits or '-', starting with a letter"));
      }
    }
    if (placement.instanceProfile() != null && !EMAIL.matcher(placement.instanceProfile()).matches()) {
      p.add(new SpecProblem("placement.instanceProfile", "'" + placement.instanceProfile()
          + "' is not a service account email", "a service account such as web@my-project.iam.gserviceaccount.com"));
    }
    if (placement.sshKey() != null && !placement.sshKey().contains(":")) {
      p.add(new SpecProblem("placement.sshKey", "GCE has no named key pairs",
          "the ssh-keys metadata value, USER:KEY (such as deploy:ssh-ed25519 AAAA... deploy), or OS Login"));
    }
    placement.properties().forEach((k, v) -> {
      if (!LaunchMapping.PROPERTIES.contains(k)) {
        p.add(new SpecProblem("placement.properties." + k, "is not a property of the gcp driver",
            "one of " + String.join(", ", LaunchMapping.PROPERTIES)));
      } else if (k.equals("externalIp") && !v.equals("true") && !v.equals("false")) {
        p.add(new SpecProblem("placement.properties.externalIp", "'" + v + "' is not true or false", "true or false"));
      } else if (k.equals("diskType") && !v.matches("pd-standard|pd-balanced|pd-ssd|pd-extreme|hyperdisk-balanced")) {
        p.add(new SpecProblem("placement.properties.diskType", "'" + v + "' is not a disk type",
            "pd-balanced, pd-ssd, pd-standard, pd-extreme or hyperdisk-balanced"));
      }
    });
    return p;
  }
}
