package io.immut.examples;

import com.sun.net.httpserver.HttpServer;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.FleetController;
import io.immut.core.Immut;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.MemoryCloud;
import io.immut.micrometer.ImmutMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A fleet controller whose metrics Prometheus scrapes: {@link ImmutMetrics} bound to a
 * {@link PrometheusMeterRegistry}, its listeners given to the engine and the controller. Three
 * fleets on the in-memory cloud (on a virtual clock, so that it runs in a moment) are reconciled for
 * a few rounds, one of them changes its image; then the scrape text is printed, or served on
 * {@code http://localhost:PORT/metrics} when a port is given.
 */
public final class ControllerMetricsExample {
  private ControllerMetricsExample() {}

  /**
   * Runs the controller for a few rounds and answers what Prometheus would scrape.
   *
   * @param registry the registry to fill
   * @return the scrape text
   */
  public static String run(PrometheusMeterRegistry registry) {
    ImmutMetrics metrics = new ImmutMetrics();
    metrics.bindTo(registry);
    VirtualClock clock = new VirtualClock();
    MemoryCloud cloud = MemoryCloud.builder().clock(clock).build();
    try (Immut immut = Immut.builder().driver(cloud.driver()).clock(clock).generationStore(GenerationStore.inMemory())
        .listener(metrics.rolloutListener()).driverCallListener(metrics.driverCallListener()).build();
         FleetController controller = immut.controller().interval(Duration.ofSeconds(15))
             .listener(metrics.controllerListener()).build()) {
      for (String fleet : new String[] {"web", "api", "worker"}) {
        controller.put(spec(fleet, "ami-1"));
      }
      controller.runOnce();
      controller.put(spec("web", "ami-2"));
      for (int round = 0; round < 3; round++) {
        clock.advance(Duration.ofSeconds(15));
        controller.runOnce();
      }
      return registry.scrape();
    }
  }

  private static FleetSpec spec(String fleet, String image) {
    return FleetSpec.builder(fleet).generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build())
        .capacity(Capacity.fixed(3)).build();
  }

  /**
   * Prints the scrape text, or serves it at {@code /metrics} on the port given.
   *
   * @param args an optional port
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String text = run(registry);
    if (args.length == 0) {
      System.out.print(text);
      return;
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("serving http://127.0.0.1:" + args[0] + "/metrics; scrape it with Prometheus, Ctrl-C to stop");
  }
}
