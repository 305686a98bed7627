package io.immut.postgres.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.HealthStatus;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * One {@link MemoryCloud} that several JVMs share: served over HTTP on a loopback port by the test
 * JVM, reached from every process (the test's own engines too) through {@link RemoteCloudDriver}.
 * The wire is a tiny JSON call per driver operation. A launch names its generation by id, and the
 * server takes the generation spec from the fleet specs the test registered, so the specs never
 * cross the wire.
 */
public final class SharedCloud implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final MemoryCloud cloud;
  private final HttpServer http;
  private final Map<String, GenerationSpec> generations = new ConcurrentHashMap<>();

  private SharedCloud(MemoryCloud cloud) throws IOException {
    this.cloud = cloud;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/call", exchange -> {
      byte[] answer;
      int status = 200;
      try (InputStream in = exchange.getRequestBody()) {
        answer = JSON.writeValueAsBytes(call(JSON.readTree(in)));
      } catch (RuntimeException e) {
        status = 500;
        answer = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    http.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "shared-cloud");
      t.setDaemon(true);
      return t;
    }));
    http.start();
  }

  /** The settings every process uses for the cloud (the children build capabilities from the same ones). */
  static MemoryCloud newCloud() {
    return MemoryCloud.builder().seed(7).bootTime(Duration.ofMillis(300)).bootJitter(0).healthyAfter(Duration.ofMillis(100))
        .shutdownTime(Duration.ofMillis(100)).drainTime(Duration.ZERO).anyImage(true).build();
  }

  /** Serves a new cloud on the system clock. */
  public static SharedCloud start() throws IOException {
    return new SharedCloud(newCloud());
  }

  /** Lets launches of this spec's generation through. */
  public void register(FleetSpec spec) {
    generations.put(spec.generationId(), spec.generation());
  }

  public MemoryCloud cloud() {
    return cloud;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/call");
  }

  private Object call(JsonNode c) {
    String op = c.get("op").asText();
    switch (op) {
      case "resolveImage":
        return image(cloud.driver().resolveImage(ImageRef.of(c.get("ref").asText())));
      case "launch": {
        GenerationSpec spec = generations.get(c.get("generationId").asText());
        if (spec == null) {
          throw new IllegalArgumentException("generation " + c.get("generationId").asText() + " was not registered");
        }
        LaunchRequest request = LaunchRequest.builder().token(LaunchToken.of(c.get("token").asText()))
            .ownership(Ownership.of(c.get("fleet").asText(), c.get("generationId").asText(), c.get("owner").asText()))
            .spec(spec).image(image(c.get("image"))).count(c.get("count").asInt()).build();
        LaunchResult result = cloud.driver().launch(request);
        ObjectNode out = JSON.createObjectNode();
        out.set("instances", views(result.instances()));
        result.shortfall().ifPresent(f -> out.set("failure", failure(f)));
        return out;
      }
      case "terminate": {
        Set<InstanceId> ids = new TreeSet<>();
        c.get("ids").forEach(id -> ids.add(new InstanceId(id.asText())));
        cloud.driver().terminate(ids);
        return JSON.createObjectNode();
      }
      case "list": {
        FleetSelector selector = new FleetSelector(c.get("fleet").asText(), c.get("owner").asText());
        if (c.hasNonNull("states")) {
          Set<InstanceState> states = EnumSet.noneOf(InstanceState.class);
          c.get("states").forEach(s -> states.add(InstanceState.valueOf(s.asText())));
          return views(cloud.driver().list(selector, states));
        }
        return views(cloud.driver().list(selector));
      }
      case "inspect":
        return cloud.driver().inspect(new InstanceId(c.get("id").asText()));
      default:
        throw new IllegalArgumentException("unknown operation " + op);
    }
  }

  static ObjectNode image(Image image) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", image.id());
    n.put("name", image.name());
    n.put("version", image.version());
    n.put("createdAt", image.createdAt() == null ? null : image.createdAt().toString());
    n.set("labels", JSON.valueToTree(image.labels()));
    return n;
  }

  static Image image(JsonNode n) {
    Map<String, String> labels = new HashMap<>();
    n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new Image(n.get("id").asText(), text(n, "name"), text(n, "version"),
        n.hasNonNull("createdAt") ? Instant.parse(n.get("createdAt").asText()) : null, labels);
  }

  static ArrayNode views(List<InstanceView> views) {
    ArrayNode a = JSON.createArrayNode();
    for (InstanceView v : views) {
      ObjectNode n = a.addObject();
      n.put("id", v.id().value());
      n.put("fleet", v.ownership().fleet());
      n.put("generationId", v.ownership().generationId());
      n.put("owner", v.ownership().owner());
      n.put("state", v.state().name());
      n.put("health", v.health().name());
      n.put("instanceType", v.instanceType());
      n.put("imageId", v.imageId());
      n.set("tags", JSON.valueToTree(v.tags()));
      n.put("zone", v.zone());
      n.put("launchedAt", v.launchedAt() == null ? null : v.launchedAt().toString());
      n.put("privateAddress", v.privateAddress());
      n.put("publicAddress", v.publicAddress());
      v.failure().ifPresent(f -> n.set("failure", failure(f)));
    }
    return a;
  }

  static List<InstanceView> views(JsonNode a) {
    java.util.ArrayList<InstanceView> out = new java.util.ArrayList<>();
    for (JsonNode n : a) {
      Map<String, String> tags = new HashMap<>();
      n.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      InstanceView.Builder b = InstanceView.builder().id(new InstanceId(n.get("id").asText()))
          .ownership(Ownership.of(n.get("fleet").asText(), n.get("generationId").asText(), n.get("owner").asText()))
          .state(InstanceState.valueOf(n.get("state").asText())).health(HealthStatus.valueOf(n.get("health").asText()))
          .instanceType(text(n, "instanceType")).imageId(text(n, "imageId")).tags(tags).zone(text(n, "zone"))
          .privateAddress(text(n, "privateAddress")).publicAddress(text(n, "publicAddress"));
      if (n.hasNonNull("launchedAt")) {
        b.launchedAt(Instant.parse(n.get("launchedAt").asText()));
      }
      if (n.hasNonNull("failure")) {
        b.failure(failure(n.get("failure")));
      }
      out.add(b.build());
    }
    return out;
  }

  static ObjectNode failure(LaunchFailure f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("reason", f.reason().name());
    n.put("message", f.message());
    return n;
  }

  static LaunchFailure failure(JsonNode n) {
    return new LaunchFailure(LaunchFailure.Reason.valueOf(n.get("reason").asText()), n.get("message").asText());
  }

  static InstanceInspection inspection(JsonNode n) {
    try {
      return JSON.treeToValue(n, InstanceInspection.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
