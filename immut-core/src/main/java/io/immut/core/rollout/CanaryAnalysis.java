package io.immut.core.rollout;

import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.List;

/**
 * An analysis hook of a canary rollout: compares the canary instances of the new generation with
 * the baseline (the live generation) and answers pass, fail or inconclusive. Registered by name
 * with {@code Immut.builder().canaryAnalysis("errors", analysis)} and named by a
 * {@code CanaryStep.Analyse} step.
 *
 * <p>A failing verdict aborts the rollout and rolls it back; an inconclusive one waits for a
 * manual {@code Immut.promote(fleet)} until the health check's progress deadline. An exception
 * thrown by the analysis counts as a failing verdict.
 */
@FunctionalInterface
public interface CanaryAnalysis {

  /**
   * Analyses the canary.
   *
   * @param context the canary, the baseline and the step
   * @return pass, fail or inconclusive
   */
  Verdict analyse(Context context);

  /**
   * What an analysis sees.
   *
   * @param fleet the fleet's name
   * @param step the index of the analysis step among the canary steps
   * @param canaryGenerationId the content id of the new generation
   * @param canary the new generation's instances that passed their health gate
   * @param baseline the instances of the live generation
   * @param now the engine's clock
   */
  record Context(String fleet, int step, String canaryGenerationId, List<InstanceView> canary,
                 List<InstanceView> baseline, Instant now) {
    /** Copies the lists. */
    public Context {
      canary = List.copyOf(canary);
      baseline = List.copyOf(baseline);
    }
  }
}
