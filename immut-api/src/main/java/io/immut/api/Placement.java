package io.immut.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Problems p = new Problems();
    List<String> z = zones == null ? List.of() : new ArrayList<>(zones);
    for (int i = 0; i < z.size(); i++) {
      if (z.get(i) == null) {
        p.add("zones[" + i + "]", "is missing", "a zone name such as us-east-1a");
      } else if (z.get(i).isBlank()) {
        p.add("zones[" + i + "]", "is blank", "a zone name such as us-east-1a");
      }
    }
    if (z.size() != z.stream().distinct().count()) {
      p.add("zones", "lists a zone twice", "distinct zone names");
    }
    List<String> groups = securityGroups == null ? List.of() : new ArrayList<>(securityGroups);
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i) == null) {
        p.add("securityGroups[" + i + "]", "is missing", "a security group id or name");
      }
    }
    Map<String, String> props = properties == null ? Map.of() : new LinkedHashMap<>(properties);
    props.forEach((k, v) -> {
      if (k == null) {
        p.add("properties", "has a property without a name", "name: value pairs the driver documents");
      } else if (v == null) {
        p.add("properties." + k, "is missing", "a value");
      }
    });
    p.throwIfAny("placement");
    zones = List.copyOf(z);
    securityGroups = List.copyOf(groups);
    properties = Map.copyOf(props);
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
    return builder().zones(zones).build();
  }

  /**
   * Starts a builder of a placement with the driver's defaults.
   *
   * @return a builder
   * @since 0.2
   */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /**
   * Starts a builder holding this placement's fields.
   *
   * @return a builder
   * @since 0.2
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link Placement}; made with {@link Placement#builder()}.
   *
   * @since 0.2
   */
  public static final class Builder {
    private List<String> zones;
    private String subnet;
    private List<String> securityGroups;
    private String sshKey;
    private String instanceProfile;
    private final Map<String, String> properties;

    private Builder(Placement from) {
      zones = from.zones;
      subnet = from.subnet;
      securityGroups = from.securityGroups;
      sshKey = from.sshKey;
      instanceProfile = from.instanceProfile;
      properties = new LinkedHashMap<>(from.properties);
    }

    /**
     * Sets the zones to spread instances over, in order.
     *
     * @param zones the zones
     * @return this builder
     */
    public Builder zones(String... zones) {
      this.zones = zones == null ? List.of() : new ArrayList<>(java.util.Arrays.asList(zones));
      return this;
    }

    /**
     * Sets the zones to spread instances over, in order.
     *
     * @param zones the zones
     * @return this builder
     */
    public Builder zones(List<String> zones) {
      this.zones = zones;
      return this;
    }

    /**
     * Sets the subnet (or network).
     *
     * @param subnet the subnet, or null for the driver's default
     * @return this builder
     */
    public Builder subnet(String subnet) {
      this.subnet = subnet;
      return this;
    }

    /**
     * Sets the security groups (firewall tags on GCP, an NSG on Azure).
     *
     * @param securityGroups the groups
     * @return this builder
     */
    public Builder securityGroups(String... securityGroups) {
      this.securityGroups = securityGroups == null ? List.of() : new ArrayList<>(java.util.Arrays.asList(securityGroups));
      return this;
    }

    /**
     * Sets the SSH key to install.
     *
     * @param sshKey the key pair's name (EC2) or public key (Azure, GCP), or null
     * @return this builder
     */
    public Builder sshKey(String sshKey) {
      this.sshKey = sshKey;
      return this;
    }

    /**
     * Sets the instances' cloud identity.
     *
     * @param instanceProfile an IAM instance profile (EC2), a managed identity (Azure) or a service
     *     account (GCP), or null
     * @return this builder
     */
    public Builder instanceProfile(String instanceProfile) {
      this.instanceProfile = instanceProfile;
      return this;
    }

    /**
     * Sets one driver-specific property.
     *
     * @param key the property's name
     * @param value its value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Builds the placement.
     *
     * @return the placement
     * @throws InvalidSpecException listing every problem
     */
    public Placement build() {
      return new Placement(zones, subnet, securityGroups, sshKey, instanceProfile, properties);
    }
  }
}
