package io.immut.core.spec;

import io.immut.api.FleetSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;

/**
 * A seeded source of hostile spec documents: valid specs (written by {@link SpecCodec}) and
 * hand-written ones, mutated at the level of values, lines and characters, and whole documents
 * built to exhaust a reader (huge, deep, aliased, tagged, not UTF-8). The same seed gives the same
 * inputs, so that a failure is reproduced from the seed and the input's number alone.
 */
final class HostileSpecs {

  /** One input: how it was made (its family), the text, and how to feed it to the codec. */
  record Input(String family, String text, byte[] bytes, Format format) {
    /** A short description for a failure message: the family and the start of the text. */
    String describe() {
      String t = text == null ? new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1) : text;
      String start = t.length() <= 300 ? t : t.substring(0, 300) + "... (" + t.length() + " characters)";
      return family + " [" + format + "]:\n" + start;
    }
  }

  /** How an input reaches the codec. */
  enum Format { YAML, JSON, YAML_STREAM }

  /** Values that have broken readers: out-of-range numbers and durations, YAML's other types, hostile text. */
  static final List<String> SCALARS = List.of(
      "1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647", "1e-9999999991", "1e99999999999", "-0", "-0.0", "0", "1e3", "1.5", "12.50",
      "999999999999999999d", "9223372036854775807s", "9223372036854775808s", "PT9223372036854775807S", "P999999999D",
      "PT-1S", "-5m", "366d", "365d", "0ms", "PT0.0000000001S", "1h30m", "99999999999999999999999ms", "1.5h",
      "2147483647", "2147483648", "-2147483649", "100001", "65536", "65535", "1" + "0".repeat(39), "1" + "0".repeat(999),
      ".inf", "-.inf", ".nan", "NaN", "Infinity", "0x7fffffff", "0o777", "0b101", "1_000_000", "1:30", "190:20:30",
      "2001-12-14t21:59:43.10-05:00", "~", "null", "''", "\"\"", "[]", "{}", "[1, [2, [3]]]", "{a: {b: {c: d}}}",
      "yes", "No", "on", "true", "25%", "150%", "-5%", "%", "100%", "0%",
      "\"\\0\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\x07\"", "\"\\u202e\"", "\"\\t\\r\\n\"", "'a\u0000b'", "a\u0000b",
      "\ud800", "x\udfff", "\u0085", "\u2028", "\ufeff", "\"\\uFFFF\"", "日本", "\ud83d\ude00",
      "*a", "&a v", "&a", "*", "!!binary aGVsbG8=", "!!str 5", "!!int \"5\"", "!!float 1", "!!timestamp 2001-12-14",
      "!!set {a, b}", "!!omap [a: 1]", "!custom x", "!<tag:yaml.org,2002:str> x", "!!python/object:os.system x",
      "\"", "'", "'it''s'", "|\n  block\n  text", ">-\n  folded", "# only a comment", "@x", "`x`", "%x", "a: b", "a, b",
      "- item", "? key", "\\", "ami-0abc", "/healthz", "healthz", "EXTERNAL", "external", "MANUAL", "smoke", "Error Rate",
      "redis://cache:6379", "cpu{instance=\"{instance}\"}", "0 8 * * MON-FRI", "61 25 * * *", "Europe/Paris", "Mars/Base");

  /** Values that are often valid somewhere, so that a mutated spec is sometimes still accepted. */
  static final List<String> PLAUSIBLE = List.of("1", "2", "10", "0", "25%", "50%", "30s", "5m", "1h30m", "365d", "0s",
      "web", "db-1", "ami-0abc", "t3.micro", "true", "false", "12.50", "1000000", "0.000001", "EXTERNAL", "'quoted text'",
      "\"caf\u00e9\"", "\"\\t tab\"", "/healthz", "8080", "MANUAL", "errors", "\"1_000\"", "\"yes\"", "\"\"");

  /** The fields of the hand-written specs whose values the targeted family replaces. */
  static final List<String> TARGETS = List.of("maxHourlySpend", "gracePeriod", "interval", "progressDeadline",
      "healthyThreshold", "port", "keepPreviousFor", "pause", "setWeight", "sizeGb", "fixed", "maxSurge", "maxUnavailable",
      "image", "instanceType", "team", "min", "max", "target", "tolerance", "warmup", "change", "lower", "duration", "zone",
      "start", "leadTime", "threshold", "window", "path", "name", "promotion", "validator", "persistence", "location");

  private static final Pattern YAML_VALUE = Pattern.compile("(?m)(:[ ]+|- )([^\\n{}\\[\\],#&*!|>][^\\n{}\\[\\],]*)$");
  private static final Pattern JSON_VALUE = Pattern.compile("(: |\\[ ?|, ?)(\"(?:[^\"\\\\]++|\\\\.)*+\"|-?[0-9][0-9.eE+-]*|true|false|null)");
  private static final String NOISE = ":-?,[]{}#&*!|>'\"%@` \t\n\r\\\u0000\u0007\u001b\u007f\u0085\u00a0\u2028\ufeff\ud800\udc00"
      + "abc019%.";

  private final Random random;
  private final List<String> corpus = new ArrayList<>();

  HostileSpecs(long seed) {
    this.random = new Random(seed);
    corpus.addAll(HAND_WRITTEN);
    RandomGenerator<FleetSpec> specs = SpecArbitraries.fleetSpecs().generator(1000);
    for (int i = 0; i < 40; i++) {
      FleetSpec spec = specs.next(random).value();
      corpus.add(SpecCodec.writeYaml(spec));
    }
  }

  /** The valid documents the mutations start from. */
  List<String> corpus() {
    return List.copyOf(corpus);
  }

  /** The next input. */
  Input next() {
    int kind = random.nextInt(100);
    if (kind < 2) {
      return whole();
    }
    String base = corpus.get(random.nextInt(corpus.size()));
    if (kind < 10) {
      // Valid documents, as written or with one value changed for a plausible one: the round trip is exercised.
      String doc = kind < 5 ? base : replace(base, YAML_VALUE, x -> x.group(1) + pick(PLAUSIBLE));
      return new Input(kind < 5 ? "valid" : "plausible", doc, null, Format.YAML);
    }
    if (kind < 20) {
      // A named field of a full spec given a hostile value: every number, duration and text the spec has.
      String field = pick(TARGETS);
      String doc = HAND_WRITTEN.get(random.nextInt(HAND_WRITTEN.size()));
      Pattern at = Pattern.compile("(\\b" + Pattern.quote(field) + ": )([^,}\\n]+)");
      return new Input("targeted:" + field, replace(doc, at, x -> x.group(1) + pick(SCALARS)), null, Format.YAML);
    }
    if (kind < 30) {
      String json = SpecCodec.writeJson(SpecCodec.parseYaml(base));
      int n = 1 + random.nextInt(3);
      StringBuilder family = new StringBuilder("json");
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          json = replace(json, JSON_VALUE, m -> m.group(1) + jsonScalar());
          family.append("+value");
        } else {
          json = characters(json);
          family.append("+chars");
        }
      }
      return new Input(family.toString(), json, null, Format.JSON);
    }
    if (kind < 34) {
      return new Input("yaml-stream+bytes", null, bytes(base), Format.YAML_STREAM);
    }
    int n = 1 + random.nextInt(3);
    String doc = base;
    StringBuilder family = new StringBuilder("yaml");
    for (int i = 0; i < n; i++) {
      int m = random.nextInt(10);
      switch (m) {
        case 0, 1, 2, 3 -> {
          doc = replace(doc, YAML_VALUE, x -> x.group(1) + pick(SCALARS));
          family.append("+value");
        }
        case 4 -> {
          doc = lines(doc);
          family.append("+lines");
        }
        case 5 -> {
          doc = characters(doc);
          family.append("+chars");
        }
        case 6 -> {
          doc = aliases(doc);
          family.append("+aliases");
        }
        case 7 -> {
          doc = replace(doc, YAML_VALUE, x -> x.group(1) + pick(List.of("!!binary ", "!!str ", "!foo ", "!!int ",
              "!!float ", "!!null ", "&x ", "!!map ")) + x.group(2));
          family.append("+tags");
        }
        case 8 -> {
          doc = insertField(doc);
          family.append("+field");
        }
        default -> {
          doc = replace(doc, YAML_VALUE, x -> x.group(1) + big());
          family.append("+big");
        }
      }
    }
    return new Input(family.toString(), doc, null, Format.YAML);
  }

  /** Whole documents built to exhaust a reader. */
  private Input whole() {
    String head = corpus.get(0);
    return switch (random.nextInt(12)) {
      case 0 -> new Input("whole:10MB", head + "# " + "x".repeat(10 * 1024 * 1024) + "\n", null, Format.YAML);
      case 1 -> new Input("whole:2MB value", head.replace("instanceType: t3.micro",
          "instanceType: t3.micro\n  userData: " + "y".repeat(2 * 1024 * 1024)), null, Format.YAML);
      case 2 -> new Input("whole:deep lists", "[".repeat(2000 + random.nextInt(200_000)) + "]".repeat(random.nextInt(3000)),
          null, random.nextBoolean() ? Format.YAML : Format.JSON);
      case 3 -> new Input("whole:deep mappings", "a: {".repeat(100 + random.nextInt(5000)) + "}".repeat(random.nextInt(5000)),
          null, Format.YAML);
      case 4 -> new Input("whole:billion laughs", laughs(), null, Format.YAML);
      case 5 -> new Input("whole:many fields", manyFields(head), null, Format.YAML);
      case 6 -> new Input("whole:many documents", (head + "---\n").repeat(50 + random.nextInt(500)), null, Format.YAML);
      case 7 -> new Input("whole:random bytes", null, randomBytes(), Format.YAML_STREAM);
      case 8 -> new Input("whole:empty", pick(List.of("", " ", "\n", "---", "---\n...", "# nothing", "\ufeff", "null",
          "~", "[]", "{}", "\"\"", "{\"a\":", "web.yaml", "specs/web.yaml", "C:\\specs\\web.json")), null,
          random.nextBoolean() ? Format.YAML : Format.JSON);
      case 9 -> new Input("whole:long key", "name: web\n" + "k".repeat(1 + random.nextInt(2_000_000)) + ": 1\n", null,
          Format.YAML);
      case 10 -> new Input("whole:long number", "name: web\ncapacity: " + "9".repeat(1 + random.nextInt(1_000_000)) + "\n",
          null, random.nextBoolean() ? Format.YAML : Format.JSON);
      default -> new Input("whole:many problems", corpus.get(2) + manyUnknown(), null, Format.YAML);
    };
  }

  private String manyUnknown() {
    StringBuilder sb = new StringBuilder("state:\n  bindings:\n");
    int n = 1000 + random.nextInt(20_000);
    for (int i = 0; i < n; i++) {
      sb.append("    k").append(i).append(": ").append(i).append('\n');
    }
    return sb.toString();
  }

  private String manyFields(String head) {
    StringBuilder fields = new StringBuilder("generation:\n");
    int n = 10_000 + random.nextInt(40_000);
    for (int i = 0; i < n; i++) {
      fields.append("  f").append(i).append(": v\n");
    }
    return head.replaceFirst("(?m)^generation:\\n", fields.toString());
  }

  private static String laughs() {
    StringBuilder sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      sb.append('a').append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    return sb.toString();
  }

  private byte[] randomBytes() {
    byte[] b = new byte[1 + random.nextInt(4096)];
    random.nextBytes(b);
    return b;
  }

  /** A document's UTF-8 bytes with a few bytes changed, cut or inserted: invalid UTF-8 among them. */
  private byte[] bytes(String doc) {
    byte[] b = doc.getBytes(StandardCharsets.UTF_8);
    int changes = 1 + random.nextInt(4);
    for (int i = 0; i < changes && b.length > 0; i++) {
      b[random.nextInt(b.length)] = (byte) (int) pick(List.of(0x00, 0x80, 0xC0, 0xC3, 0xED, 0xF4, 0xF8, 0xFF, 0xFE, 0x0A, 0x3A));
    }
    return b;
  }

  private String jsonScalar() {
    return pick(List.of("1e999999999", "-1e999999999", "1e-999999999", "\"999999999999999999d\"", "\"9223372036854775807s\"",
        "\"\\u0000\"", "\"\\ud800\"", "\"a\\udc00\"", "\"\\u0007\"", "9".repeat(1 + random.nextInt(2000)), "-0", "1.0E+3",
        "[]", "{}", "null", "true", "\"" + "z".repeat(random.nextInt(200_000)) + "\"", "[[[[[[[[[[]]]]]]]]]]",
        "\"*a\"", "\"!!binary\"", "\"25%\"", "\"150%\"", "NaN", "Infinity", "01", "1.", ".5", "\"\\uD83D\\uDE00\""));
  }

  private String big() {
    int size = pick(List.of(1024, 65_536, 65_537, 200_000, 1_100_000));
    char c = pick(List.of('a', '9', ' ', '\u00e9'));
    return "\"" + String.valueOf(c).repeat(size) + "\"";
  }

  private String lines(String doc) {
    List<String> lines = new ArrayList<>(List.of(doc.split("\n", -1)));
    if (lines.isEmpty()) {
      return doc;
    }
    int i = random.nextInt(lines.size());
    switch (random.nextInt(5)) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(i, lines.get(i));
      case 2 -> lines.set(i, "  " + lines.get(i));
      case 3 -> lines.set(i, lines.get(i).replaceFirst("^  ", ""));
      default -> lines.set(i, lines.get(i).replace("  ", "\t"));
    }
    return String.join("\n", lines);
  }

  private String characters(String doc) {
    StringBuilder sb = new StringBuilder(doc);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
      switch (random.nextInt(3)) {
        case 0 -> sb.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        case 1 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        default -> sb.setLength(at);
      }
    }
    return sb.toString();
  }

  /** Puts an anchor on one value and refers to it elsewhere, or merges a mapping in. */
  private String aliases(String doc) {
    String anchored = replace(doc, YAML_VALUE, m -> m.group(1) + "&a " + m.group(2));
    return switch (random.nextInt(3)) {
      case 0 -> replace(anchored, YAML_VALUE, m -> m.group(1) + "*a");
      case 1 -> anchored.replaceFirst("(?m)^generation:\\n", "generation:\n  <<: *a\n");
      default -> "base: &b {image: ami-1, instanceType: t3.micro}\n"
          + doc.replaceFirst("(?m)^generation:\\n", "generation:\n  <<: *b\n");
    };
  }

  private String insertField(String doc) {
    String key = pick(List.of("name", "capacity", "generation", "image", "labels", "strategy", "cost", "<<", "? x",
        "maxHourlySpend", "gracePeriod", "fixed", "x".repeat(300), "\"\\0\"", "'\ud800'", "~", "1", "[a]", "{a: b}"));
    String line = key + ": " + pick(SCALARS);
    List<String> lines = new ArrayList<>(List.of(doc.split("\n", -1)));
    int i = random.nextInt(lines.size() + 1);
    String indent = i < lines.size() ? lines.get(i).replaceAll("^( *).*$", "$1") : "";
    lines.add(Math.min(i, lines.size()), indent + line);
    return String.join("\n", lines);
  }

  private String replace(String doc, Pattern pattern, Function<Matcher, String> with) {
    Matcher m = pattern.matcher(doc);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return doc;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    m = pattern.matcher(doc);
    m.find(span[0]);
    return doc.substring(0, span[0]) + with.apply(m) + doc.substring(span[1]);
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Arbitraries are seeded through {@link Arbitrary#generator}, so the corpus follows the seed too. */
  private static final List<String> HAND_WRITTEN = List.of(
      """
      name: web
      capacity: { fixed: 6 }
      strategy: { rolling: { maxSurge: 25%, maxUnavailable: 0 } }
      generation:
        image: ami-0abc1234
        instanceType: t3.micro
        userData: |
          #!/bin/sh
          systemctl start web
        labels: { team: web }
        volumes:
          - { name: root, sizeGb: 16, root: true }
          - { name: data, sizeGb: 20, persistence: EXTERNAL, location: "nfs://files/web" }
        placement: { zones: [eu-west-1a, eu-west-1b], subnet: subnet-1, securityGroups: [sg-web] }
        healthCheck: { gracePeriod: 30s, interval: 10s, healthyThreshold: 2, unhealthyThreshold: 3,
                       progressDeadline: 10m, path: /healthz, port: 8080 }
      state:
        bindings: { sessions: "redis://cache:6379" }
        verifyReachable: false
        acknowledgements: [ { rule: volume.local-data, subject: data, reason: "rebuilt on boot" } ]
      cost: { maxHourlySpend: 12.50 }
      """,
      """
      name: api
      capacity:
        autoscaled:
          min: 2
          max: 20
          policies:
            - targetTracking: { metric: cpu, target: 60, tolerance: 0.1, scaleInStabilization: 5m, warmup: 3m }
            - stepScaling: { metric: cpu, steps: [ { lower: 80, change: 2 }, { upper: 10, change: -10% } ],
                             scaleOutCooldown: 1m, scaleInCooldown: 5m }
            - scheduled: { zone: Europe/Paris, windows: [ { start: "0 8 * * MON-FRI", duration: 10h, min: 4 } ] }
            - predictive: { metric: rps, targetPerInstance: 100, leadTime: 3m }
      strategy:
        canary:
          steps:
            - setWeight: 10
            - pause: 5m
            - analyse: errors
            - setWeight: 50
      generation:
        image: projects/p/global/images/api-42
        instanceType: e2-medium
      cost:
        maxHourlySpend: 40
        idleReaping: { metric: 'cpu{instance="{instance}"}', threshold: 5, window: 30m }
      """,
      """
      name: jobs
      capacity: 3
      strategy: { blueGreen: { promotion: MANUAL, keepPreviousFor: 15m, validator: smoke } }
      generation: { image: ami-1, instanceType: t3.large, healthCheck: { path: /status } }
      """);
}
