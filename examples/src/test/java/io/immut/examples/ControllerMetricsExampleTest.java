package io.immut.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes from a controller with {@code ImmutMetrics} holds the documented meters. */
class ControllerMetricsExampleTest {

  @Test
  void theScrapeTextHoldsTheControllersAndTheEnginesMeters() {
    String text = ControllerMetricsExample.run(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    assertThat(text)
        .contains("# TYPE immut_rollouts_total counter")
        .containsPattern("immut_rollouts_total\\{fleet=\"web\",outcome=\"completed\"} 2\\.0")
        .containsPattern("immut_rollouts_total\\{fleet=\"api\",outcome=\"no_change\"} 3\\.0")
        .containsPattern("immut_rollout_waves_total\\{fleet=\"web\"} \\d")
        .containsPattern("immut_driver_calls_total\\{operation=\"launch\",outcome=\"succeeded\"} \\d")
        .containsPattern("immut_driver_call_latency_seconds_count\\{operation=\"list\"} \\d")
        .containsPattern("immut_fleet_instances\\{fleet=\"worker\"} 3\\.0")
        .containsPattern("immut_fleet_hourly_cost\\{fleet=\"web\"} 0\\.\\d+")
        .containsPattern("immut_lease_changes_total\\{state=\"held\"} 3\\.0")
        .containsPattern("immut_controller_leases_held 3\\.0")
        .containsPattern("immut_reconcile_seconds_count\\{outcome=\"reconciled\"} \\d+")
        .containsPattern("immut_reconcile_seconds_count\\{outcome=\"rolled_out\"} 4");
  }
}
