package io.immut.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.immut.core.memory.MemoryCloud;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Misuse of the extension fails the test class with a message that says what to change. */
class ExtensionMisuseTest {

  @SelfTestOnly
  @ImmutTest(bootTime = "soon")
  static class InvalidBootTime {
    MemoryCloud cloud;

    @Test
    void test() {
      assertThat(cloud).isNotNull();
    }
  }

  @SelfTestOnly
  @ImmutTest
  static class RegisteredTwice {
    @RegisterExtension
    static final ImmutExtension SECOND = ImmutExtension.with(ImmutEnvironment.builder());

    MemoryCloud cloud;

    @Test
    void test() {
      assertThat(cloud).isNotNull();
    }
  }

  private static List<Throwable> failuresOf(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .configurationParameter(SelfTestOnly.PARAMETER, "true").build(),
        listener);
    return listener.getSummary().getFailures().stream().map(TestExecutionSummary.Failure::getException).toList();
  }

  @Test
  void anInvalidAnnotationNamesTheClassAndTheValue() {
    assertThat(failuresOf(InvalidBootTime.class)).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("@ImmutTest on " + InvalidBootTime.class.getName() + " is invalid")
        .contains("soon"));
  }

  @Test
  void registeringTheExtensionTwiceSaysWhichToKeep() {
    assertThat(failuresOf(RegisteredTwice.class)).isNotEmpty().first().satisfies(e -> assertThat(e.getMessage())
        .contains("registers immut's extension twice")
        .contains("keep one"));
  }
}
