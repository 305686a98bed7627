package io.immut.benchmarks;

import io.immut.core.simulation.SizingPolicy;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One configuration of one policy family in a benchmark.
 *
 * @param family the family, such as "Kubernetes HPA"
 * @param config the configuration in words, such as "target 0.70"
 * @param policy makes a fresh policy for each run
 */
public record Contender(String family, String config, Supplier<SizingPolicy> policy) {
  /** Validates. */
  public Contender {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(policy, "policy");
  }
}
