package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images: managed images ({@code Microsoft.Compute/images}) and marketplace images
 * ({@code locations/<loc>/publishers/<p>/artifacttypes/vmimage/offers/<o>/skus/<s>/versions}, whose
 * list is a bare JSON array, as the REST reference shows).
 */
final class ComputeImages {
  private static final Pattern IMAGE = Pattern.compile(LocalArm.RG_PREFIX + "Microsoft\\.Compute/images/([^/]+)");
  private static final Pattern VMIMAGE = Pattern.compile("(?i)/subscriptions/([^/]+)/providers/Microsoft\\.Compute/"
      + "locations/([^/]+)/publishers/([^/]+)/artifacttypes/vmimage/offers/([^/]+)/skus/([^/]+)/versions(?:/([^/]+))?");
  private static final List<String> MARKETPLACE_VERSIONS = List.of("24.04.202512010", "24.04.202601010", "24.04.202511200");

  private final LocalArm arm;
  private static final Pattern GALLERY = Pattern.compile(LocalArm.RG_PREFIX
      + "Microsoft\\.Compute/galleries/([^/]+)/images/([^/]+)/versions/([^/]+)");
  final Set<String> managed = new java.util.HashSet<>(Set.of(LocalArm.IMAGE.toLowerCase(Locale.ROOT),
      LocalArm.GALLERY_IMAGE.toLowerCase(Locale.ROOT)));

  ComputeImages(LocalArm arm) {
    this.arm = arm;
  }

  boolean exists(String id) {
    return managed.contains(id.toLowerCase(Locale.ROOT));
  }

  ArmCall.Answer handle(ArmCall call) {
    if (!call.method().equals("GET")) {
      return null;
    }
    Matcher m;
    if ((m = IMAGE.matcher(call.path())).matches()) {
      arm.require("Microsoft.Compute/images/read");
      if (!exists(call.path())) {
        throw new ArmCall.Failure(ArmError.notFound("Microsoft.Compute/images", m.group(3), m.group(2)));
      }
      ObjectNode image = ArmJson.object().put("name", m.group(3)).put("id", call.path())
          .put("type", "Microsoft.Compute/images").put("location", LocalArm.LOCATION);
      image.set("tags", ArmJson.tags(java.util.Map.of("git-commit", "3f2a9c1")));
      ObjectNode p = image.putObject("properties").put("provisioningState", "Succeeded").put("hyperVGeneration", "V2");
      p.putObject("storageProfile").putObject("osDisk").put("osType", "Linux").put("osState", "Generalized")
          .put("diskSizeGB", 30);
      return ArmCall.Answer.ok(image);
    }
    if ((m = GALLERY.matcher(call.path())).matches()) {
      arm.require("Microsoft.Compute/galleries/images/versions/read");
      if (!exists(call.path())) {
        throw new ArmCall.Failure(ArmError.of(404, "ResourceNotFound", "The Resource 'Microsoft.Compute/galleries/"
            + m.group(3) + "/images/" + m.group(4) + "/versions/" + m.group(5) + "' under resource group '" + m.group(2)
            + "' was not found."));
      }
      ObjectNode version = ArmJson.object().put("name", m.group(5)).put("id", LocalArm.GALLERY_IMAGE)
          .put("type", "Microsoft.Compute/galleries/images/versions").put("location", LocalArm.LOCATION);
      version.putObject("properties").put("provisioningState", "Succeeded").putObject("publishingProfile")
          .put("publishedDate", "2026-01-02T03:04:05Z");
      return ArmCall.Answer.ok(version);
    }
    if ((m = VMIMAGE.matcher(call.path())).matches()) {
      arm.require("Microsoft.Compute/locations/publishers/artifacttypes/offers/skus/versions/read");
      boolean known = m.group(3).equals("Canonical") && m.group(4).equals("ubuntu-24_04-lts") && m.group(5).equals("server");
      String base = "/Subscriptions/" + LocalArm.SUBSCRIPTION + "/Providers/Microsoft.Compute/Locations/" + m.group(2)
          + "/Publishers/" + m.group(3) + "/ArtifactTypes/VMImage/Offers/" + m.group(4) + "/Skus/" + m.group(5)
          + "/Versions/";
      if (m.group(6) == null) {
        ArrayNode list = ArmJson.array();
        for (String v : known ? MARKETPLACE_VERSIONS : List.<String>of()) {
          list.addObject().put("location", m.group(2)).put("name", v).put("id", base + v);
        }
        return ArmCall.Answer.ok(list);
      }
      if (!known || !MARKETPLACE_VERSIONS.contains(m.group(6))) {
        throw new ArmCall.Failure(ArmError.of(404, "NotFound", "Artifact: VMImage was not found."));
      }
      ObjectNode image = ArmJson.object().put("location", m.group(2)).put("name", m.group(6)).put("id", base + m.group(6));
      image.putObject("properties").put("hyperVGeneration", "V2").put("architecture", "x64").putObject("osDiskImage")
          .put("operatingSystem", "Linux");
      return ArmCall.Answer.ok(image);
    }
    return null;
  }
}
