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
    if (!list.isEmpty()) {
      throw new InvalidSpecException(subject, list);
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
      add(path, "'" + value + "' is not valid", allowed);
    }
  }

  void range(String path, long value, long min, long max) {
    if (value < min || value > max) {
      add(path, value + " is out of range", "an integer from " + min + " to " + max);
    }
  }

  void positive(String path, Duration d, boolean zeroAllowed) {
    if (d == null) {
      return;
    }
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      add(path, Durations.format(d) + " is not allowed", zeroAllowed ? "a duration of zero or more" : "a positive duration");
    }
  }

  void labels(String path, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach((k, v) -> {
      if (k == null || !Names.LABEL_KEY.matcher(k).matches()) {
        add(path + "." + k, "label key '" + k + "' is not valid", Names.LABEL_KEY_ALLOWED);
      } else if (k.startsWith(Names.RESERVED_PREFIX)) {
        add(path + "." + k, "label key '" + k + "' uses the reserved prefix '" + Names.RESERVED_PREFIX + "'",
            "a key that does not start with '" + Names.RESERVED_PREFIX + "' (immut sets its own ownership tags)");
      }
      if (v == null || !Names.LABEL_VALUE.matcher(v).matches()) {
        add(path + "." + k, "label value '" + v + "' is not a valid tag value", Names.LABEL_VALUE_ALLOWED);
      }
    });
  }
}
