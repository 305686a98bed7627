package io.immut.core.state;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the state checks know about one kind of state store URI: its default port, what its path
 * may be, and how it is probed.
 */
enum StoreScheme {
  REDIS("redis", 6379, Probe.Kind.REDIS, Pattern.compile("(/\\d{1,5})?"), "redis://cache.internal:6379/0"),
  REDISS("rediss", 6379, Probe.Kind.TCP, Pattern.compile("(/\\d{1,5})?"), "rediss://cache.internal:6380/0"),
  POSTGRESQL("postgresql", 5432, Probe.Kind.POSTGRESQL, null, "postgresql://db.internal:5432/app"),
  POSTGRES("postgres", 5432, Probe.Kind.POSTGRESQL, null, "postgres://db.internal:5432/app"),
  MYSQL("mysql", 3306, Probe.Kind.MYSQL, null, "mysql://db.internal:3306/app"),
  MARIADB("mariadb", 3306, Probe.Kind.MYSQL, null, "mariadb://db.internal:3306/app"),
  MEMCACHED("memcached", 11211, Probe.Kind.MEMCACHED, Pattern.compile("/?"), "memcached://cache.internal:11211"),
  MONGODB("mongodb", 27017, Probe.Kind.TCP, null, "mongodb://db.internal:27017/app"),
  MONGODB_SRV("mongodb+srv", -1, Probe.Kind.NONE, null, "mongodb+srv://cluster0.example.mongodb.net/app"),
  AMQP("amqp", 5672, Probe.Kind.TCP, null, "amqp://mq.internal:5672/vhost"),
  AMQPS("amqps", 5671, Probe.Kind.TCP, null, "amqps://mq.internal:5671/vhost"),
  KAFKA("kafka", 9092, Probe.Kind.TCP, Pattern.compile("/?"), "kafka://broker.internal:9092"),
  NFS("nfs", 2049, Probe.Kind.TCP, Pattern.compile("/.+"), "nfs://files.internal/exports/web"),
  SMB("smb", 445, Probe.Kind.TCP, Pattern.compile("/.+"), "smb://files.internal/share"),
  S3("s3", -1, Probe.Kind.NONE, null, "s3://bucket/prefix"),
  GS("gs", -1, Probe.Kind.NONE, null, "gs://bucket/prefix"),
  HTTP("http", 80, Probe.Kind.TCP, null, "http://store.internal:8080/"),
  HTTPS("https", 443, Probe.Kind.TCP, null, "https://store.example.com/");

  private static final Map<String, StoreScheme> BY_NAME;

  static {
    Map<String, StoreScheme> m = new java.util.HashMap<>();
    for (StoreScheme s : values()) {
      m.put(s.scheme, s);
    }
    BY_NAME = Map.copyOf(m);
  }

  final String scheme;
  /** The port used when the URI has none; -1 when the scheme takes no port. */
  final int defaultPort;
  final Probe.Kind probe;
  /** The allowed path, or null for any. */
  final Pattern path;
  final String example;

  StoreScheme(String scheme, int defaultPort, Probe.Kind probe, Pattern path, String example) {
    this.scheme = scheme;
    this.defaultPort = defaultPort;
    this.probe = probe;
    this.path = path;
    this.example = example;
  }

  boolean takesPort() {
    return defaultPort > 0;
  }

  static Optional<StoreScheme> of(String scheme) {
    return Optional.ofNullable(BY_NAME.get(scheme.toLowerCase(Locale.ROOT)));
  }

  static String known() {
    return String.join(", ", new java.util.TreeSet<>(BY_NAME.keySet()));
  }
}
