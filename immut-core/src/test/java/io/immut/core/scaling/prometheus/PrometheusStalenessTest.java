package io.immut.core.scaling.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import io.immut.core.scaling.Autoscaler;
import io.immut.core.scaling.FleetObservation;
import io.immut.core.scaling.ScalingController;
import io.immut.spi.MetricSample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A stub Prometheus that answers as a real one does for a gauge scraped once: the instant query
 * answers the last value stamped with the evaluation instant, {@code timestamp(cpu)} the scrape time.
 */
@DisplayName("The Prometheus source and stale samples")
class PrometheusStalenessTest {
  static final double SCRAPED_AT = 1_772_445_600.0; // 2026-03-02T10:00:00Z
  HttpServer server;
  final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      Map<String, String> form = new HashMap<>();
      for (String kv : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] p = kv.split("=", 2);
        form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
      }
      requests.add(form);
      String time = form.get("time");
      String value = form.get("query").equals("timestamp(cpu)") ? String.valueOf(SCRAPED_AT) : "90";
      byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[" + time
          + ",\"" + value + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  PrometheusMetrics source() {
    return PrometheusMetrics.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .maxSampleAge(Duration.ofMinutes(3)).build();
  }

  @Test
  @DisplayName("a sample's time is the scrape time, not the evaluation instant, and the maximum age is sent as lookback_delta")
  void scrapeTime() {
    Instant evaluated = Instant.ofEpochSecond((long) SCRAPED_AT + 45);
    MetricSample s = source().latest("cpu", evaluated).orElseThrow();
    assertThat(s.value()).isEqualTo(90.0);
    assertThat(s.at()).isEqualTo(Instant.ofEpochSecond((long) SCRAPED_AT));
    assertThat(requests).extracting(r -> r.get("lookback_delta")).containsOnly("180000ms");
  }

  @Test
  @DisplayName("one scraped cpu=90, re-read at every interval, scales the fleet once")
  void noCompounding() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 10, ScalingPolicy.targetTracking("cpu", 60)), Budget.unlimited());
    ScalingController c = new ScalingController("web", a, source());
    List<Integer> sizes = new ArrayList<>();
    int current = 2;
    for (int i = 1; i <= 4; i++) {
      current = c.step(Instant.ofEpochSecond((long) SCRAPED_AT + 15L * i), FleetObservation.of(current)).desired();
      sizes.add(current);
    }
    assertThat(sizes).containsExactly(3, 3, 3, 3);
  }
}
