package io.immut.driver.gcp;

import io.immut.driver.gcp.local.LocalGce;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import java.util.HashMap;
import java.util.Map;

/** Drivers pointed at a {@link LocalGce}: the real client on its REST transport, no credentials. */
final class LocalGcp {
  private LocalGcp() {}

  /** The configuration of a driver talking to the endpoint. */
  static Map<String, String> properties(LocalGce local) {
    Map<String, String> p = new HashMap<>();
    p.put("project", LocalGce.PROJECT);
    p.put("region", LocalGce.REGION);
    p.put("zones", String.join(",", LocalGce.ZONES));
    p.put("endpoint", local.endpoint());
    p.put("credentials", "none");
    return p;
  }

  static GcpDriver driver(LocalGce local, Map<String, String> extra, DriverContext context) {
    Map<String, String> p = properties(local);
    p.putAll(extra);
    return GcpDriver.open(GcpDriverConfig.from(DriverConfig.of("gcp", p)), context);
  }

  static GcpDriver driver(LocalGce local, Map<String, String> extra) {
    return driver(local, extra, DriverContext.system());
  }

  static GcpDriver driver(LocalGce local) {
    return driver(local, Map.of());
  }
}
