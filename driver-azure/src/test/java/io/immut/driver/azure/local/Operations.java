package io.immut.driver.azure.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Compute's long-running operations: {@code GET .../locations/<loc>/operations/<id>} answers
 * {@code {"startTime","status":"InProgress"|"Succeeded"|"Failed","name","error"}} as the
 * {@code Azure-AsyncOperation} URL of a PUT or DELETE promises.
 */
final class Operations {
  private final Map<String, ObjectNode> operations = new HashMap<>();

  /** Starts an operation; returns its id. */
  String begin() {
    String id = UUID.randomUUID().toString();
    operations.put(id, ArmJson.object().put("startTime", Instant.now().toString()).put("status", "InProgress")
        .put("name", id));
    return id;
  }

  String url(ArmCall call, String id) {
    return call.base() + "/subscriptions/" + LocalArm.SUBSCRIPTION + "/providers/Microsoft.Compute/locations/"
        + LocalArm.LOCATION + "/operations/" + id + "?p=" + UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset
        .StandardCharsets.UTF_8)) + "&api-version=2024-07-01";
  }

  void succeed(String id) {
    ObjectNode op = operations.get(id);
    if (op != null) {
      op.put("status", "Succeeded").put("endTime", Instant.now().toString());
    }
  }

  void fail(String id, String code, String message) {
    ObjectNode op = operations.get(id);
    if (op != null) {
      op.put("status", "Failed").put("endTime", Instant.now().toString());
      op.set("error", ArmJson.object().put("code", code).put("message", message));
    }
  }

  ArmCall.Answer get(String id) {
    ObjectNode op = operations.get(id);
    if (op == null) {
      throw new ArmCall.Failure(ArmError.of(404, "NotFound", "The operation '" + id + "' was not found."));
    }
    return ArmCall.Answer.ok(op.deepCopy());
  }
}
