package io.immut.core.rollout;

import io.immut.api.HealthCheck;
import io.immut.api.HealthStatus;
import io.immut.spi.InstanceView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Probes {@code GET http://<address>:<port><path>} on the JDK's HTTP client. Uses the private
 * address, or the public one when there is no private address.
 */
public final class HttpHealthProbe implements HealthProbe {
  private final Duration timeout;
  private final HttpClient client;

  /**
   * An HTTP probe with a two-second timeout: {@code GET http://<address>:<port><path>}; 2xx and
   * 3xx are healthy, anything else (an error status, a refused or timed out connection) is
   * unhealthy. Instances whose health check has no path are left to the cloud's status
   * ({@link HealthStatus#UNKNOWN}).
   *
   * @return the probe
   */
  public static HttpHealthProbe create() {
    return new HttpHealthProbe(Duration.ofSeconds(2));
  }

  /**
   * Creates a probe.
   *
   * @param timeout the connect and request timeout
   */
  public HttpHealthProbe(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public HealthStatus probe(InstanceView instance, HealthCheck check) {
    String address = instance.privateAddress() != null ? instance.privateAddress() : instance.publicAddress();
    if (check.path() == null || address == null) {
      return HealthStatus.UNKNOWN;
    }
    String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    URI uri = URI.create("http://" + host + ":" + check.port() + check.path());
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 400 ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    } catch (IOException e) {
      return HealthStatus.UNHEALTHY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthStatus.UNKNOWN;
    }
  }

  @Override
  public String toString() {
    return "HttpHealthProbe[timeout " + timeout + "]";
  }
}
