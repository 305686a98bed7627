package io.immut.core.rollout;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.spi.InstanceView;

/**
 * A health check of one instance beside the cloud's own status. The health gate counts an
 * instance healthy when the cloud does not call it unhealthy and the probe says
 * {@link HealthStatus#HEALTHY}. {@link HttpHealthProbe} probes the health check's HTTP path and port.
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
}
