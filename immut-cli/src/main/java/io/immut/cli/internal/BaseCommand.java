package io.immut.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.immut.core.Immut;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: its output format, the streams, and JSON helpers. */
abstract class BaseCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  CommandSpec spec;

  @Mixin
  OutputOptions output;

  RootCommand root() {
    return (RootCommand) spec.root().userObject();
  }

  Io io() {
    return root().io();
  }

  boolean json() {
    return output.json(io());
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON rendering that does not parse", e);
    }
  }

  static ObjectNode object() {
    ObjectNode node = JSON.createObjectNode();
    node.put("schemaVersion", 1);
    return node;
  }

  static ArrayNode array(List<String> jsons) {
    ArrayNode a = JSON.createArrayNode();
    jsons.forEach(j -> a.add(tree(j)));
    return a;
  }

  void print(JsonNode node) {
    try {
      io().out().println(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    io().out().flush();
  }

  void println(String text) {
    io().out().println(text);
    io().out().flush();
  }
}

/** A command that works with a cloud: the connection options, and an {@link Immut} opened from them. */
abstract class ConnectedCommand extends BaseCommand {
  @Mixin
  ConnectionOptions connection;

  Connection connect() {
    Connection c = Connection.resolve(connection, io());
    root().secrets().addAll(c.secrets());
    return c;
  }

  @Override
  public final Integer call() throws Exception {
    Connection c = connect();
    try (Connection.Session session = c.open()) {
      return run(session.immut(), c);
    }
  }

  abstract int run(Immut immut, Connection connection) throws Exception;
}
