package io.immut.testkit.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The conformance tests a driver cannot run, each with the reason, declared in one place:
 * {@link CloudDriverConformance#exclusions()}. Excluded tests are reported as skipped with the
 * reason, never as passed; an id that names no test fails every test of the suite, so that a
 * renamed test cannot hide behind a stale exclusion.
 *
 * <p>A test id is the group and the method, {@code "Errors.throttlingMapsToThrottled"}; a group
 * alone ({@code "Errors"}) excludes every test of the group. {@link CloudDriverConformance#testIds()}
 * lists them all. The group may also be written as surefire prints it (its display name:
 * {@code "list.neverListsForeignInstances"}, {@code "capabilities"}), in any case, or as the nested
 * class's binary name ({@code "CloudDriverConformance$ListInstances"}), with {@code #} for the dot;
 * a skipped test's reason starts with its canonical id.
 *
 * <pre>{@code
 * @Override
 * protected Exclusions exclusions() {
 *   return Exclusions.none()
 *       .exclude("Launch.shortLaunchSaysHowManyAndWhy", "the local server cannot limit capacity")
 *       .exclude("Errors.authFailureMapsToAuthFailed", "the local server accepts every credential");
 * }
 * }</pre>
 */
public final class Exclusions {
  private static final Exclusions NONE = new Exclusions(Map.of());

  private final Map<String, String> reasons;

  private Exclusions(Map<String, String> reasons) {
    this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }

  /**
   * No exclusion: the driver runs the whole suite.
   *
   * @return the empty exclusions
   */
  public static Exclusions none() {
    return NONE;
  }

  /**
   * These exclusions and one more.
   *
   * @param testId a test id ({@code "Group.method"}) or a group ({@code "Group"})
   * @param reason why the driver cannot run it: what the backend lacks; not blank
   * @return new exclusions
   * @throws IllegalArgumentException when the reason is blank or the id is already excluded
   */
  public Exclusions exclude(String testId, String reason) {
    Objects.requireNonNull(testId, "testId");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("the exclusion of '" + testId + "' needs a reason: say what the backend lacks");
    }
    if (reasons.containsKey(testId)) {
      throw new IllegalArgumentException("'" + testId + "' is excluded twice; keep one exclusion with one reason");
    }
    Map<String, String> more = new LinkedHashMap<>(reasons);
    more.put(testId, reason);
    return new Exclusions(more);
  }

  /**
   * The reason a test is excluded, by its own id or by its group.
   *
   * @param testId the test's id, {@code "Group.method"}
   * @return the reason, or empty when the test runs
   */
  public Optional<String> reasonFor(String testId) {
    String reason = reasons.get(testId);
    if (reason == null) {
      int dot = testId.indexOf('.');
      reason = dot < 0 ? null : reasons.get(testId.substring(0, dot));
    }
    return Optional.ofNullable(reason);
  }

  /**
   * Every exclusion, in the order declared.
   *
   * @return test id or group to reason
   */
  public Map<String, String> asMap() {
    return reasons;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Exclusions e && e.reasons.equals(reasons);
  }

  @Override
  public int hashCode() {
    return reasons.hashCode();
  }

  @Override
  public String toString() {
    return "Exclusions" + reasons;
  }
}
