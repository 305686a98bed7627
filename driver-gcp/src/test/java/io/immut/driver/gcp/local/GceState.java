package io.immut.driver.gcp.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of the local Compute Engine: instances and operations by zone and name, request ids
 * already seen, images, and the capacity left per machine type. Guarded by the {@link LocalGce}
 * lock: every handler runs under it.
 */
final class GceState {
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
      .withZone(ZoneOffset.ofHours(-8));

  final String project;
  final String base;
  /** Instances by "zone/name", each the JSON resource as the API returns it (status included). */
  final Map<String, ObjectNode> instances = new LinkedHashMap<>();
  /** Operations by "zone/name". */
  final Map<String, Op> operations = new LinkedHashMap<>();
  /** The operation each request id created, with when; GCE honours a request id for 60 minutes at least. */
  final Map<String, String> requestIds = new LinkedHashMap<>();
  /** Static external addresses of the region, by name. */
  final Map<String, ObjectNode> addresses = new LinkedHashMap<>();
  /** Images by "project/name". */
  final Map<String, ObjectNode> images = new LinkedHashMap<>();
  /** How many more instances of a machine type may be created; absent = unlimited. */
  final Map<String, Integer> capacity = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong(4_300_000_000_000_000_000L);
  private Instant now = Instant.parse("2026-01-05T10:00:00Z");
  /** The clock operations run on, or null: they finish when the test settles the endpoint. */
  java.util.function.Supplier<Instant> clock;
  java.time.Duration createTime = java.time.Duration.ZERO;
  java.time.Duration deleteTime = java.time.Duration.ZERO;

  GceState(String project, String base) {
    this.project = project;
    this.base = base;
  }

  /** A long-running operation and what settling it does. */
  static final class Op {
    final ObjectNode json;
    /** Runs when the operation completes (instances become RUNNING, deleted instances vanish). */
    Runnable onDone = () -> {};
    /** When the operation finishes by itself, on the endpoint's clock; null = when the test settles. */
    Instant due;

    Op(ObjectNode json) {
      this.json = json;
    }

    boolean done() {
      return "DONE".equals(json.path("status").asText());
    }
  }

  String nextId() {
    return Long.toUnsignedString(ids.incrementAndGet());
  }

  String timestamp() {
    now = now.plusMillis(1);
    return RFC3339.format(now);
  }

  String zoneUrl(String zone) {
    return base + "/projects/" + project + "/zones/" + zone;
  }

  static String lastSegment(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
