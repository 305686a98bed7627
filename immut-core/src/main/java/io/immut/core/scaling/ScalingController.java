package io.immut.core.scaling;

import io.immut.spi.MetricsSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Autoscaler} step after step for one fleet: keeps the {@link ScalingState}
 * between steps, reads the metrics from one source, and tells listeners of every decision that
 * changes the size. This is what a reconcile loop holds; the {@link Autoscaler} alone is what a
 * replay or a test calls.
 *
 * <p>Thread-safe: steps are serialized.
 */
public final class ScalingController {
  private static final Logger LOG = LoggerFactory.getLogger(ScalingController.class);

  private final String fleet;
  private final Autoscaler autoscaler;
  private final MetricsSource metrics;
  private final List<Consumer<ScalingDecision>> listeners = new ArrayList<>();
  private ScalingState state = ScalingState.initial();
  private ScalingDecision last;

  /**
   * A controller for one fleet.
   *
   * @param fleet the fleet's name, for logs
   * @param autoscaler the autoscaler
   * @param metrics where the policies read their metrics
   */
  public ScalingController(String fleet, Autoscaler autoscaler, MetricsSource metrics) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.autoscaler = Objects.requireNonNull(autoscaler, "autoscaler");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Adds a listener told of every decision that changes the fleet's size.
   *
   * @param listener the listener
   * @return this controller
   */
  public synchronized ScalingController onChange(Consumer<ScalingDecision> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Decides the size now and keeps the state for the next step.
   *
   * @param now the time
   * @param observation the fleet's current size and instances
   * @return the decision
   */
  public synchronized ScalingDecision step(Instant now, FleetObservation observation) {
    Autoscaler.Result r = autoscaler.decide(now, observation, metrics, state);
    state = r.state();
    last = r.decision();
    if (last.isChange()) {
      LOG.info("fleet {}: scaling {}", fleet, last);
      for (Consumer<ScalingDecision> l : listeners) {
        l.accept(last);
      }
    }
    return last;
  }

  /**
   * The latest decision.
   *
   * @return the decision, or null before the first step
   */
  public synchronized ScalingDecision last() {
    return last;
  }

  /**
   * The size to aim at: the latest decision's, or the capacity's initial size before any step.
   *
   * @return the desired size
   */
  public synchronized int desired() {
    return last == null ? autoscaler.budget().clamp(autoscaler.capacity().desired()) : last.desired();
  }

  /**
   * The state kept between steps.
   *
   * @return the state
   */
  public synchronized ScalingState state() {
    return state;
  }
}
