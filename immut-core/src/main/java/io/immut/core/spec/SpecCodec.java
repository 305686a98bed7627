package io.immut.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes {@link FleetSpec}s as YAML and JSON documents, so that a fleet's desired state
 * can live in a file under version control.
 *
 * <pre>{@code
 * name: web
 * capacity: { fixed: 6 }
 * strategy: { rolling: { maxSurge: 25%, maxUnavailable: 0 } }
 * generation:
 *   image: ami-0abc1234
 *   instanceType: t3.micro
 *   volumes: [ { name: data, sizeGb: 20, persistence: EXTERNAL, location: "nfs://files/web" } ]
 *   healthCheck: { gracePeriod: 30s, interval: 10s, progressDeadline: 10m, path: /healthz, port: 8080 }
 * state: { bindings: { sessions: "redis://cache:6379" } }
 * cost: { maxHourlySpend: 12.50 }
 * }</pre>
 *
 * <p>The document's fields:
 * <ul>
 *   <li>{@code name} (required), {@code capacity} (required: {@code {fixed: 6}} or just {@code 6});
 *   <li>{@code strategy}: one of {@code rolling: {maxSurge, maxUnavailable}} (amounts such as
 *       {@code 2} or {@code 25%}; each defaults to the default strategy's 25% and 0),
 *       {@code blueGreen: {promotion, keepPreviousFor, validator}} (promotion {@code AUTOMATIC}
 *       by default, keepPreviousFor {@code 0s} by default), or {@code canary: {steps: [...]}} with
 *       steps {@code {setWeight: 10}}, {@code {pause: 5m}}, {@code {analyse: errors}}; rolling 25%/0
 *       when absent;
 *   <li>{@code generation} (required): {@code image} and {@code instanceType} (required),
 *       {@code userData}, {@code labels}, {@code volumes} ({@code name}, {@code sizeGb},
 *       {@code persistence}, {@code location}, {@code root}, {@code device}), {@code placement}
 *       ({@code zones}, {@code subnet}, {@code securityGroups}, {@code sshKey},
 *       {@code instanceProfile}, {@code properties}) and {@code healthCheck} ({@code gracePeriod},
 *       {@code interval}, {@code healthyThreshold}, {@code unhealthyThreshold},
 *       {@code progressDeadline}, {@code path}, {@code port}; absent ones take the defaults);
 *   <li>{@code state}: {@code bindings}, {@code verifyReachable}, {@code acknowledgements}
 *       ({@code rule}, {@code subject}, {@code reason}); {@code cost}: {@code maxHourlySpend}.
 * </ul>
 * Durations are written {@code 30s}, {@code 5m}, {@code 1h30m} (see {@link io.immut.api.Durations});
 * enum values are read in any case.
 *
 * <p>Reading checks the whole document and throws one {@link InvalidSpecException} listing every
 * problem with its field path ({@code generation.volumes[1].sizeGb}): unknown fields (with the
 * allowed names), values of the wrong type, missing required fields, fields given twice, and
 * every rule of the api types. Writing then reading gives back an equal spec.
 *
 * <p>Reading is bounded, whatever the input: a document of at most {@value #MAX_DOCUMENT_CHARS}
 * characters, text values of at most {@value #MAX_TEXT_CHARS} characters, field names of at most
 * {@value #MAX_NAME_CHARS}, numbers of at most {@value #MAX_NUMBER_CHARS} characters, at most
 * {@value #MAX_DEPTH} levels of nesting, and at most {@value #MAX_PROBLEMS} problems listed. YAML
 * aliases, merge keys and tags are refused (a spec says each value where it applies; an anchor
 * alone changes nothing and is read through), as
 * are control characters other than tab and line breaks, and unpaired surrogates. Anything else
 * wrong is an {@link InvalidSpecException}; no input makes the reader throw anything else.
 */
public final class SpecCodec {
  /** The longest document read: 1 MiB of characters (a spec is a few KiB; user data at most 64 KiB). */
  public static final int MAX_DOCUMENT_CHARS = 1 << 20;
  /** The longest text value: 64 KiB of characters (the user data of a cloud-init document). */
  public static final int MAX_TEXT_CHARS = 1 << 16;
  /** The longest field name (label keys are at most 63 characters). */
  public static final int MAX_NAME_CHARS = 256;
  /** The longest number, in characters as written. */
  public static final int MAX_NUMBER_CHARS = 40;
  /** The deepest nesting of mappings and lists (a valid spec nests at most 7 levels). */
  public static final int MAX_DEPTH = 32;
  /** The most problems an {@link InvalidSpecException} of the reader lists; it says how many more there were. */
  public static final int MAX_PROBLEMS = 100;

  // Trees keep decimals exactly as written (12.50 stays 12.50), so that budgets survive conversions.
  private static final YAMLMapper YAML = YAMLMapper.builder(yamlFactory())
      .addModule(new ImmutJacksonModule())
      .nodeFactory(SpecTree.NODES)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(readConstraints()).build())
      .addModule(new ImmutJacksonModule())
      .nodeFactory(SpecTree.NODES)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private SpecCodec() {}

  /**
   * Parses a spec from YAML text (the document itself; to read a file, use {@link #read(Path)} or
   * {@link #readYaml(Path)}).
   *
   * @param yaml the document
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec parseYaml(String yaml) {
    return read(YAML.getFactory(), Objects.requireNonNull(yaml, "yaml"), "fleet spec");
  }

  /**
   * Reads a spec from a YAML file.
   *
   * @param file the file
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   * @throws ImmutException when the file cannot be read
   */
  public static FleetSpec readYaml(Path file) {
    String subject = "fleet spec in " + file;
    return read(YAML.getFactory(), text(file, subject), subject);
  }

  /**
   * Reads a spec from a YAML stream, which is left open.
   *
   * @param in the stream, UTF-8
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readYaml(InputStream in) {
    return read(YAML.getFactory(), text(in, "fleet spec"), "fleet spec");
  }

  /**
   * Parses a spec from JSON text (the document itself; to read a file, use {@link #read(Path)} or
   * {@link #readJson(Path)}).
   *
   * @param json the document
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec parseJson(String json) {
    return read(JSON.getFactory(), Objects.requireNonNull(json, "json"), "fleet spec");
  }

  /**
   * Reads a spec from a JSON file.
   *
   * @param file the file
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   * @throws ImmutException when the file cannot be read
   */
  public static FleetSpec readJson(Path file) {
    String subject = "fleet spec in " + file;
    return read(JSON.getFactory(), text(file, subject), subject);
  }

  /**
   * Reads a spec from a JSON stream, which is left open.
   *
   * @param in the stream, UTF-8
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readJson(InputStream in) {
    return read(JSON.getFactory(), text(in, "fleet spec"), "fleet spec");
  }

  /**
   * Reads a spec file, as JSON when its name ends in {@code .json} and as YAML otherwise.
   *
   * @param file the file
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   * @throws ImmutException when the file cannot be read
   */
  public static FleetSpec read(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? readJson(file) : readYaml(file);
  }

  /**
   * Writes a spec as YAML, in the order a person would write it, leaving out defaults.
   *
   * @param spec the spec
   * @return the YAML document
   */
  public static String writeYaml(FleetSpec spec) {
    return write(YAML, spec);
  }

  /**
   * Writes a spec as indented JSON, leaving out defaults.
   *
   * @param spec the spec
   * @return the JSON document, ending with a line break
   */
  public static String writeJson(FleetSpec spec) {
    return write(JSON, spec) + "\n";
  }

  /**
   * A copy of the JSON mapper the codec uses, with {@link ImmutJacksonModule} registered.
   *
   * @return a mapper the caller may configure further
   */
  public static ObjectMapper jsonMapper() {
    return JSON.copy();
  }

  /**
   * A copy of the YAML mapper the codec uses, with {@link ImmutJacksonModule} registered.
   *
   * @return a mapper the caller may configure further
   */
  public static ObjectMapper yamlMapper() {
    return YAML.copy();
  }

  private static String write(ObjectMapper mapper, FleetSpec spec) {
    try {
      return mapper.writeValueAsString(spec);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fleet spec '" + spec.name() + "'", e);
    }
  }

  private static FleetSpec read(JsonFactory factory, String text, String subject) {
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw tooLarge(subject, text.length() + " characters");
    }
    // Editors on some systems start UTF-8 files with a byte order mark; it is not part of the document.
    String doc = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (JsonParser parser = factory.createParser(doc)) {
      return ImmutJacksonModule.read(parser, subject, SpecReader::fleet, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + subject, e);
    }
  }

  private static InvalidSpecException tooLarge(String subject, String size) {
    return new InvalidSpecException(subject, List.of(new SpecProblem("", "is too large: " + size,
        "a document of at most " + MAX_DOCUMENT_CHARS + " characters (1 MiB); keep large content such as user data"
            + " in the image or fetch it at boot")));
  }

  private static String text(Path file, String subject) {
    try (InputStream in = Files.newInputStream(file)) {
      return decode(in, subject);
    } catch (IOException e) {
      throw new ImmutException("Cannot read spec file " + file + ": " + e.getMessage()
          + ". Check that the file exists and is readable.", e);
    }
  }

  private static String text(InputStream in, String subject) {
    try {
      return decode(in, subject);
    } catch (IOException e) {
      throw new ImmutException("Cannot read the spec stream: " + e.getMessage(), e);
    }
  }

  /** Reads at most a document's worth of UTF-8 (4 bytes per character at most), refusing bytes that are not UTF-8. */
  private static String decode(InputStream in, String subject) throws IOException {
    byte[] bytes = in.readNBytes(4 * MAX_DOCUMENT_CHARS + 1);
    if (bytes.length > 4 * MAX_DOCUMENT_CHARS) {
      throw tooLarge(subject, "more than " + 4 * MAX_DOCUMENT_CHARS + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int at = firstBadByte(bytes);
      throw new InvalidSpecException(subject, List.of(new SpecProblem("", "is not UTF-8 text: byte " + at
          + " (0x" + String.format("%02X", bytes[at] & 0xff) + ") starts no UTF-8 character",
          "a document saved as UTF-8 (convert it, for example with iconv -t UTF-8)")));
    }
  }

  private static int firstBadByte(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult r = decoder.decode(in, out, true);
    return r.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
  }

  private static StreamReadConstraints readConstraints() {
    // A backstop behind the reader's own, clearer checks (SpecTree): these stop the parser itself.
    return StreamReadConstraints.builder()
        .maxDocumentLength(MAX_DOCUMENT_CHARS + 1L)
        .maxStringLength(MAX_DOCUMENT_CHARS + 1)
        .maxNameLength(MAX_DOCUMENT_CHARS + 1)
        .maxNumberLength(1000)
        .maxNestingDepth(1000)
        .build();
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_DOCUMENT_CHARS + 1);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(1000);
    return options;
  }

  private static YAMLFactory yamlFactory() {
    return YAMLFactory.builder()
        .loaderOptions(loaderOptions())
        .streamReadConstraints(readConstraints())
        // A key without a value (`owner:`) is null, not empty text; the builder does not set this default.
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .stringQuotingChecker(new PlainTextQuoting())
        .build();
  }

  /**
   * Quotes every string that a YAML reader would otherwise take for something else (a number such
   * as {@code 1_000} or {@code 0x1F}, a boolean, null, a timestamp), so that text reads back as text.
   */
  private static final class PlainTextQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Resolver RESOLVER = new Resolver();

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
    }
  }
}
