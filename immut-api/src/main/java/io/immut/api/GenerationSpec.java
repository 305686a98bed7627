package io.immut.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything that defines one instance of a generation: image, instance type, user data,
 * labels, volumes, placement and health check. A value: equal content, equal spec, equal
 * {@link #id()}.
 *
 * <p>Build one with {@link #builder()}; every problem of the spec is reported at once in one
 * {@link InvalidSpecException}.
 *
 * @param image the machine image every instance boots from
 * @param instanceType the cloud's instance type ({@code t3.micro}, {@code Standard_D2s_v3}, {@code e2-medium})
 * @param userData the startup configuration passed to the instance (cloud-init, a script), or null
 * @param labels labels put on every instance (and its volumes) beside immut's ownership tags
 * @param volumes the volumes of each instance, with their persistence
 * @param placement where instances run
 * @param healthCheck the health gate a new generation must pass
 */
public record GenerationSpec(ImageRef image, String instanceType, String userData, Map<String, String> labels,
                             List<VolumeSpec> volumes, Placement placement, HealthCheck healthCheck) {

  private static final Pattern INSTANCE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** The largest user data any of the clouds accepts (EC2: 16 KiB before encoding). */
  public static final int MAX_USER_DATA_BYTES = 16 * 1024;
  private static final int ID_LENGTH = 10;

  /** Validates and copies every field; all problems are reported at once. */
  public GenerationSpec {
    Problems p = new Problems();
    // Null entries are reported as problems, not as the NullPointerException the copies would throw.
    labels = labels == null ? Map.of() : copyWithoutNulls(labels, p);
    volumes = volumes == null ? List.of() : copyWithoutNulls(volumes, p);
    placement = placement == null ? Placement.DEFAULT : placement;
    healthCheck = healthCheck == null ? HealthCheck.DEFAULT : healthCheck;
    p.required("image", image, "an image reference such as ami-0abc123");
    if (p.required("instanceType", instanceType, "an instance type such as t3.micro")) {
      p.matches("instanceType", instanceType, INSTANCE_TYPE,
          "1-64 characters: letters, digits, '.', '_' or '-' (t3.micro, Standard_D2s_v3, e2-medium)");
    }
    if (userData != null && userData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
      p.add("userData", "is " + userData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes",
          "at most " + MAX_USER_DATA_BYTES + " bytes; put larger configuration in the image or fetch it at boot");
    }
    p.labels("labels", labels);
    Set<String> names = new HashSet<>();
    int roots = 0;
    for (int i = 0; i < volumes.size(); i++) {
      VolumeSpec v = volumes.get(i);
      if (!names.add(v.name())) {
        p.add("volumes[" + i + "].name", "'" + v.name() + "' is used by another volume", "a name unique within the generation");
      }
      if (v.root()) {
        roots++;
        if (roots > 1) {
          p.add("volumes[" + i + "].root", "a second root volume", "at most one root volume");
        }
      }
    }
    p.throwIfAny("generation spec", "generation");
  }

  private static Map<String, String> copyWithoutNulls(Map<String, String> labels, Problems p) {
    Map<String, String> copy = new LinkedHashMap<>();
    labels.forEach((k, v) -> {
      if (k == null || v == null) {
        p.add("labels." + k, "has no " + (k == null ? "key" : "value"), "a label with a key and a value (the value may be empty)");
      } else {
        copy.put(k, v);
      }
    });
    return Map.copyOf(copy);
  }

  private static List<VolumeSpec> copyWithoutNulls(List<VolumeSpec> volumes, Problems p) {
    List<VolumeSpec> copy = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      if (volumes.get(i) == null) {
        p.add("volumes[" + i + "]", "is null", "a volume spec");
      } else {
        copy.add(volumes.get(i));
      }
    }
    return List.copyOf(copy);
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this spec's values, to derive a changed spec.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.image = image;
    b.instanceType = instanceType;
    b.userData = userData;
    b.labels.putAll(labels);
    b.volumes.addAll(volumes);
    b.placement = placement;
    b.healthCheck = healthCheck;
    return b;
  }

  /**
   * Shows the spec without anything that may be secret: the user data as its length and a short
   * hash (it often carries passwords and tokens for the instance), labels by the
   * {@link Redaction} rule.
   */
  @Override
  public String toString() {
    return "GenerationSpec[image=" + image + ", instanceType=" + instanceType + ", userData="
        + (userData == null ? "null" : Redaction.fingerprint(userData)) + ", labels=" + Redaction.shownMap(labels)
        + ", volumes=" + volumes + ", placement=" + placement + ", healthCheck=" + healthCheck + "]";
  }

  /**
   * The content id of this spec: the first 10 hex digits of the SHA-256 of its {@linkplain
   * #canonicalJson() canonical JSON}. Stable across JVMs, runs and the order fields were given in;
   * any change of content gives a new id.
   *
   * @return the generation id, such as {@code 5f2c0e9a1b}
   */
  public String id() {
    return CanonicalJson.sha256Hex(canonicalJson(), ID_LENGTH);
  }

  /**
   * The canonical JSON of this spec: sorted keys, no insignificant whitespace, absent and default
   * values omitted (so that adding an optional field to immut never changes existing ids).
   *
   * @return the canonical JSON text
   */
  public String canonicalJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", image.value());
    m.put("instanceType", instanceType);
    if (userData != null) {
      m.put("userData", userData);
    }
    if (!labels.isEmpty()) {
      m.put("labels", labels);
    }
    if (!volumes.isEmpty()) {
      List<Object> vs = new ArrayList<>();
      for (VolumeSpec v : volumes) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("name", v.name());
        vm.put("sizeGb", v.sizeGb());
        putIf(vm, "persistence", v.persistence() == null ? null : v.persistence().name());
        putIf(vm, "location", v.location());
        if (v.root()) {
          vm.put("root", true);
        }
        putIf(vm, "device", v.device());
        vs.add(vm);
      }
      m.put("volumes", vs);
    }
    if (!placement.equals(Placement.DEFAULT)) {
      Map<String, Object> pm = new LinkedHashMap<>();
      if (!placement.zones().isEmpty()) {
        pm.put("zones", placement.zones());
      }
      putIf(pm, "subnet", placement.subnet());
      if (!placement.securityGroups().isEmpty()) {
        pm.put("securityGroups", placement.securityGroups());
      }
      putIf(pm, "sshKey", placement.sshKey());
      putIf(pm, "instanceProfile", placement.instanceProfile());
      if (!placement.properties().isEmpty()) {
        pm.put("properties", placement.properties());
      }
      m.put("placement", pm);
    }
    if (!healthCheck.equals(HealthCheck.DEFAULT)) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("gracePeriodMillis", healthCheck.gracePeriod().toMillis());
      hm.put("intervalMillis", healthCheck.interval().toMillis());
      hm.put("healthyThreshold", healthCheck.healthyThreshold());
      hm.put("unhealthyThreshold", healthCheck.unhealthyThreshold());
      hm.put("progressDeadlineMillis", healthCheck.progressDeadline().toMillis());
      putIf(hm, "path", healthCheck.path());
      hm.put("port", healthCheck.port());
      m.put("healthCheck", hm);
    }
    return CanonicalJson.write(m);
  }

  private static void putIf(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /** A mutable builder of {@link GenerationSpec}; {@link #build()} validates everything at once. */
  public static final class Builder {
    private ImageRef image;
    private String instanceType;
    private String userData;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<VolumeSpec> volumes = new ArrayList<>();
    private Placement placement = Placement.DEFAULT;
    private HealthCheck healthCheck = HealthCheck.DEFAULT;

    private Builder() {}

    /**
     * Sets the image.
     *
     * @param image the image reference
     * @return this builder
     */
    public Builder image(ImageRef image) {
      this.image = image;
      return this;
    }

    /**
     * Sets the image by its reference text.
     *
     * @param image the image reference, such as {@code ami-0abc123}
     * @return this builder
     */
    public Builder image(String image) {
      this.image = ImageRef.of(image);
      return this;
    }

    /**
     * Sets the instance type.
     *
     * @param instanceType the cloud's instance type
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /**
     * Sets the user data.
     *
     * @param userData the startup configuration, or null for none
     * @return this builder
     */
    public Builder userData(String userData) {
      this.userData = userData;
      return this;
    }

    /**
     * Adds a label.
     *
     * @param key the label key
     * @param value the label value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * Replaces all labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels.clear();
      this.labels.putAll(labels);
      return this;
    }

    /**
     * Adds a volume.
     *
     * @param volume the volume spec
     * @return this builder
     */
    public Builder volume(VolumeSpec volume) {
      volumes.add(volume);
      return this;
    }

    /**
     * Replaces all volumes.
     *
     * @param volumes the volume specs
     * @return this builder
     */
    public Builder volumes(List<VolumeSpec> volumes) {
      this.volumes.clear();
      this.volumes.addAll(volumes);
      return this;
    }

    /**
     * Sets the placement.
     *
     * @param placement where instances run
     * @return this builder
     */
    public Builder placement(Placement placement) {
      this.placement = placement;
      return this;
    }

    /**
     * Sets the health check.
     *
     * @param healthCheck the health gate
     * @return this builder
     */
    public Builder healthCheck(HealthCheck healthCheck) {
      this.healthCheck = healthCheck;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the validated spec
     * @throws InvalidSpecException listing every problem
     */
    public GenerationSpec build() {
      return new GenerationSpec(image, instanceType, userData, labels, volumes, placement, healthCheck);
    }
  }
}
