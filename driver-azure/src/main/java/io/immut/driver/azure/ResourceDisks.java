package io.immut.driver.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The temporary (resource) disk of each VM size in the driver's location. A VM's model does not
 * list it; the size has one when its Resource SKU's {@code MaxResourceVolumeMB} capability is above
 * zero (D2ds_v5: 75 GiB; D2s_v5: none). Whatever it holds is lost when the VM is replaced (or even
 * redeployed), like an EC2 instance store. Read once per driver with one paged {@code skus} listing
 * filtered by location ({@code Microsoft.Compute/skus/read}).
 */
final class ResourceDisks {
  private final ComputeManagementClient compute;
  private final String location;
  private volatile Map<String, Integer> gibBySize;

  ResourceDisks(ComputeManagementClient compute, String location) {
    this.compute = compute;
    this.location = location;
  }

  /**
   * The size of a VM size's resource disk.
   *
   * @param vmSize the size, such as {@code Standard_D2ds_v5}
   * @return GiB, 0 when it has none or is unknown
   */
  int gib(String vmSize) {
    if (vmSize == null) {
      return 0;
    }
    Map<String, Integer> table = gibBySize;
    if (table == null) {
      table = read();
      gibBySize = table;
    }
    return table.getOrDefault(vmSize.toLowerCase(Locale.ROOT), 0);
  }

  private Map<String, Integer> read() {
    Map<String, Integer> out = new HashMap<>();
    for (ResourceSkuInner sku : compute.getResourceSkus().list("location eq '" + location + "'", null, Context.NONE)) {
      if (!"virtualMachines".equalsIgnoreCase(sku.resourceType()) || sku.name() == null || sku.capabilities() == null) {
        continue;
      }
      for (ResourceSkuCapabilities c : sku.capabilities()) {
        if ("MaxResourceVolumeMB".equals(c.name()) && c.value() != null) {
          try {
            out.put(sku.name().toLowerCase(Locale.ROOT), (int) (Long.parseLong(c.value().trim()) / 1024));
          } catch (NumberFormatException e) {
            // a value ARM does not document: treat the size as having no resource disk
          }
        }
      }
    }
    return out;
  }
}
