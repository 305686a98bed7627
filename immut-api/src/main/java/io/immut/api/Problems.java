package io.immut.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the problems of one value while it is validated, so that all of them are reported at
 * once. Package-private: the shared rules (names, labels) are exposed through {@link Names}.
 */
final class Problems {
  private final List<SpecProblem> list = new ArrayList<>();

  void add(String path, String problem, String allowed) {
    list.add(new SpecProblem(path, problem, allowed));
  }

  void addAll(String parent, List<SpecProblem> nested) {
    for (SpecProblem p : nested) {
      list.add(p.under(parent));
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<SpecProblem> list() {
    return List.copyOf(list);
  }

  void throwIfAny(String subject) {
    throwIfAny(subject, "");
  }

  /** Throws the problems with their paths under {@code root}, the value's place in a fleet spec. */
  void throwIfAny(String subject, String root) {
    if (!list.isEmpty()) {
      throw new InvalidSpecException(subject, root, list);
    }
  }

  boolean required(String path, Object value, String allowed) {
    if (value == null) {
      add(path, "is missing", allowed);
      return false;
    }
    return true;
  }

  void matches(String path, String value, Pattern pattern, String allowed) {
    if (value != null && !pattern.matcher(value).matches()) {
      add(path, SpecProblem.excerpt(value) + " is not valid", allowed);
    }
  }

  void range(String path, long value, long min, long max) {
    if (value < min || value > max) {
      add(path, value + " is out of range", "an integer from " + min + " to " + max);
    }
  }

  /** A duration from zero (or just above, when zero is not allowed) to {@link Durations#MAX}. */
  void positive(String path, Duration d, boolean zeroAllowed) {
    if (d == null) {
      return;
    }
    String allowed = (zeroAllowed ? "a duration from 0s" : "a positive duration") + " up to 365d";
    if (d.isNegative()) {
      add(path, Durations.format(d) + " is negative", allowed);
    } else if (!zeroAllowed && d.isZero()) {
      add(path, "0s is zero", allowed);
    } else if (d.compareTo(Durations.MAX) > 0) {
      add(path, Durations.format(d) + " is longer than 365d", allowed);
    }
  }

  /** Whether a duration is within what {@link #positive} accepts in either case, so that sums of such cannot overflow. */
  static boolean bounded(Duration d) {
    return d != null && !d.isNegative() && d.compareTo(Durations.MAX) <= 0;
  }

  void labels(String path, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach((k, v) -> {
      if (k == null || !Names.LABEL_KEY.matcher(k).matches()) {
        add(path + "." + k, "label key " + SpecProblem.excerpt(k) + " is not valid", Names.LABEL_KEY_ALLOWED);
      } else if (k.startsWith(Names.RESERVED_PREFIX)) {
        add(path + "." + k, "label key " + SpecProblem.excerpt(k) + " uses the reserved prefix '" + Names.RESERVED_PREFIX + "'",
            "a key that does not start with '" + Names.RESERVED_PREFIX + "' (immut sets its own ownership tags)");
      }
      if (v == null || !Names.LABEL_VALUE.matcher(v).matches()) {
        add(path + "." + k, "label value " + SpecProblem.excerpt(v) + " is not a valid tag value", Names.LABEL_VALUE_ALLOWED);
      }
    });
  }
}
