package io.immut.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that exists to be run by another test through the JUnit Platform launcher
 * (a deliberately broken driver, a misused extension): it runs only when that launcher sets
 * {@value #PARAMETER}, and is skipped when a build or an IDE picks it up by itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SelfTestOnly.Condition.class)
public @interface SelfTestOnly {
  /** The configuration parameter the launching test sets to {@code true}. */
  String PARAMETER = "immut.testkit.self-test";

  /** Enables the class only under the launching test. */
  class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("launched by a test of the testkit")
          : ConditionEvaluationResult.disabled("runs only when launched by a test of the testkit");
    }
  }
}
