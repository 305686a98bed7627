package io.immut.core.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.api.FleetSpec;
import io.immut.api.Generation;
import io.immut.api.InvalidSpecException;
import io.immut.core.spec.SpecCodec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The text of one generation file: a JSON object with sorted keys, indented two spaces, one value
 * per line where it helps a diff, ending with a line break.
 *
 * <pre>{@code
 * {
 *   "createdAt": "2026-11-27T04:00:00Z",
 *   "fleet": "web",
 *   "format": 1,
 *   "id": "db38217886",
 *   "name": "web-v003",
 *   "number": 3,
 *   "reason": "rollout completed",
 *   "spec": { ...the fleet spec, as SpecCodec writes it, keys sorted... },
 *   "status": "LIVE",
 *   "updatedAt": "2026-11-27T04:12:31Z"
 * }
 * }</pre>
 */
final class GenerationFile {
  static final int FORMAT = 1;
  private static final ObjectMapper MAPPER = SpecCodec.jsonMapper();
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
      .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

  private GenerationFile() {}

  static String write(GenerationRecord r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.put("fleet", r.fleet());
    n.put("name", r.generation().name());
    n.put("number", r.number());
    n.put("id", r.id());
    n.put("status", r.status().name());
    n.put("createdAt", r.createdAt().toString());
    n.put("updatedAt", r.updatedAt().toString());
    if (r.reason() != null) {
      n.put("reason", r.reason());
    }
    if (r.keptUntil() != null) {
      n.put("keptUntil", r.keptUntil().toString());
    }
    n.set("spec", MAPPER.valueToTree(r.spec()));
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(sorted(n)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write generation " + r.generation().name(), e);
    }
  }

  /**
   * Reads a generation file's text.
   *
   * @param text the file's content
   * @param fleet the fleet its directory names
   * @param number the number its name carries
   * @return the record
   * @throws IllegalArgumentException saying what is wrong, when the text is not a valid generation file
   */
  static GenerationRecord read(String text, String fleet, int number) {
    JsonNode n;
    try {
      n = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("it is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("it does not hold a JSON object");
    }
    List<String> missing = new ArrayList<>();
    for (String field : List.of("format", "fleet", "number", "id", "status", "createdAt", "updatedAt", "spec")) {
      if (!n.hasNonNull(field)) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("it lacks the field(s) " + String.join(", ", missing));
    }
    if (n.get("format").asInt() != FORMAT) {
      throw new IllegalArgumentException("its format " + n.get("format") + " is not format " + FORMAT
          + " (written by another version of immut?)");
    }
    if (!fleet.equals(n.get("fleet").asText())) {
      throw new IllegalArgumentException("it names fleet '" + n.get("fleet").asText() + "' but lies in the directory of '"
          + fleet + "'");
    }
    if (!n.get("number").isInt() || n.get("number").intValue() != number) {
      throw new IllegalArgumentException("it holds number " + n.get("number") + " but its name says " + number);
    }
    GenerationStatus status;
    try {
      status = GenerationStatus.valueOf(n.get("status").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its status '" + n.get("status").asText() + "' is not one of "
          + List.of(GenerationStatus.values()));
    }
    Instant created = instant(n, "createdAt");
    Instant updated = instant(n, "updatedAt");
    FleetSpec spec;
    try {
      spec = MAPPER.treeToValue(n.get("spec"), FleetSpec.class);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("its spec is invalid: " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("its spec cannot be read: " + e.getOriginalMessage());
    }
    String id = n.get("id").asText();
    if (!id.equals(spec.generationId())) {
      throw new IllegalArgumentException("it holds id " + id + " but its spec's content id is " + spec.generationId()
          + " (was the spec edited by hand? a generation's spec never changes; write a new spec instead)");
    }
    try {
      return new GenerationRecord(new Generation(fleet, number, id), spec, status, created, updated,
          n.hasNonNull("reason") ? n.get("reason").asText() : null, n.hasNonNull("keptUntil") ? instant(n, "keptUntil") : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(n.get(field).asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("its " + field + " '" + n.get(field).asText() + "' is not an ISO-8601 instant");
    }
  }

  /** A copy of the tree with every object's keys in alphabetical order, for stable diffs. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = MAPPER.createObjectNode();
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = MAPPER.createArrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
