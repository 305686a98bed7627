/**
 * Small runnable programs: the demo, the README's embedding snippet, a fleet controller with its
 * metrics scraped by Prometheus, and a custom driver (name {@code map}) that passes the conformance suite.
 */
module io.immut.examples {
  requires io.immut.core;
  requires io.immut.micrometer;
  requires micrometer.registry.prometheus;
  requires jdk.httpserver;

  exports io.immut.examples;
  exports io.immut.examples.driver;

  provides io.immut.spi.CloudDriverProvider with io.immut.examples.driver.MapDriverProvider;
}
