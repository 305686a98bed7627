package io.immut.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
 */
public final class SpecCodec {
  // Trees keep decimals exactly as written (12.50 stays 12.50), so that budgets survive conversions.
  private static final YAMLMapper YAML = YAMLMapper.builder(yamlFactory())
      .addModule(new ImmutJacksonModule())
      .nodeFactory(SpecTree.NODES)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final JsonMapper JSON = JsonMapper.builder()
      .addModule(new ImmutJacksonModule())
      .nodeFactory(SpecTree.NODES)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private SpecCodec() {}

  /**
   * Reads a spec from YAML text.
   *
   * @param yaml the document
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readYaml(String yaml) {
    return read(YAML.getFactory(), yaml, "fleet spec");
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
    return read(YAML.getFactory(), text(file), "fleet spec in " + file);
  }

  /**
   * Reads a spec from a YAML stream, which is left open.
   *
   * @param in the stream, UTF-8
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readYaml(InputStream in) {
    return read(YAML.getFactory(), text(in), "fleet spec");
  }

  /**
   * Reads a spec from JSON text.
   *
   * @param json the document
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readJson(String json) {
    return read(JSON.getFactory(), json, "fleet spec");
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
    return read(JSON.getFactory(), text(file), "fleet spec in " + file);
  }

  /**
   * Reads a spec from a JSON stream, which is left open.
   *
   * @param in the stream, UTF-8
   * @return the spec
   * @throws InvalidSpecException listing every problem of the document
   */
  public static FleetSpec readJson(InputStream in) {
    return read(JSON.getFactory(), text(in), "fleet spec");
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
    // Editors on some systems start UTF-8 files with a byte order mark; it is not part of the document.
    String doc = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (JsonParser parser = factory.createParser(doc)) {
      return ImmutJacksonModule.read(parser, subject, SpecReader::fleet, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + subject, e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ImmutException("Cannot read spec file " + file + ": " + e.getMessage()
          + ". Check that the file exists and is readable.", e);
    }
  }

  private static String text(InputStream in) {
    try {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ImmutException("Cannot read the spec stream: " + e.getMessage(), e);
    }
  }

  private static YAMLFactory yamlFactory() {
    return YAMLFactory.builder()
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
