package io.immut.core.simulation;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.core.scaling.Autoscaler;
import io.immut.core.scaling.FleetObservation;
import io.immut.core.scaling.InMemoryMetrics;
import io.immut.core.scaling.ScalingDecision;
import io.immut.core.scaling.ScalingState;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A fleet's own autoscaling, as the trace replay drives it: the {@link Autoscaler} of an
 * {@linkplain Capacity.Autoscaled autoscaled} capacity, fed with the replay's published datapoints
 * through an in-memory metrics source. Each datapoint is recorded, at the start of its period,
 * under three metric names that the fleet's policies can use:
 * <ul>
 *   <li>{@value #REQUESTS}: the fleet's total demand in the period (an aggregation {@code TOTAL}
 *       metric, as a load balancer's request count);</li>
 *   <li>{@value #REQUESTS_PER_INSTANCE}: the demand per ready instance (an {@code AVERAGE});</li>
 *   <li>{@value #UTILIZATION}: the demand per ready instance as a fraction of an instance's
 *       capacity (an {@code AVERAGE}, 1.0 = saturated; not capped).</li>
 * </ul>
 * The policy keeps every datapoint it was shown, so a predictive policy learns from the whole
 * replayed history, never from the future.
 *
 * <pre>{@code
 * FleetSpec web = ... .capacity(Capacity.autoscaled(1, 40,
 *     ScalingPolicy.targetTracking("requests", 14).withAggregation(Aggregation.TOTAL))) ...;
 * TraceReplay.builder(trace).capacityPerInstance(20.25).fleet(web).autoscaledBy(web).build().run();
 * }</pre>
 */
public final class AutoscaledPolicy implements SizingPolicy {
  /** The fleet's total demand per period. */
  public static final String REQUESTS = "requests";
  /** The demand per ready instance per period. */
  public static final String REQUESTS_PER_INSTANCE = "requests_per_instance";
  /** The demand per ready instance as a fraction of an instance's capacity. */
  public static final String UTILIZATION = "utilization";

  private final String name;
  private final Autoscaler autoscaler;
  private final Duration interval;
  private final InMemoryMetrics metrics = new InMemoryMetrics();
  private ScalingState state = ScalingState.initial();
  private Instant lastRecorded;

  /**
   * Drives an autoscaler.
   *
   * @param name the name in reports
   * @param autoscaler the autoscaler
   * @param interval how often it decides (the engine's loop step)
   */
  public AutoscaledPolicy(String name, Autoscaler autoscaler, Duration interval) {
    this.name = Objects.requireNonNull(name, "name");
    this.autoscaler = Objects.requireNonNull(autoscaler, "autoscaler");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /**
   * Drives the autoscaler of a fleet spec whose capacity is autoscaled, every 15 seconds.
   *
   * @param spec the fleet spec
   * @param prices the price catalog, for a budget; may be null when the spec has none
   * @return the policy
   * @throws IllegalArgumentException when the spec's capacity is not autoscaled
   */
  public static AutoscaledPolicy of(FleetSpec spec, PriceCatalog prices) {
    return new AutoscaledPolicy(spec.name(), Autoscaler.of(spec, prices), Duration.ofSeconds(15));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public Sizing decide(Observation o) {
    for (Datapoint d : o.metrics()) {
      if (lastRecorded == null || d.start().isAfter(lastRecorded)) {
        metrics.record(REQUESTS, d.start(), d.demand());
        metrics.record(REQUESTS_PER_INSTANCE, d.start(), d.perInstance());
        metrics.record(UTILIZATION, d.start(), d.perInstance() / o.capacityPerInstance());
        lastRecorded = d.start();
      }
    }
    Autoscaler.Result r = autoscaler.decide(o.now(), new FleetObservation(o.desired(), o.launchTimes()), metrics, state);
    state = r.state();
    ScalingDecision d = r.decision();
    return new Sizing(d.desired(), d.reason());
  }
}
