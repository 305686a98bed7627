package io.immut.postgres.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.api.SpecProblem;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudScope;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.PriceCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A driver for a {@link SharedCloud}: every operation one HTTP call to the test JVM. Its scope is
 * shared and named by the endpoint, so every process on that cloud addresses the same fleets.
 * Capabilities, checks and prices come from a local cloud built with the same settings.
 */
public final class RemoteCloudDriver implements CloudDriver {
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final MemoryCloud template = SharedCloud.newCloud();

  public RemoteCloudDriver(URI endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public String name() {
    return "shared-memory";
  }

  @Override
  public Capabilities capabilities() {
    return template.driver().capabilities().toBuilder().traffic(false).build();
  }

  @Override
  public CloudScope scope() {
    return CloudScope.shared("shared-memory:" + endpoint.getPort());
  }

  @Override
  public List<SpecProblem> check(GenerationSpec spec) {
    return template.driver().check(spec);
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    ObjectNode c = call("resolveImage");
    c.put("ref", ref.value());
    return SharedCloud.image(send(c));
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    ObjectNode c = call("launch");
    c.put("token", request.token().value());
    c.put("fleet", request.ownership().fleet());
    c.put("owner", request.ownership().owner());
    c.put("generationId", request.generationId());
    c.set("image", SharedCloud.image(request.image()));
    c.put("count", request.count());
    JsonNode r = send(c);
    List<InstanceView> views = SharedCloud.views(r.get("instances"));
    return r.hasNonNull("failure") ? LaunchResult.partial(request, views, SharedCloud.failure(r.get("failure")))
        : LaunchResult.complete(request, views);
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    ObjectNode c = call("terminate");
    ArrayNode a = c.putArray("ids");
    ids.forEach(id -> a.add(id.value()));
    send(c);
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    ObjectNode c = call("list");
    c.put("fleet", selector.fleet());
    c.put("owner", selector.owner());
    return SharedCloud.views(send(c));
  }

  @Override
  public List<InstanceView> list(FleetSelector selector, Set<InstanceState> states) {
    ObjectNode c = call("list");
    c.put("fleet", selector.fleet());
    c.put("owner", selector.owner());
    ArrayNode a = c.putArray("states");
    states.forEach(s -> a.add(s.name()));
    return SharedCloud.views(send(c));
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    ObjectNode c = call("inspect");
    c.put("id", id.value());
    return SharedCloud.inspection(send(c));
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return template.driver().prices();
  }

  private static ObjectNode call(String op) {
    ObjectNode c = SharedCloud.JSON.createObjectNode();
    c.put("op", op);
    return c;
  }

  private JsonNode send(ObjectNode c) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString(SharedCloud.JSON.writeValueAsString(c))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new DriverException.InvalidRequest(c.get("op").asText(), null, "shared cloud refused: " + r.body(), null);
      }
      return SharedCloud.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new DriverException.Transient(c.get("op").asText(), null, "shared cloud unreachable at " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
