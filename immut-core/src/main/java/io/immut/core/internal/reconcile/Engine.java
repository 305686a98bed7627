package io.immut.core.internal.reconcile;

import io.immut.core.clock.Clock;
import io.immut.core.port.FleetCommands;
import io.immut.core.port.GenerationLifecycle;
import io.immut.core.rollout.CanaryAnalysis;
import io.immut.core.rollout.CapacityTarget;
import io.immut.core.rollout.GenerationValidator;
import io.immut.core.rollout.HealthProbe;
import io.immut.core.internal.execution.Executor;
import io.immut.core.state.StateCheck;
import io.immut.spi.CloudDriver;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rollout runs with: the driver and its executor, the clock, the generation lifecycle and the
 * fleet commands (two of the engine's ports; the lease is the run's own), the owner, and the hooks
 * registered by name.
 *
 * @param driver the driver
 * @param executor the executor over the driver
 * @param clock the clock
 * @param lifecycle the generation lifecycle (the history)
 * @param commands the fleet commands the loop polls
 * @param owner the owner tag value
 * @param probe the health probe beside the cloud's status, or null
 * @param validators validators by name
 * @param analyses canary analyses by name
 * @param capacity the desired-capacity function
 * @param orphanGrace how long an instance of an unknown generation is left alone
 * @param promotionDeadline how long a manual promotion is waited for
 * @param stateCheck the state checks run before a rollout changes anything
 * @param priceOverride hourly prices given to the engine, used instead of the driver's; or null
 * @param observations what the reconcile loop saw of each fleet at its latest step
 */
public record Engine(CloudDriver driver, Executor executor, Clock clock, GenerationLifecycle lifecycle,
                     FleetCommands commands, String owner,
                     HealthProbe probe, Map<String, GenerationValidator> validators, Map<String, CanaryAnalysis> analyses,
                     CapacityTarget capacity, Duration orphanGrace, Duration promotionDeadline, StateCheck stateCheck,
                     PriceCatalog priceOverride, Observations observations) {
  /** Validates and copies the fields. */
  public Engine {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(owner, "owner");
    validators = Map.copyOf(validators);
    analyses = Map.copyOf(analyses);
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(orphanGrace, "orphanGrace");
    Objects.requireNonNull(promotionDeadline, "promotionDeadline");
    Objects.requireNonNull(stateCheck, "stateCheck");
    Objects.requireNonNull(observations, "observations");
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
