package io.immut.testkit.conformance;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Runs a {@link CloudDriverConformance}: reports excluded tests as skipped with their reason,
 * opens the driver and fixture per test or per class, and terminates what each test launched.
 */
final class ConformanceExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(ConformanceExtension.class);
  private static final String SESSION = "session";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    Optional<CloudDriverConformance> suite = suiteOf(context);
    if (method.isEmpty() || suite.isEmpty()) {
      return ConditionEvaluationResult.enabled("conformance groups run; exclusions apply to tests");
    }
    Exclusions exclusions = canonical(suite.get(), suite.get().exclusions());
    String id = testId(method.get());
    return exclusions.reasonFor(id)
        .map(reason -> ConditionEvaluationResult.disabled(id + " excluded by " + suite.get().getClass().getSimpleName()
            + ".exclusions(): " + reason))
        .orElseGet(() -> ConditionEvaluationResult.enabled(id + " is not excluded"));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CloudDriverConformance suite = suiteOf(context).orElseThrow();
    ConformanceSession session;
    if (suite.driverScope() == DriverScope.PER_CLASS) {
      ExtensionContext top = topLevelClassContext(context);
      session = top.getStore(NAMESPACE).getOrComputeIfAbsent(SESSION, k -> suite.openSession(), ConformanceSession.class);
    } else {
      session = suite.openSession();
      context.getStore(NAMESPACE).put(SESSION, session);
    }
    suite.attach(session);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      suiteOf(context).map(CloudDriverConformance::session).ifPresent(ConformanceSession::cleanupTest);
    } finally {
      close(context);
    }
  }

  /** Closes the class's session (driver scope per class); closed here, not left to the store, for any JUnit 5. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
      close(context);
    }
  }

  private static void close(ExtensionContext context) {
    ConformanceSession session = context.getStore(NAMESPACE).remove(SESSION, ConformanceSession.class);
    if (session != null) {
      session.close();
    }
  }

  static String testId(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }

  /**
   * The exclusions with canonical ids ({@link TestIds}), checked: an id that names no test or group
   * of the suite fails every test, so that a renamed test cannot hide behind a stale exclusion.
   */
  private static Exclusions canonical(CloudDriverConformance suite, Exclusions exclusions) {
    Set<String> known = CloudDriverConformance.testIds();
    Set<String> unknown = new TreeSet<>();
    Exclusions out = Exclusions.none();
    for (java.util.Map.Entry<String, String> e : exclusions.asMap().entrySet()) {
      Optional<String> id = TestIds.canonical(e.getKey());
      boolean test = id.isPresent() && known.contains(id.get());
      boolean group = id.isPresent() && known.stream().anyMatch(k -> k.startsWith(id.get() + "."));
      if (!test && !group) {
        unknown.add(e.getKey());
      } else {
        out = out.exclude(id.get(), e.getValue());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(suite.getClass().getSimpleName() + ".exclusions() names " + unknown
          + ", which is no conformance test or group; the tests are: " + known);
    }
    return out;
  }

  private static Optional<CloudDriverConformance> suiteOf(ExtensionContext context) {
    return context.getTestInstances().flatMap(instances -> instances.getAllInstances().stream()
        .filter(CloudDriverConformance.class::isInstance)
        .map(CloudDriverConformance.class::cast)
        .findFirst());
  }

  private static ExtensionContext topLevelClassContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().isPresent() && c.getParent().get().getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }
}
