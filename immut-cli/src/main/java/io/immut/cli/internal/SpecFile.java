package io.immut.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.immut.api.FleetSpec;
import io.immut.api.ImmutException;
import io.immut.api.InvalidSpecException;
import io.immut.api.SpecProblem;
import io.immut.core.spec.SpecCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet spec read from a file given on the command line, with the line and column of each field
 * path in it, so that a problem found by the codec or later by a driver points into the file.
 *
 * @param given the file as given
 * @param spec the spec
 * @param places the line and column of each field path: {@code generation.volumes[1].sizeGb -> {12, 7}}
 */
record SpecFile(String given, FleetSpec spec, Map<String, int[]> places) {
  private static final Pattern LINE_COLUMN = Pattern.compile("\\(line (\\d+), column (\\d+)\\)");

  /**
   * Reads a spec file.
   *
   * @throws CliException naming every problem with its file, line, column and field path
   */
  static SpecFile read(String given, Io io) {
    Path file = io.resolve(given);
    if (!Files.isRegularFile(file)) {
      throw new CliException(given + ": no such spec file (looked in " + file.getParent() + "); give the path of a YAML or"
          + " JSON fleet spec", Exit.ERROR);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(given + ": cannot read it (" + e.getMessage() + "); check its permissions", Exit.ERROR);
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    Map<String, int[]> places = places(text, json);
    try {
      FleetSpec spec = json ? SpecCodec.parseJson(text) : SpecCodec.parseYaml(text);
      return new SpecFile(given, spec, places);
    } catch (InvalidSpecException e) {
      throw new SpecFile(given, null, places).problems(e);
    } catch (ImmutException e) {
      throw new CliException(given + ": " + e.getMessage(), Exit.ERROR);
    }
  }

  /** The problems of an exception, placed in this file. */
  CliException problems(InvalidSpecException e) {
    List<CliException.LocatedProblem> located = e.problems().stream().map(this::place).toList();
    StringBuilder message = new StringBuilder();
    for (CliException.LocatedProblem p : located) {
      message.append(message.length() == 0 ? "" : "\n").append(p.toLine());
    }
    return new CliException(message.toString(), Exit.ERROR, located, e);
  }

  private CliException.LocatedProblem place(SpecProblem p) {
    int[] at = null;
    Matcher m = LINE_COLUMN.matcher(p.problem());
    if (m.find()) {
      at = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
    for (String path = p.path(); at == null && !path.isEmpty(); path = parent(path)) {
      at = places.get(path);
    }
    return new CliException.LocatedProblem(given, at == null ? 0 : at[0], at == null ? 0 : at[1], p.path(), p.problem(),
        p.allowed());
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  /** Where each field and element starts; empty when the text is not well-formed (the codec says where). */
  static Map<String, int[]> places(String text, boolean json) {
    Map<String, int[]> places = new HashMap<>();
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    try (JsonParser parser = factory.createParser(text)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        JsonStreamContext ctx = parser.getParsingContext();
        boolean element = ctx.inArray() && t != JsonToken.END_ARRAY;
        if (t == JsonToken.FIELD_NAME || element) {
          JsonLocation at = parser.currentTokenLocation();
          places.putIfAbsent(path(ctx), new int[] {at.getLineNr(), at.getColumnNr()});
        }
      }
    } catch (IOException | RuntimeException e) {
      // not well-formed: the codec reports it with its own line and column
    }
    return places;
  }

  private static String path(JsonStreamContext ctx) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }
}
