package io.immut.testkit.conformance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Reads a conformance test id in the forms people copy it from: the canonical
 * {@code Launch.shortLaunchSaysHowManyAndWhy}; the group as surefire prints it, which is its
 * display name ({@code launch}, {@code list}, {@code capabilities}); a nested class's binary
 * name ({@code CloudDriverConformance$ListInstances}); {@code #} for the dot. Groups match
 * without regard to case.
 */
final class TestIds {
  private static final Map<String, String> GROUPS = groups();

  private TestIds() {}

  /**
   * The canonical id of a test or group.
   *
   * @param id as written
   * @return {@code Group.method} or {@code Group}, or empty when the group is none of the suite's
   */
  static Optional<String> canonical(String id) {
    String s = id.strip().replace('#', '.');
    int dollar = s.lastIndexOf('$');
    if (dollar >= 0) {
      s = s.substring(dollar + 1);
    }
    int dot = s.indexOf('.');
    String group = dot < 0 ? s : s.substring(0, dot);
    String canonicalGroup = GROUPS.get(group.toLowerCase(Locale.ROOT));
    if (canonicalGroup == null) {
      return Optional.empty();
    }
    return Optional.of(dot < 0 ? canonicalGroup : canonicalGroup + s.substring(dot));
  }

  /** Lower-cased class and display names of the groups, to the class name. */
  private static Map<String, String> groups() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Class<?> suite = CloudDriverConformance.class; suite != Object.class; suite = suite.getSuperclass()) {
      for (Class<?> group : suite.getDeclaredClasses()) {
        if (group.isAnnotationPresent(Nested.class)) {
          out.put(group.getSimpleName().toLowerCase(Locale.ROOT), group.getSimpleName());
          DisplayName shown = group.getAnnotation(DisplayName.class);
          if (shown != null) {
            out.putIfAbsent(shown.value().toLowerCase(Locale.ROOT), group.getSimpleName());
          }
        }
      }
    }
    return out;
  }
}
