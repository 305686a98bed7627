package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /subscriptions/S/providers/Microsoft.Compute/skus}: the Resource SKUs of a few VM
 * sizes, each with its {@code MaxResourceVolumeMB} capability (the temporary disk) as the reference
 * shows it, filtered by {@code $filter=location eq '…'}.
 */
final class ResourceSkus {
  private static final Pattern SKUS = Pattern.compile("(?i)/subscriptions/([^/]+)/providers/Microsoft\\.Compute/skus");
  private static final Pattern LOCATION = Pattern.compile("location eq '([^']+)'");
  /** Size → MaxResourceVolumeMB, the public figures. */
  private static final Map<String, Long> RESOURCE_DISK_MB = Map.of(
      "Standard_B1s", 4096L, "Standard_B2s", 8192L, "Standard_D2s_v5", 0L, "Standard_D2ds_v5", 76800L,
      "Standard_D4s_v5", 0L, "Standard_D4ds_v5", 153600L);

  private final LocalArm arm;

  ResourceSkus(LocalArm arm) {
    this.arm = arm;
  }

  ArmCall.Answer handle(ArmCall call) {
    Matcher m = SKUS.matcher(call.path());
    if (!call.method().equals("GET") || !m.matches()) {
      return null;
    }
    arm.require("Microsoft.Compute/skus/read");
    String filter = call.query().get("$filter");
    Matcher loc = filter == null ? null : LOCATION.matcher(filter);
    String location = loc != null && loc.find() ? loc.group(1) : null;
    ObjectNode out = ArmJson.object();
    ArrayNode value = out.putArray("value");
    if (location == null || location.equalsIgnoreCase(LocalArm.LOCATION)) {
      RESOURCE_DISK_MB.forEach((size, mb) -> {
        ObjectNode sku = value.addObject().put("resourceType", "virtualMachines").put("name", size)
            .put("tier", "Standard").put("size", size.substring("Standard_".length()));
        sku.putArray("locations").add(LocalArm.LOCATION);
        ArrayNode caps = sku.putArray("capabilities");
        caps.addObject().put("name", "MaxResourceVolumeMB").put("value", Long.toString(mb));
        caps.addObject().put("name", "vCPUs").put("value", size.contains("4") ? "4" : size.contains("B1") ? "1" : "2");
      });
    }
    return ArmCall.Answer.ok(out);
  }
}
