package io.immut.core.internal.reconcile;

import io.immut.spi.InstanceView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this engine's reconcile loop saw of each fleet at its latest step: the listing and the
 * capacity it aimed at. The status reports the capacity from here (a capacity change keeps the
 * generation, so the history's spec can be older), and the controller renders a fleet's status
 * after a reconcile from the listing that reconcile ended on instead of listing the fleet again.
 * One entry per fleet, replaced at every step. Beside them, the engine's {@link Tenures} of its
 * fleets, forgotten with them.
 */
public final class Observations {
  /**
   * One step's observation.
   *
   * @param at when the fleet was listed, on the engine's clock
   * @param desired the capacity the step aimed at
   * @param views what the listing answered
   */
  public record Observation(Instant at, int desired, List<InstanceView> views) {
    /** Validates and copies. */
    public Observation {
      Objects.requireNonNull(at, "at");
      views = List.copyOf(views);
    }
  }

  private final Map<String, Observation> byFleet = new ConcurrentHashMap<>();
  private final Tenures tenures = new Tenures();

  /** This engine's tenures of its fleets, for how long a lagging listing must be waited for. */
  Tenures tenures() {
    return tenures;
  }

  /**
   * Records a step's observation of a fleet.
   *
   * @param fleet the fleet
   * @param observation what was seen
   */
  public void record(String fleet, Observation observation) {
    byFleet.put(fleet, observation);
  }

  /**
   * Forgets a fleet: it was emptied, or is no longer managed here.
   *
   * @param fleet the fleet
   */
  public void forget(String fleet) {
    byFleet.remove(fleet);
    tenures.forget(fleet);
  }

  /**
   * The latest observation of a fleet by this engine.
   *
   * @param fleet the fleet
   * @return it, or empty when this engine has not reconciled the fleet
   */
  public Optional<Observation> latest(String fleet) {
    return Optional.ofNullable(byFleet.get(fleet));
  }
}
