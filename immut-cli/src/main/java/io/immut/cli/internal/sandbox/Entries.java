package io.immut.cli.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.Image;
import io.immut.api.InstanceId;
import io.immut.core.spec.SpecCodec;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchToken;
import io.immut.spi.Ownership;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The journal's entries: a change to the sandbox cloud as JSON, and back. */
final class Entries {
  static final String LAUNCH = "launch";
  static final String TERMINATE = "terminate";
  static final String REGISTER = "register";
  static final String DEREGISTER = "deregister";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Entries() {}

  static ObjectNode launch(Instant at, LaunchRequest request) {
    ObjectNode e = entry(LAUNCH, at);
    e.put("token", request.token().value());
    e.put("fleet", request.ownership().fleet());
    e.put("generation", request.ownership().generationId());
    e.put("owner", request.ownership().owner());
    e.put("count", request.count());
    Image image = request.image();
    ObjectNode i = e.putObject("image");
    i.put("id", image.id());
    i.put("name", image.name());
    i.put("version", image.version());
    image.created().ifPresent(c -> i.put("createdAt", c.toString()));
    ObjectNode labels = i.putObject("labels");
    image.labels().forEach(labels::put);
    // the generation spec travels inside a minimal fleet spec: the spec file codec round-trips it exactly
    FleetSpec carrier = FleetSpec.builder(request.ownership().fleet()).generation(request.spec()).capacity(Capacity.fixed(1))
        .build();
    e.put("spec", SpecCodec.writeJson(carrier));
    return e;
  }

  static LaunchRequest launchRequest(JsonNode e) {
    JsonNode i = e.get("image");
    Map<String, String> labels = new LinkedHashMap<>();
    i.get("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
    Instant created = i.hasNonNull("createdAt") ? Instant.parse(i.get("createdAt").asText()) : null;
    Image image = new Image(i.get("id").asText(), i.get("name").asText(), i.get("version").asText(), created, labels);
    FleetSpec carrier = SpecCodec.parseJson(e.get("spec").asText());
    return LaunchRequest.builder().token(LaunchToken.of(e.get("token").asText()))
        .ownership(Ownership.of(e.get("fleet").asText(), e.get("generation").asText(), e.get("owner").asText()))
        .spec(carrier.generation()).image(image).count(e.get("count").asInt()).build();
  }

  static ObjectNode ids(String type, Instant at, String target, Set<InstanceId> ids) {
    ObjectNode e = entry(type, at);
    if (target != null) {
      e.put("target", target);
    }
    ArrayNode list = e.putArray("ids");
    new TreeSet<>(ids).forEach(id -> list.add(id.value()));
    return e;
  }

  static Set<InstanceId> ids(JsonNode e) {
    Set<InstanceId> ids = new TreeSet<>();
    e.get("ids").forEach(n -> ids.add(new InstanceId(n.asText())));
    return ids;
  }

  static Instant at(JsonNode e) {
    return Instant.parse(e.get("at").asText());
  }

  static String type(JsonNode e) {
    return e.get("type").asText();
  }

  private static ObjectNode entry(String type, Instant at) {
    ObjectNode e = NODES.objectNode();
    e.put("type", type);
    e.put("at", at.toString());
    return e;
  }
}
