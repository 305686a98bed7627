package io.immut.cli.internal;

import picocli.CommandLine.Option;

/** {@code --output text|json}, on every command. */
public final class OutputOptions {
  /** The formats. */
  public enum Format { text, json }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json (schema in docs/cli.md). Env: IMMUT_OUTPUT.")
  Format format;

  boolean json(Io io) {
    if (format == Format.json) {
      return true;
    }
    return "json".equalsIgnoreCase(io.env().getOrDefault("IMMUT_OUTPUT", ""));
  }
}
