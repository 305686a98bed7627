package io.immut.core.scaling.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsException.Kind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How answers that a healthy Prometheus does not give are classified (a stub server on loopback). */
@DisplayName("The Prometheus source's error classification")
class PrometheusErrorsTest {
  HttpServer server;
  final AtomicReference<Object[]> answer = new AtomicReference<>();
  final AtomicReference<String> authorization = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
      Object[] a = answer.get();
      byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders((Integer) a[0], body.length);
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
        .timeout(Duration.ofSeconds(5)).bearerToken("s3cr3t-token").build();
  }

  Kind kindOf(int status, String body) {
    answer.set(new Object[] {status, body});
    try {
      source().latest("up", Instant.now());
    } catch (MetricsException e) {
      assertThat(e.getMessage()).doesNotContain("s3cr3t-token");
      return e.kind();
    }
    throw new AssertionError("no exception for HTTP " + status);
  }

  @Test
  @DisplayName("each HTTP status and API error type maps to its kind")
  void classification() {
    assertThat(kindOf(200, "<html>hello</html>")).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(kindOf(503, "Service Unavailable")).isEqualTo(Kind.UNAVAILABLE);
    assertThat(kindOf(401, "no")).isEqualTo(Kind.AUTH);
    assertThat(kindOf(403, "{\"status\":\"error\"}")).isEqualTo(Kind.AUTH);
    assertThat(kindOf(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}")).isEqualTo(Kind.EXECUTION);
    assertThat(kindOf(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}")).isEqualTo(Kind.TIMEOUT);
    assertThat(kindOf(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}")).isEqualTo(Kind.BAD_QUERY);
    assertThat(kindOf(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}"))
        .isEqualTo(Kind.BAD_RESPONSE);
  }

  @Test
  @DisplayName("the bearer token is sent, and a vector answer is read with its time")
  void bearerAndVector() {
    answer.set(new Object[] {200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000.5,\"42.25\"]}]}}"});
    var s = source().latest("up", Instant.now()).orElseThrow();
    assertThat(s.value()).isEqualTo(42.25);
    assertThat(s.at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
    assertThat(authorization.get()).isEqualTo("Bearer s3cr3t-token");
    assertThat(source().toString()).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("an address that is not http(s) is refused at build time")
  void badAddress() {
    assertThatThrownBy(() -> PrometheusMetrics.builder(URI.create("ftp://x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://localhost:9090");
  }
}
