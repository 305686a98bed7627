package io.immut.driver.gcp;

import com.google.cloud.compute.v1.GetFromFamilyImageRequest;
import com.google.cloud.compute.v1.GetImageRequest;
import com.google.cloud.compute.v1.ImagesClient;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.spi.DriverException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves image references: {@code projects/P/global/images/NAME}, the newest of a family
 * {@code projects/P/global/images/family/F}, either as a full URL, or {@code NAME} and
 * {@code family/F} in the driver's project.
 */
final class ImageResolver {
  private static final Pattern FULL = Pattern.compile(
      "(?:https?://[^/]+/compute/(?:v1|beta)/)?projects/([^/]+)/global/images/(family/)?([a-z][-a-z0-9]{0,61}[a-z0-9]?)");
  private static final Pattern SHORT = Pattern.compile("(?:global/images/)?(family/)?([a-z][-a-z0-9]{0,61}[a-z0-9]?)");
  private final ImagesClient images;
  private final String project;

  ImageResolver(ImagesClient images, String project) {
    this.images = images;
    this.project = project;
  }

  Image resolve(ImageRef ref) {
    String v = ref.value();
    String p;
    boolean family;
    String name;
    Matcher m = FULL.matcher(v);
    Matcher s = SHORT.matcher(v);
    if (m.matches()) {
      p = m.group(1);
      family = m.group(2) != null;
      name = m.group(3);
    } else if (s.matches()) {
      p = project;
      family = s.group(1) != null;
      name = s.group(2);
    } else {
      throw new DriverException.NotFound("resolveImage", "invalid", "gcp: '" + v + "' names no Compute Engine image;"
          + " give projects/PROJECT/global/images/NAME, or projects/PROJECT/global/images/family/FAMILY for the newest of"
          + " a family", null);
    }
    com.google.cloud.compute.v1.Image image;
    String where = "projects/" + p + "/global/images/" + (family ? "family/" : "") + name;
    try {
      image = family
          ? images.getFromFamilyCallable().call(GetFromFamilyImageRequest.newBuilder().setProject(p).setFamily(name).build())
          : images.getCallable().call(GetImageRequest.newBuilder().setProject(p).setImage(name).build());
    } catch (RuntimeException e) {
      DriverException d = GcpErrors.map("resolveImage " + where, e);
      if (d instanceof DriverException.NotFound) {
        throw new DriverException.NotFound("resolveImage", d.cloudCode().orElse("notFound"), "gcp: image '" + v
            + "' not found (looked for " + where + "); check the name and that the project shares it", e);
      }
      throw d;
    }
    if (image.hasDeprecated() && image.getDeprecated().getState().equals("DELETED")) {
      throw new DriverException.NotFound("resolveImage", "DELETED", "gcp: image '" + v + "' (" + where
          + ") is deprecated as DELETED; use its replacement " + image.getDeprecated().getReplacement(), null);
    }
    String id = "projects/" + p + "/global/images/" + image.getName();
    return new Image(id, image.getName(), image.getLabelsMap().getOrDefault("version", ""),
        InstanceMapping.instant(image.getCreationTimestamp()), image.getLabelsMap());
  }
}
