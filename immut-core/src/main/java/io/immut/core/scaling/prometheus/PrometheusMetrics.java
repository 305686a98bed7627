package io.immut.core.scaling.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsException;
import io.immut.spi.MetricsException.Kind;
import io.immut.spi.MetricsSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link MetricsSource} that asks a Prometheus server through its HTTP API: {@code /api/v1/query}
 * for {@link #latest} and {@code /api/v1/query_range} for {@link #range}. A query is PromQL and
 * must return one series (aggregate with {@code sum()} or {@code avg()}); a query that returns
 * several fails with {@link Kind#AMBIGUOUS}, one that returns none answers empty. {@code NaN} and
 * infinite values count as no data.
 *
 * <pre>{@code
 * MetricsSource prometheus = PrometheusMetrics.builder(URI.create("http://prometheus:9090"))
 *     .timeout(Duration.ofSeconds(5))
 *     .bearerToken(System.getenv("PROMETHEUS_TOKEN"))
 *     .build();
 * prometheus.latest("avg(rate(node_cpu_seconds_total{mode!=\"idle\",job=\"web\"}[1m]))", clock.now());
 * }</pre>
 *
 * <p>Errors are classified once, here: connection failures are {@link Kind#UNREACHABLE}, time-outs
 * {@link Kind#TIMEOUT}, HTTP 400 {@link Kind#BAD_QUERY}, 422 {@link Kind#EXECUTION}, 503 and other
 * 5xx {@link Kind#UNAVAILABLE}, 401/403 {@link Kind#AUTH}, and an answer that is not the API's
 * {@link Kind#BAD_RESPONSE}. The bearer token never appears in messages.
 *
 * <p>Stale data: an instant query answers with the evaluation instant as its timestamp, so a gauge
 * that stopped being scraped would look fresh for Prometheus's whole lookback (5 minutes by
 * default) and an autoscaler would act on the same value again and again. {@link #latest} therefore
 * sends {@code lookback_delta} (the source's {@linkplain Builder#maxSampleAge maximum sample age}),
 * and asks {@code timestamp(query)} for the time of the data itself: for a selector of raw samples
 * (and functions that keep their timestamps) that is the scrape time, which lets the autoscaler
 * refuse a sample taken before its last scaling action. For an aggregation ({@code avg(...)}) or a
 * {@code rate(...)}, Prometheus can only report the evaluation instant; the age is then bounded by
 * the lookback and by the expression's own window.
 */
public final class PrometheusMetrics implements MetricsSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client;
  private final Duration timeout;
  private final String authorization;
  private final Duration maxSampleAge;

  private PrometheusMetrics(Builder b) {
    String s = b.base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.timeout = b.timeout;
    this.client = b.client != null ? b.client
        : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    this.authorization = b.bearerToken == null ? null : "Bearer " + b.bearerToken;
    this.maxSampleAge = b.maxSampleAge;
  }

  /**
   * Starts a builder.
   *
   * @param base the server's address, such as {@code http://localhost:9090} (a path prefix is kept)
   * @return the builder
   */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public Optional<MetricSample> latest(String query, Instant at) {
    boolean[] vector = new boolean[1];
    Optional<MetricSample> value = instant(query, at, vector);
    if (value.isEmpty() || !vector[0]) {
      return value; // a scalar has no time of its own: timestamp() takes only an instant vector
    }
    // the value's own time: the scrape time for raw samples, the evaluation instant otherwise
    Optional<MetricSample> time = instant("timestamp(" + query + ")", at, new boolean[1]);
    if (time.isEmpty() || time.get().value() <= 0) {
      return value;
    }
    double seconds = time.get().value();
    long secs = (long) Math.floor(seconds);
    Instant sampledAt = Instant.ofEpochSecond(secs, Math.round((seconds - secs) * 1000) * 1_000_000);
    // a time of the data lies within the lookback before the evaluation; anything else is not one
    Instant evaluated = value.get().at();
    boolean plausible = sampledAt.isBefore(evaluated) && !sampledAt.isBefore(evaluated.minus(maxSampleAge));
    return plausible ? Optional.of(new MetricSample(sampledAt, value.get().value())) : value;
  }

  /** An instant query; {@code vector[0]} tells whether it answered an instant vector. */
  private Optional<MetricSample> instant(String query, Instant at, boolean[] vector) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put("time", seconds(at));
    form.put("lookback_delta", maxSampleAge.toMillis() + "ms");
    JsonNode data = call("api/v1/query", query, form);
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    switch (type) {
      case "scalar":
        return sample(result, query);
      case "vector":
        vector[0] = true;
        if (result.size() == 0) {
          return Optional.empty();
        }
        single(result, query);
        return sample(result.get(0).path("value"), query);
      default:
        throw badResponse(query, "an instant query answered with result type '" + type + "'; expected a vector or a scalar", null);
    }
  }

  @Override
  public List<MetricSample> range(String query, Instant from, Instant to, Duration step) {
    Duration s = step == null || step.isZero() || step.isNegative() ? Duration.ofMinutes(1) : step;
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put("start", seconds(from));
    form.put("end", seconds(to));
    form.put("step", new BigDecimal(s.toMillis()).movePointLeft(3).toPlainString());
    JsonNode data = call("api/v1/query_range", query, form);
    String type = data.path("resultType").asText();
    if (!type.equals("matrix")) {
      throw badResponse(query, "a range query answered with result type '" + type + "'; expected a matrix", null);
    }
    JsonNode result = data.path("result");
    if (result.size() == 0) {
      return List.of();
    }
    single(result, query);
    List<MetricSample> out = new ArrayList<>();
    for (JsonNode pair : result.get(0).path("values")) {
      sample(pair, query).ifPresent(out::add);
    }
    return out;
  }

  private JsonNode call(String path, String query, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new MetricsException(Kind.TIMEOUT, source(), query, "Prometheus at " + base + " did not answer within "
          + timeout.toMillis() + " ms; the autoscaler holds the fleet's size and asks again on its next step", e);
    } catch (ConnectException e) {
      throw new MetricsException(Kind.UNREACHABLE, source(), query, "Prometheus at " + base
          + " cannot be reached (" + e.getMessage() + "); check the address and that the server runs", e);
    } catch (IOException e) {
      throw new MetricsException(Kind.UNREACHABLE, source(), query, "Prometheus at " + base + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsException(Kind.UNREACHABLE, source(), query, "interrupted while asking Prometheus at " + base, e);
    }
    int status = response.statusCode();
    JsonNode root = null;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      // classified below from the status
    }
    if (status == 401 || status == 403) {
      throw new MetricsException(Kind.AUTH, source(), query, "Prometheus at " + base + " refused the request (HTTP " + status
          + "); check the bearer token or the proxy's credentials", null);
    }
    boolean api = root != null && root.isObject() && root.has("status");
    if (!api) {
      Kind kind = status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_RESPONSE;
      throw new MetricsException(kind, source(), query, "the server at " + base + " answered HTTP " + status
          + " with something that is not the Prometheus API's JSON" + (kind == Kind.BAD_RESPONSE
          ? "; is the address that of a Prometheus server (or of its API path prefix)?" : ""), null);
    }
    if ("success".equals(root.path("status").asText()) && status == 200) {
      return root.path("data");
    }
    String errorType = root.path("errorType").asText("");
    String error = root.path("error").asText("");
    Kind kind = switch (errorType) {
      case "bad_data" -> Kind.BAD_QUERY;
      case "execution" -> Kind.EXECUTION;
      case "timeout" -> Kind.TIMEOUT;
      case "canceled", "unavailable", "internal" -> Kind.UNAVAILABLE;
      default -> status == 400 ? Kind.BAD_QUERY : status == 422 ? Kind.EXECUTION : status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_RESPONSE;
    };
    String advice = switch (kind) {
      case BAD_QUERY -> "; fix the query";
      case EXECUTION -> "; fix the query or shorten its range";
      default -> "";
    };
    throw new MetricsException(kind, source(), query, "Prometheus at " + base + " rejected the query '" + query + "' (HTTP " + status
        + ", " + (errorType.isEmpty() ? "no error type" : errorType) + "): " + error + advice, null);
  }

  private void single(JsonNode result, String query) {
    if (result.size() > 1) {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < Math.min(3, result.size()); i++) {
        labels.add(result.get(i).path("metric").toString());
      }
      throw new MetricsException(Kind.AMBIGUOUS, source(), query, "the query '" + query + "' returns " + result.size()
          + " series (" + String.join(", ", labels) + (result.size() > 3 ? ", ..." : "")
          + "); an autoscaler needs one: aggregate it, for example sum(" + query + ") or avg(" + query + ")", null);
    }
  }

  private Optional<MetricSample> sample(JsonNode pair, String query) {
    if (!pair.isArray() || pair.size() != 2) {
      throw badResponse(query, "a sample is not [time, \"value\"]: " + pair, null);
    }
    double value;
    try {
      value = Double.parseDouble(pair.get(1).asText());
    } catch (NumberFormatException e) {
      throw badResponse(query, "a sample's value is not a number: " + pair, e);
    }
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    BigDecimal t = pair.get(0).decimalValue();
    long secs = t.longValue();
    int nanos = t.subtract(BigDecimal.valueOf(secs)).movePointRight(9).intValue();
    return Optional.of(new MetricSample(Instant.ofEpochSecond(secs, nanos), value));
  }

  private MetricsException badResponse(String query, String what, Throwable cause) {
    return new MetricsException(Kind.BAD_RESPONSE, source(), query, "Prometheus at " + base + ": " + what, cause);
  }

  private String source() {
    return "prometheus " + base;
  }

  private static String seconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros().toPlainString();
  }

  /** Returns {@code prometheus http://host:9090/}. */
  @Override
  public String toString() {
    return source();
  }

  /** A builder of {@link PrometheusMetrics}. */
  public static final class Builder {
    private final URI base;
    private Duration timeout = Duration.ofSeconds(10);
    private HttpClient client;
    private String bearerToken;
    private Duration maxSampleAge = Duration.ofMinutes(5);

    private Builder(URI base) {
      this.base = Objects.requireNonNull(base, "base");
      if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https")) || base.getHost() == null) {
        throw new IllegalArgumentException("'" + base + "' is not an http(s) address of a Prometheus server, such as http://localhost:9090");
      }
    }

    /**
     * Sets the time-out of each request (and of connecting).
     *
     * @param timeout positive; default 10 seconds
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("a Prometheus time-out must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Uses a client of your own (proxy, TLS settings).
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sends a bearer token with every request (a Prometheus behind an authenticating proxy).
     *
     * @param token the token, or null for none; never logged
     * @return this builder
     */
    public Builder bearerToken(String token) {
      this.bearerToken = token == null || token.isBlank() ? null : token;
      return this;
    }

    /**
     * Sets how old the data under an instant query may be: sent as the query's
     * {@code lookback_delta}, so that a series not scraped for longer answers no data (and the
     * autoscaler abstains) instead of its last value. A server without the
     * {@code lookback_delta} parameter ignores it and uses its own lookback.
     *
     * @param maxAge positive; default 5 minutes (Prometheus's default lookback)
     * @return this builder
     */
    public Builder maxSampleAge(Duration maxAge) {
      if (maxAge == null || maxAge.isZero() || maxAge.isNegative() || maxAge.toMillis() == 0) {
        throw new IllegalArgumentException("a maximum sample age must be at least 1ms, such as 5m; got " + maxAge);
      }
      this.maxSampleAge = maxAge;
      return this;
    }

    /**
     * Builds the source. Makes no request.
     *
     * @return the source
     */
    public PrometheusMetrics build() {
      return new PrometheusMetrics(this);
    }
  }
}
