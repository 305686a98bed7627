package io.immut.cli.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose the cloud, its configuration, the history and the owner; shared by the commands that need them. */
public final class ConnectionOptions {
  @Option(names = "--driver", paramLabel = "NAME",
      description = "The cloud driver: sandbox (default), memory, aws, azure, gcp. Env: IMMUT_DRIVER.")
  String driver;

  @Option(names = "--config", paramLabel = "KEY=VALUE",
      description = "A driver property (repeatable), e.g. --config region=eu-west-1. Env: IMMUT_CONFIG_<KEY>.")
  Map<String, String> config = new LinkedHashMap<>();

  @Option(names = "--config-file", paramLabel = "FILE",
      description = "A properties file: driver=..., history=..., owner=..., <driver>.<key>=... Env: IMMUT_CONFIG_FILE.")
  String configFile;

  @Option(names = "--history", paramLabel = "DIR|URL",
      description = "Where the generation history is kept: a directory (default: the sandbox's own, else .immut/history),"
          + " or a PostgreSQL database, jdbc:postgresql://HOST:5432/DB (user and password in IMMUT_HISTORY_USER,"
          + " IMMUT_HISTORY_PASSWORD). Env: IMMUT_HISTORY.")
  String history;

  @Option(names = "--owner", paramLabel = "NAME",
      description = "The owner tag of the fleets (default immut). Env: IMMUT_OWNER.")
  String owner;
}
