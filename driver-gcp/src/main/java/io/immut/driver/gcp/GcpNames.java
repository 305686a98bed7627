package io.immut.driver.gcp;

import io.immut.api.InstanceId;
import io.immut.api.Names;
import io.immut.spi.OwnershipKeys;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names on Compute Engine: instance ids ({@code zone/name}), request ids per zone, and labels.
 *
 * <p>Labels map one to one: immut's label syntax ({@link Names#LABEL_KEY}, {@link Names#LABEL_VALUE})
 * is GCE's ({@code [a-z][a-z0-9_-]{0,62}} keys, {@code [a-z0-9_-]{0,63}} values), so a spec's labels
 * are written as they are and read back exactly; the ownership uses {@link OwnershipKeys#DASHED}.
 */
final class GcpNames {
  /** GCE resource names: {@code [a-z]([-a-z0-9]*[a-z0-9])?}, at most 63 characters. */
  static final Pattern RESOURCE = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+[0-9]+-[a-z]");
  /** GCE label keys. */
  static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  /** GCE label values. */
  static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  /** The most labels one GCE resource carries. */
  static final int MAX_LABELS = 64;
  static final OwnershipKeys KEYS = OwnershipKeys.DASHED;

  private GcpNames() {}

  /** A zone and an instance name: what an {@link InstanceId} of this driver carries. */
  record ZonedName(String zone, String name) {
    InstanceId id() {
      return InstanceId.of(zone + "/" + name);
    }
  }

  static InstanceId id(String zone, String name) {
    return new ZonedName(zone, name).id();
  }

  /**
   * Reads an instance id.
   *
   * @return the zone and name, or null when the id is not of this driver's form
   */
  static ZonedName parse(InstanceId id) {
    String v = id.value();
    int slash = v.indexOf('/');
    if (slash < 0 || v.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String zone = v.substring(0, slash);
    String name = v.substring(slash + 1);
    return ZONE.matcher(zone).matches() && RESOURCE.matcher(name).matches() ? new ZonedName(zone, name) : null;
  }

  /**
   * The request id of one zone's share of a launch: the token's UUID itself when the launch goes to
   * one zone, else a name-based UUID of it and the zone (so each zone's bulkInsert is idempotent on
   * its own, and a retry derives the same ids).
   */
  static String requestId(UUID tokenUuid, String zone, boolean onlyZone) {
    if (onlyZone) {
      return tokenUuid.toString();
    }
    return UUID.nameUUIDFromBytes((tokenUuid + "/" + zone).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * The labels of a launched instance: the spec's labels, then the ownership. Every key and value
   * is checked against GCE's syntax; none is rewritten.
   *
   * @param tags the tags from {@code LaunchRequest.tags(KEYS)}
   * @return the GCE labels
   * @throws IllegalArgumentException naming a label GCE would refuse
   */
  static Map<String, String> toGce(Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> {
      if (!LABEL_KEY.matcher(k).matches()) {
        throw new IllegalArgumentException("label key '" + k + "' is not a GCE label key (" + LABEL_KEY.pattern() + ")");
      }
      if (!LABEL_VALUE.matcher(v).matches()) {
        throw new IllegalArgumentException("label value '" + v + "' of '" + k + "' is not a GCE label value ("
            + LABEL_VALUE.pattern() + ")");
      }
      out.put(k, v);
    });
    if (out.size() > MAX_LABELS) {
      throw new IllegalArgumentException(out.size() + " labels; GCE allows at most " + MAX_LABELS);
    }
    return out;
  }

  /**
   * The user's labels of a listed instance: its GCE labels without the ownership.
   *
   * @param gce the instance's labels
   * @return the labels as the spec gave them
   */
  static Map<String, String> fromGce(Map<String, String> gce) {
    return KEYS.labels(gce);
  }

  static String lastSegment(String url) {
    return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
  }

  /** A GCE filter string value in double quotes. */
  static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
