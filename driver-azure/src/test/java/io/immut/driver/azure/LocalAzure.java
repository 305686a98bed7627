package io.immut.driver.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import io.immut.driver.azure.local.LocalArm;
import io.immut.spi.DriverConfig;
import io.immut.spi.DriverContext;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A driver on the local ARM endpoint. The SDK calls {@code https://127.0.0.1:<port>/} with the real
 * bearer-token policy (which refuses plain http); the HTTP client below it sends those requests to
 * the endpoint's plain-http port on loopback.
 */
final class LocalAzure {
  /** The token the test credential hands out. */
  static final String TOKEN = "local-arm-token";
  static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKv0ZlRUGkp3z9a8n3Wb1Wm0+zZcM5fUo6jR8y7YkF2H immut@test";

  private LocalAzure() {}

  static Map<String, String> properties(LocalArm arm, Map<String, String> extra) {
    Map<String, String> p = new HashMap<>();
    p.put("subscriptionId", LocalArm.SUBSCRIPTION);
    p.put("resourceGroup", LocalArm.GROUP);
    p.put("location", LocalArm.LOCATION);
    p.put("subnet", LocalArm.SUBNET);
    p.put("sshPublicKey", SSH_KEY);
    p.put("endpoint", "https://127.0.0.1:" + arm.port() + "/");
    p.putAll(extra);
    return p;
  }

  static AzureDriverConfig config(LocalArm arm, Map<String, String> extra) {
    return AzureDriverConfig.from(DriverConfig.of("azure", properties(arm, extra)));
  }

  static AzureDriver driver(LocalArm arm) {
    return driver(arm, Map.of(), DriverContext.system());
  }

  static AzureDriver driver(LocalArm arm, Map<String, String> extra, DriverContext context) {
    return AzureDriver.open(config(arm, extra), credential(), new LoopbackRouter(arm.port()), context);
  }

  static TokenCredential credential() {
    return request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
  }

  /** Sends {@code https://127.0.0.1:<port>} requests to the endpoint's plain-http port. */
  static final class LoopbackRouter implements HttpClient {
    private final HttpClient delegate = new JdkHttpClientBuilder().build();
    private final int port;

    LoopbackRouter(int port) {
      this.port = port;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
      return delegate.send(route(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
      return delegate.send(route(request), context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
      return delegate.sendSync(route(request), context);
    }

    private HttpRequest route(HttpRequest request) {
      URL u = request.getUrl();
      if (!"https".equals(u.getProtocol()) || !"127.0.0.1".equals(u.getHost()) || u.getPort() != port) {
        throw new IllegalStateException("the test router only sends https://127.0.0.1:" + port + ", not " + u);
      }
      try {
        return request.copy().setUrl(new URL("http", u.getHost(), u.getPort(), u.getFile()));
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
