package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.driver.gcp.local.GceState.Op;
import java.util.ArrayList;
import java.util.UUID;

/**
 * Zonal {@code Operation} resources: created RUNNING by a mutating call, {@code DONE} when the
 * test settles the endpoint, with {@code error.errors[]}, {@code httpErrorStatusCode} and
 * {@code httpErrorMessage} when they failed.
 */
final class Operations {
  private final GceState state;

  Operations(GceState state) {
    this.state = state;
  }

  /** Creates a RUNNING operation on a target. */
  Op start(String zone, String type, String targetLink) {
    String name = "operation-" + System.nanoTime() + "-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode json = LocalGce.JSON.createObjectNode();
    json.put("kind", "compute#operation");
    json.put("id", state.nextId());
    json.put("name", name);
    json.put("zone", state.zoneUrl(zone));
    json.put("operationType", type);
    json.put("targetLink", targetLink);
    json.put("status", "RUNNING");
    json.put("user", "immut-test@" + state.project + ".iam.gserviceaccount.com");
    json.put("progress", 0);
    json.put("insertTime", state.timestamp());
    json.put("startTime", state.timestamp());
    json.put("selfLink", state.zoneUrl(zone) + "/operations/" + name);
    Op op = new Op(json);
    if (state.clock != null) {
      op.due = state.clock.get().plus(type.equals("delete") ? state.deleteTime : state.createTime);
    }
    state.operations.put(zone + "/" + name, op);
    return op;
  }

  /** Marks an operation DONE, failed with an operation error code when {@code code} is given. */
  void finish(Op op, String code, String message, int httpStatus) {
    if (op.done()) {
      return;
    }
    op.json.put("status", "DONE");
    op.json.put("progress", 100);
    op.json.put("endTime", state.timestamp());
    if (code != null) {
      ObjectNode e = op.json.putObject("error").putArray("errors").addObject();
      e.put("code", code);
      e.put("message", message);
      op.json.put("httpErrorStatusCode", httpStatus);
      op.json.put("httpErrorMessage", httpStatus == 403 ? "FORBIDDEN" : "SERVICE UNAVAILABLE");
    }
  }

  /** Finishes every operation still running, as time passing would. */
  void finishAll() {
    finish(null);
  }

  /** Finishes the operations due by the endpoint's clock. */
  void finishDue() {
    if (state.clock != null) {
      finish(state.clock.get());
    }
  }

  private void finish(java.time.Instant now) {
    for (Op op : new ArrayList<>(state.operations.values())) {
      if (!op.done() && (now == null || (op.due != null && !op.due.isAfter(now)))) {
        Runnable done = op.onDone;
        op.onDone = () -> {};
        done.run();
        if (!op.done()) {
          finish(op, null, null, 0);
        }
      }
    }
  }

  ObjectNode get(String zone, String name) {
    Op op = state.operations.get(zone + "/" + name);
    if (op == null) {
      throw GceError.notFound("projects/" + state.project + "/zones/" + zone + "/operations/" + name);
    }
    return op.json;
  }
}
