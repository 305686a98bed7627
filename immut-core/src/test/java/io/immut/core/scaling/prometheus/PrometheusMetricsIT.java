package io.immut.core.scaling.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.immut.api.Capacity;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import io.immut.core.scaling.Autoscaler;
import io.immut.core.scaling.FleetObservation;
import io.immut.core.scaling.ScalingDecision;
import io.immut.core.scaling.ScalingState;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsException.Kind;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Prometheus source against a real Prometheus server")
class PrometheusMetricsIT {
  static PrometheusServer server;
  static PrometheusMetrics prometheus;

  @BeforeAll
  static void startServer() throws Exception {
    Optional<Path> binary = PrometheusServer.binary();
    Assumptions.assumeTrue(binary.isPresent(),
        "no 'prometheus' binary on the PATH: install the Debian package 'prometheus' (apt-get install -y prometheus) to run this test");
    try {
      server = PrometheusServer.start(binary.get());
    } catch (java.io.IOException e) {
      Assumptions.abort("the prometheus binary " + binary.get() + " could not be started: " + e.getMessage());
    }
    prometheus = PrometheusMetrics.builder(server.uri).timeout(Duration.ofSeconds(5)).build();
    // wait (setup, not an assertion) until it has scraped itself
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      if (!server.process.isAlive()) {
        Assumptions.abort("prometheus exited at start with code " + server.process.exitValue() + ":\n" + server.logTail());
      }
      try {
        Optional<MetricSample> up = prometheus.latest("up{job=\"prometheus\"}", Instant.now());
        Instant now = Instant.now();
        if (up.isPresent() && up.get().value() == 1.0
            && prometheus.latest("prometheus_build_info", now).isPresent()
            && prometheus.range("count({job=\"prometheus\"})", now.minusSeconds(3), now, Duration.ofSeconds(1)).size() >= 3) {
          break;
        }
      } catch (MetricsException e) {
        // not ready yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("prometheus at " + server.uri + " did not scrape itself within 90s:\n" + server.logTail());
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("an instant query of its own 'up' answers 1 at a time not after the asked instant")
  void instantQuery() {
    Instant now = Instant.now();
    Optional<MetricSample> up = prometheus.latest("up", now);
    assertThat(up).isPresent();
    assertThat(up.get().value()).isEqualTo(1.0);
    assertThat(up.get().at()).isBeforeOrEqualTo(now.plusMillis(1));
    assertThat(prometheus.latest("count(prometheus_build_info)", now)).map(MetricSample::value).hasValue(1.0);
  }

  @Test
  @DisplayName("a scalar query answers its value")
  void scalar() {
    assertThat(prometheus.latest("scalar(up) * 6 + 1", Instant.now())).map(MetricSample::value).hasValue(7.0);
  }

  @Test
  @DisplayName("a range query answers one sample per step, ascending")
  void rangeQuery() throws Exception {
    Instant to = Instant.now();
    Instant from = to.minusSeconds(4);
    List<MetricSample> samples = prometheus.range("up", from, to, Duration.ofSeconds(1));
    assertThat(samples).isNotEmpty().allSatisfy(s -> {
      assertThat(s.value()).isEqualTo(1.0);
      assertThat(s.at()).isBetween(from.minusMillis(1), to.plusMillis(1));
    });
    assertThat(samples).isSortedAccordingTo(java.util.Comparator.comparing(MetricSample::at));
    assertThat(samples.size()).isLessThanOrEqualTo(5);
  }

  @Test
  @DisplayName("a query without data answers empty, not an error")
  void noData() {
    assertThat(prometheus.latest("immut_no_such_metric", Instant.now())).isEmpty();
    assertThat(prometheus.range("immut_no_such_metric", Instant.now().minusSeconds(5), Instant.now(), Duration.ofSeconds(1))).isEmpty();
    assertThat(prometheus.latest("up / 0 - up / 0", Instant.now())).as("NaN is no data").isEmpty();
  }

  @Test
  @DisplayName("a syntax error is a BAD_QUERY that names the query and says to fix it")
  void badQuery() {
    assertThatThrownBy(() -> prometheus.latest("sum(up", Instant.now()))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
          assertThat(e.retryable()).isFalse();
          assertThat(e.query()).isEqualTo("sum(up");
          assertThat(e.getMessage()).contains("HTTP 400").contains("bad_data").contains("fix the query");
        });
  }

  @Test
  @DisplayName("a query of several series is AMBIGUOUS and suggests an aggregation")
  void ambiguous() {
    assertThatThrownBy(() -> prometheus.latest("prometheus_http_requests_total", Instant.now()))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS);
          assertThat(e.getMessage()).contains("series").contains("sum(prometheus_http_requests_total)");
        });
    // every series of the job: hundreds, present at every scrape since the first
    assertThatThrownBy(() -> prometheus.range("{job=\"prometheus\"}", Instant.now().minusSeconds(3), Instant.now(),
        Duration.ofSeconds(1))).isInstanceOfSatisfying(MetricsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
  }

  @Test
  @DisplayName("a range of too many points is refused by the server and reported with its reason")
  void tooManyPoints() {
    assertThatThrownBy(() -> prometheus.range("up", Instant.now().minus(Duration.ofDays(30)), Instant.now(), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.kind()).isIn(Kind.BAD_QUERY, Kind.EXECUTION);
          assertThat(e.getMessage()).contains("11,000");
        });
  }

  @Test
  @DisplayName("a closed port is UNREACHABLE and retryable")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PrometheusMetrics closed = PrometheusMetrics.builder(URI.create("http://127.0.0.1:" + port)).timeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> closed.latest("up", Instant.now()))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("cannot be reached");
        });
  }

  @Test
  @DisplayName("the autoscaler sizes a fleet from the server's own metrics")
  void autoscalerOnPrometheus() {
    Autoscaler a = new Autoscaler(Capacity.autoscaled(1, 10,
        ScalingPolicy.targetTracking("sum(up)", 0.25).withAggregation(ScalingPolicy.Aggregation.TOTAL)), Budget.unlimited());
    ScalingDecision d = a.decide(Instant.now(), FleetObservation.of(1), prometheus, ScalingState.initial()).decision();
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason()).contains("sum(up)=1");
  }
}
