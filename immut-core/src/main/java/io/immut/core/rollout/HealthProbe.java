package io.immut.core.rollout;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.core.rollout.health.HttpHealthProbe;
import io.immut.spi.InstanceView;
import java.time.Duration;

/**
 * A health check of one instance beside the cloud's own status. The health gate counts an
 * instance healthy when the cloud does not call it unhealthy and the probe says
 * {@link HealthStatus#HEALTHY}. {@link #http()} probes the health check's HTTP path and port.
 */
@FunctionalInterface
public interface HealthProbe {

  /**
   * Probes one running instance.
   *
   * @param instance the instance, with its addresses
   * @param check the generation's health check (path, port)
   * @return healthy, unhealthy, or unknown when there is nothing to tell yet
   */
  HealthStatus probe(InstanceView instance, HealthCheck check);

  /**
   * An HTTP probe on the JDK's {@code HttpClient}: {@code GET http://<address>:<port><path>} with a
   * two-second timeout; 2xx and 3xx are healthy, anything else (an error status, a refused or
   * timed out connection) is unhealthy. Instances whose health check has no path are left to the
   * cloud's status ({@link HealthStatus#UNKNOWN}).
   *
   * @return the probe
   */
  static HealthProbe http() {
    return new HttpHealthProbe(Duration.ofSeconds(2));
  }
}
