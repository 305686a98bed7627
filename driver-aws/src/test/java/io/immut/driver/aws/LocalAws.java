package io.immut.driver.aws;

import io.immut.driver.aws.local.LocalEc2;
import io.immut.spi.DriverConfig;
import java.util.HashMap;
import java.util.Map;

/** Drivers pointed at a {@link LocalEc2}: the real SDK, the local endpoint, static test credentials. */
final class LocalAws {
  private LocalAws() {}

  /** The configuration of a driver talking to the endpoint, with no SDK retries so that every answer shows. */
  static Map<String, String> properties(LocalEc2 local) {
    Map<String, String> p = new HashMap<>();
    p.put("region", LocalEc2.REGION);
    p.put("endpoint", local.endpoint().toString());
    p.put("accessKeyId", LocalEc2.ACCESS_KEY);
    p.put("secretAccessKey", LocalEc2.SECRET_KEY);
    p.put("maxRetries", "0");
    return p;
  }

  static AwsDriver driver(LocalEc2 local, Map<String, String> extra) {
    Map<String, String> p = properties(local);
    p.putAll(extra);
    return AwsDriver.open(AwsDriverConfig.from(DriverConfig.of("aws", p)), io.immut.spi.DriverContext.system());
  }

  static AwsDriver driver(LocalEc2 local) {
    return driver(local, Map.of());
  }
}
