/**
 * Metrics of immut through Micrometer: {@link io.immut.micrometer.ImmutMetrics} binds the engine's
 * and the fleet controller's listeners to a {@code MeterRegistry}, in the style of Micrometer's own
 * binders. Depends on micrometer-core only: the registry (Prometheus, OTLP, ...) is the user's choice.
 */
module io.immut.micrometer {
  requires transitive io.immut.core;
  requires transitive micrometer.core;

  exports io.immut.micrometer;
}
