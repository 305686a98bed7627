package io.immut.testkit.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.immut.testkit.SelfTestOnly;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a conformance class through the JUnit Platform and records every test's end, by test id. */
final class SuiteRun implements TestExecutionListener {
  /** How one test ended. */
  record Outcome(String status, String detail) {}

  private final Map<String, Outcome> outcomes = new TreeMap<>();

  static SuiteRun of(Class<?> testClass) {
    SuiteRun run = new SuiteRun();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .configurationParameter(SelfTestOnly.PARAMETER, "true").build(), run);
    return run;
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier test, String reason) {
    idOf(test).ifPresent(id -> outcomes.put(id, new Outcome("SKIPPED", reason)));
  }

  @Override
  public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
    idOf(test).ifPresent(id -> outcomes.put(id, new Outcome(result.getStatus().name(),
        result.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElse(""))));
  }

  private static java.util.Optional<String> idOf(TestIdentifier test) {
    return test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .map(m -> m.getJavaClass().getSimpleName() + "." + m.getMethodName());
  }

  synchronized Map<String, Outcome> outcomes() {
    return Map.copyOf(outcomes);
  }

  synchronized Set<String> withStatus(String status) {
    return outcomes.entrySet().stream().filter(e -> e.getValue().status().equals(status)).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  synchronized Outcome outcome(String id) {
    return outcomes.get(id);
  }

  @Override
  public synchronized String toString() {
    return outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
  }
}
