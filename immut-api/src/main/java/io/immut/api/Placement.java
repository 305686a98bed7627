package io.immut.api;

import java.util.List;
import java.util.Map;

/**
 * Where a generation's instances run. Every field is optional; the driver documents which it uses.
 *
 * @param zones the zones to spread instances over, in order; empty for the driver's default
 * @param subnet the subnet (or network) to place them in, or null
 * @param securityGroups the security groups (firewall tags on GCP, NSGs on Azure)
 * @param sshKey the name of the SSH key pair to install, or null for none
 * @param instanceProfile the IAM instance profile / managed identity / service account, or null
 * @param properties driver-specific extras, passed through as they are
 */
public record Placement(List<String> zones, String subnet, List<String> securityGroups, String sshKey,
                        String instanceProfile, Map<String, String> properties) {

  /** No placement constraints: the driver's defaults. */
  public static final Placement DEFAULT = new Placement(List.of(), null, List.of(), null, null, Map.of());

  /** Copies the collections and validates them. */
  public Placement {
    zones = zones == null ? List.of() : List.copyOf(zones);
    securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    Problems p = new Problems();
    for (int i = 0; i < zones.size(); i++) {
      if (zones.get(i).isBlank()) {
        p.add("zones[" + i + "]", "is blank", "a zone name such as us-east-1a");
      }
    }
    if (zones.size() != zones.stream().distinct().count()) {
      p.add("zones", "lists a zone twice", "distinct zone names");
    }
    p.throwIfAny("placement");
  }

  /** Shows the placement, its driver-specific properties by the {@link Redaction} rule. */
  @Override
  public String toString() {
    return "Placement[zones=" + zones + ", subnet=" + subnet + ", securityGroups=" + securityGroups + ", sshKey=" + sshKey
        + ", instanceProfile=" + instanceProfile + ", properties=" + Redaction.shownMap(properties) + "]";
  }

  /**
   * Placement in the given zones, everything else default.
   *
   * @param zones the zones
   * @return the placement
   */
  public static Placement zones(String... zones) {
    return new Placement(List.of(zones), null, List.of(), null, null, Map.of());
  }
}
