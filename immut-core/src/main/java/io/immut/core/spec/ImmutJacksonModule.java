package io.immut.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.InvalidSpecException;
import io.immut.api.RolloutStrategy;
import io.immut.api.StatePolicy;
import java.io.IOException;
import java.util.function.Function;

/**
 * Binds immut's spec types to Jackson, for applications that read or write specs with their own
 * {@code ObjectMapper} (JSON, YAML, or any other Jackson format):
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper(new YAMLFactory()).registerModule(new ImmutJacksonModule());
 * FleetSpec spec = mapper.readValue(file, FleetSpec.class);
 * }</pre>
 *
 * <p>Covers {@link FleetSpec}, {@link GenerationSpec}, {@link Capacity}, {@link RolloutStrategy},
 * {@link StatePolicy} and {@link CostPolicy}, in the document form {@link SpecCodec} describes.
 * Reading a value that has problems throws one {@link InvalidSpecException} listing every problem
 * with its path relative to the value read; it is not wrapped in a Jackson exception.
 *
 * <p>Budgets are decimals compared with their scale ({@code 12.50} is not {@code 12.5}): for an
 * exact round trip through {@code valueToTree} / {@code convertValue}, give the mapper a node
 * factory that keeps decimals exact, as {@link SpecCodec#jsonMapper()} does. Reading and writing
 * text is exact with any mapper.
 */
public final class ImmutJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** Creates the module. */
  public ImmutJacksonModule() {
    super("immut", Version.unknownVersion());
    bind(FleetSpec.class, "fleet spec", SpecWriter::fleet, SpecReader::fleet);
    bind(GenerationSpec.class, "generation spec", SpecWriter::generation,
        (node, problems) -> SpecReader.generation(node, "", problems));
    bind(Capacity.class, "capacity", SpecWriter::capacity, (node, problems) -> PolicyReader.capacity(node, "", problems));
    bind(RolloutStrategy.class, "rollout strategy", SpecWriter::strategy,
        (node, problems) -> PolicyReader.strategy(node, "", problems));
    bind(StatePolicy.class, "state policy", SpecWriter::state, (node, problems) -> PolicyReader.state(node, "", problems));
    bind(CostPolicy.class, "cost policy", SpecWriter::cost, (node, problems) -> PolicyReader.cost(node, "", problems));
  }

  /** Reads one part of a spec from a tree, recording problems. */
  interface PartReader<T> {
    T read(JsonNode node, SpecProblems problems);
  }

  private <T> void bind(Class<T> type, String subject, Function<T, ObjectNode> writer, PartReader<T> reader) {
    addSerializer(type, new PartSerializer<>(type, writer));
    addDeserializer(type, new PartDeserializer<>(type, subject, reader));
  }

  /** Reads a part from the parser's tokens, all problems at once. */
  static <T> T read(JsonParser parser, String subject, PartReader<T> reader) {
    return read(parser, subject, reader, false);
  }

  /**
   * Reads a part from the parser's tokens, all problems at once.
   *
   * @param whole whether the part is the whole document, so that anything after it is a problem
   */
  static <T> T read(JsonParser parser, String subject, PartReader<T> reader, boolean whole) {
    SpecProblems problems = new SpecProblems();
    JsonNode tree = SpecTree.read(parser, problems);
    if (tree != null && whole) {
      SpecTree.expectEnd(parser, problems);
    }
    T value = tree == null ? null : reader.read(tree, problems);
    if (tree != null) {
      problems.sortInDocumentOrder(tree);
    }
    problems.throwIfAny(subject);
    if (value == null) {
      throw new IllegalStateException("the " + subject + " was not read, yet no problem was recorded");
    }
    return value;
  }

  private static final class PartSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<T, ObjectNode> writer;

    PartSerializer(Class<T> type, Function<T, ObjectNode> writer) {
      super(type);
      this.writer = writer;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      writer.apply(value).serialize(gen, provider);
    }
  }

  private static final class PartDeserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final String subject;
    private final transient PartReader<T> reader;

    PartDeserializer(Class<T> type, String subject, PartReader<T> reader) {
      super(type);
      this.subject = subject;
      this.reader = reader;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
      return read(p, subject, reader);
    }
  }
}
