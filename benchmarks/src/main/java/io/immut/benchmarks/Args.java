package io.immut.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line arguments of the benchmark programs: {@code --name value} pairs and flags. */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args, String... flags) {
    List<String> flagList = List.of(flags);
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (!k.startsWith("--")) {
        throw new IllegalArgumentException("expected an option such as --trace, got '" + k + "'");
      }
      if (flagList.contains(k)) {
        map.put(k, "true");
      } else if (i + 1 < args.length) {
        map.put(k, args[++i]);
      } else {
        throw new IllegalArgumentException("option " + k + " needs a value");
      }
    }
    return map;
  }

  /** Parses {@code 90s}, {@code 3m}, {@code 1h} or an ISO-8601 duration. */
  static Duration duration(String s) {
    String v = s.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.startsWith("p")) {
      return Duration.parse(s.strip().toUpperCase(java.util.Locale.ROOT));
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("'" + s + "' is not a duration; use 90s, 3m or 1h");
    };
  }
}
