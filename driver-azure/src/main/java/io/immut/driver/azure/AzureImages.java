package io.immut.driver.azure;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.fluent.models.ImageInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineImageInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineImageResourceInner;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.spi.DriverException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the three kinds of Azure image reference: a managed image id, a Compute Gallery image
 * version id, and a marketplace URN {@code publisher:offer:sku:version} ({@code latest} resolves to
 * the newest version, so that the generation pins it).
 */
final class AzureImages {
  static final Pattern MANAGED = Pattern.compile(
      "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/images/([^/]+)");
  static final Pattern GALLERY = Pattern.compile("(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
      + "Microsoft\\.Compute/galleries/([^/]+)/images/([^/]+)/versions/([^/]+)");
  static final Pattern URN = Pattern.compile("([^:/\\s]+):([^:/\\s]+):([^:/\\s]+):([^:/\\s]+)");

  private final ComputeManagementClient compute;
  private final AzureDriverConfig config;
  private final AzureErrors errors;

  AzureImages(ComputeManagementClient compute, AzureDriverConfig config, AzureErrors errors) {
    this.compute = compute;
    this.config = config;
    this.errors = errors;
  }

  static boolean isWellFormed(String ref) {
    return MANAGED.matcher(ref).matches() || GALLERY.matcher(ref).matches() || URN.matcher(ref).matches();
  }

  Image resolve(ImageRef ref) {
    String v = ref.value().trim();
    Matcher managed = MANAGED.matcher(v);
    Matcher m;
    if (managed.matches()) {
      ImageInner image = call(ref, "GET images",
          () -> compute.getImages().getByResourceGroup(managed.group(2), managed.group(3)));
      return new Image(image.id(), image.name(), null, null, tags(image.tags()));
    }
    if ((m = GALLERY.matcher(v)).matches()) {
      Matcher g = m;
      GalleryImageVersionInner version = call(ref, "GET galleries/images/versions",
          () -> compute.getGalleryImageVersions().get(g.group(2), g.group(3), g.group(4), g.group(5)));
      Instant published = version.publishingProfile() == null || version.publishingProfile().publishedDate() == null
          ? null : version.publishingProfile().publishedDate().toInstant();
      return new Image(version.id(), g.group(4), version.name(), published, tags(version.tags()));
    }
    if ((m = URN.matcher(v)).matches()) {
      String publisher = m.group(1);
      String offer = m.group(2);
      String sku = m.group(3);
      String version = m.group(4);
      if (version.equalsIgnoreCase("latest")) {
        List<VirtualMachineImageResourceInner> versions = call(ref, "GET vmimage versions",
            () -> compute.getVirtualMachineImages().list(config.location(), publisher, offer, sku));
        version = versions.stream().map(VirtualMachineImageResourceInner::name).max(AzureImages::compareVersions)
            .orElseThrow(() -> notFound(ref, null));
      }
      String exact = version;
      VirtualMachineImageInner image = call(ref, "GET vmimage",
          () -> compute.getVirtualMachineImages().get(config.location(), publisher, offer, sku, exact));
      String id = publisher + ":" + offer + ":" + sku + ":" + (image.name() == null ? exact : image.name());
      return new Image(id, offer + "/" + sku, exact, null, tags(image.tags()));
    }
    throw new DriverException.InvalidRequest("resolveImage", null, "image '" + v + "' is not an Azure image reference;"
        + " allowed: a managed image id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/images/<name>),"
        + " a gallery image version id (.../galleries/<g>/images/<def>/versions/<v>) or a marketplace URN"
        + " publisher:offer:sku:version", null);
  }

  private <T> T call(ImageRef ref, String action, java.util.function.Supplier<T> call) {
    try {
      T t = call.get();
      if (t == null) {
        throw notFound(ref, null);
      }
      return t;
    } catch (DriverException e) {
      throw e;
    } catch (RuntimeException e) {
      DriverException mapped = errors.map("resolveImage", action, "image " + ref.value(), e);
      if (mapped instanceof DriverException.NotFound) {
        throw notFound(ref, e);
      }
      throw mapped;
    }
  }

  private DriverException.NotFound notFound(ImageRef ref, RuntimeException cause) {
    return new DriverException.NotFound("resolveImage", "ImageNotFound", "image '" + ref.value() + "' was not found in "
        + config.location() + " (subscription " + config.subscriptionId() + "): check the id or URN, that the image is"
        + " replicated to " + config.location() + ", and that the credentials may read it", cause);
  }

  private static Map<String, String> tags(Map<String, String> tags) {
    return tags == null ? Map.of() : tags;
  }

  /** Compares dotted versions numerically where both parts are numbers ({@code 1.10.0 > 1.9.3}). */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "0";
      String q = i < y.length ? y[i] : "0";
      int c;
      if (p.matches("\\d{1,18}") && q.matches("\\d{1,18}")) {
        c = Long.compare(Long.parseLong(p), Long.parseLong(q));
      } else {
        c = Comparator.<String>naturalOrder().compare(p, q);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
