package io.immut.benchmarks;

import io.immut.core.simulation.DemandTrace;
import java.util.List;

/** immut's own policies as benchmark contenders. */
final class OurPolicies {
  private OurPolicies() {}

  static List<Contender> contenders(DemandTrace trace, AutoscalingBenchmark.Settings settings, double[] targets) {
    return List.of();
  }
}
