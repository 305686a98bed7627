/**
 * The engine ({@link io.immut.core.Immut}), state checks, autoscaling, cost, the in-memory cloud
 * (driver {@code memory}), spec files, the generation history and the trace-replay simulator.
 * Packages under {@code io.immut.core.internal} are the implementation and not exported.
 */
module io.immut.core {
  requires transitive io.immut.api;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;
  requires org.slf4j;
  requires java.net.http;
  requires java.desktop;

  exports io.immut.core;
  exports io.immut.core.clock;
  exports io.immut.core.controller;
  exports io.immut.core.cost;
  exports io.immut.core.history;
  exports io.immut.core.memory;
  exports io.immut.core.port;
  exports io.immut.core.rollout;
  exports io.immut.core.rollout.plan;
  exports io.immut.core.scaling;
  exports io.immut.core.scaling.prometheus;
  exports io.immut.core.simulation;
  exports io.immut.core.spec;
  exports io.immut.core.state;

  uses io.immut.spi.CloudDriverProvider;
  provides io.immut.spi.CloudDriverProvider with io.immut.core.memory.MemoryDriverProvider;
}
