package io.immut.core.rollout.reconcile;

import io.immut.core.clock.Clock;
import io.immut.core.history.GenerationStore;
import io.immut.core.rollout.CanaryAnalysis;
import io.immut.core.rollout.CapacityTarget;
import io.immut.core.rollout.GenerationValidator;
import io.immut.core.rollout.HealthProbe;
import io.immut.core.rollout.execution.Executor;
import io.immut.core.state.StateCheck;
import io.immut.spi.CloudDriver;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rollout runs with: the driver and its executor, the clock, the history, the owner, and
 * the hooks registered by name.
 *
 * @param driver the driver
 * @param executor the executor over the driver
 * @param clock the clock
 * @param store the generation history
 * @param owner the owner tag value
 * @param probe the health probe beside the cloud's status, or null
 * @param validators validators by name
 * @param analyses canary analyses by name
 * @param capacity the desired-capacity function
 * @param orphanGrace how long an instance of an unknown generation is left alone
 * @param stateCheck the state checks run before a rollout changes anything
 * @param priceOverride hourly prices given to the engine, used instead of the driver's; or null
 */
public record Engine(CloudDriver driver, Executor executor, Clock clock, GenerationStore store, String owner,
                     HealthProbe probe, Map<String, GenerationValidator> validators, Map<String, CanaryAnalysis> analyses,
                     CapacityTarget capacity, Duration orphanGrace, StateCheck stateCheck,
                     PriceCatalog priceOverride) {
  /** Validates and copies the fields. */
  public Engine {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(owner, "owner");
    validators = Map.copyOf(validators);
    analyses = Map.copyOf(analyses);
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(orphanGrace, "orphanGrace");
    Objects.requireNonNull(stateCheck, "stateCheck");
  }

  /**
   * The prices budgets and plans use: those given to the engine, else the driver's.
   *
   * @return the catalog, or empty when neither has one
   */
  public Optional<PriceCatalog> prices() {
    return priceOverride != null ? Optional.of(priceOverride) : driver.prices();
  }
}
