package io.immut.micrometer;

import io.immut.core.controller.ControllerEvent;
import io.immut.core.controller.ControllerListener;
import io.immut.core.controller.LeaseState;
import io.immut.core.rollout.DriverCall;
import io.immut.core.rollout.DriverCallListener;
import io.immut.core.rollout.RolloutEvent;
import io.immut.core.rollout.RolloutListener;
import io.immut.core.scaling.ScalingDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Binds immut's events to a Micrometer {@link MeterRegistry}: rollouts by outcome, waves, driver
 * calls and throttles by operation, instances and hourly cost per fleet, scaling decisions, lease
 * changes and reconcile latency. A {@link MeterBinder} as Micrometer's own are: bind it once, then
 * hand its listeners to the engine, the controller and the autoscaler.
 *
 * <pre>{@code
 * ImmutMetrics metrics = new ImmutMetrics();
 * metrics.bindTo(registry);
 * Immut immut = Immut.builder().driver("aws", config)
 *     .listener(metrics.rolloutListener()).driverCallListener(metrics.driverCallListener()).build();
 * FleetController controller = immut.controller().listener(metrics.controllerListener()).build();
 * }</pre>
 *
 * <p>The meters (names as Micrometer writes them; Prometheus turns dots into underscores and adds
 * {@code _total} and {@code _seconds}):
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>from</th></tr>
 *   <tr><td>{@code immut.rollouts}</td><td>counter</td><td>fleet, outcome</td><td>every apply's end, controller reconciles included ({@code no_change} when nothing was done)</td></tr>
 *   <tr><td>{@code immut.rollout.duration}</td><td>timer</td><td>outcome</td><td>the same</td></tr>
 *   <tr><td>{@code immut.rollout.waves}</td><td>counter</td><td>fleet</td><td>each wave of launches</td></tr>
 *   <tr><td>{@code immut.driver.calls}</td><td>counter</td><td>operation, outcome</td><td>every driver call, retries included</td></tr>
 *   <tr><td>{@code immut.driver.throttles}</td><td>counter</td><td>operation</td><td>driver calls the cloud throttled</td></tr>
 *   <tr><td>{@code immut.driver.call.latency}</td><td>timer</td><td>operation</td><td>every driver call</td></tr>
 *   <tr><td>{@code immut.fleet.instances}, {@code immut.fleet.healthy.instances}, {@code immut.fleet.desired.capacity}</td><td>gauges</td><td>fleet</td><td>the controller's observation after each reconcile</td></tr>
 *   <tr><td>{@code immut.fleet.hourly.cost}</td><td>gauge</td><td>fleet</td><td>the same (NaN when the driver has no prices)</td></tr>
 *   <tr><td>{@code immut.capacity.changes}</td><td>counter</td><td>fleet, direction</td><td>desired capacity changes seen by rollouts and reconciles</td></tr>
 *   <tr><td>{@code immut.scaling.decisions}</td><td>counter</td><td>fleet, direction</td><td>the autoscaler's decisions ({@link #scalingListener()}); direction {@code out}, {@code in} or {@code none}</td></tr>
 *   <tr><td>{@code immut.lease.changes}</td><td>counter</td><td>state</td><td>the controller's lease changes, by the state reached</td></tr>
 *   <tr><td>{@code immut.controller.leases.held}</td><td>gauge</td><td></td><td>fleets whose lease the controller holds</td></tr>
 *   <tr><td>{@code immut.reconcile}</td><td>timer</td><td>outcome</td><td>each reconcile of the controller (its latency)</td></tr>
 *   <tr><td>{@code immut.spec.rejected}</td><td>counter</td><td></td><td>spec files the controller could not take</td></tr>
 * </table>
 *
 * <p>The {@code fleet} tag has one value per fleet: with thousands of fleets, drop it where it is
 * not wanted with a {@code MeterFilter}. Events that come before {@link #bindTo} are not counted.
 * The gauges of a fleet the controller stops managing are removed. Thread-safe.
 *
 * @since 0.2
 */
public final class ImmutMetrics implements MeterBinder {
  private final Tags tags;
  private volatile MeterRegistry registry;
  private final Map<String, FleetGauges> fleets = new ConcurrentHashMap<>();
  private final Map<String, LeaseState> leases = new ConcurrentHashMap<>();

  /** Metrics with no common tags. */
  public ImmutMetrics() {
    this(Tags.empty());
  }

  /**
   * Metrics with tags added to every meter (the controller's name, a region, ...).
   *
   * @param tags the common tags
   */
  public ImmutMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers the meters that exist from the start and takes the registry for the others.
   *
   * @param registry the registry; one per {@code ImmutMetrics} (use a {@code CompositeMeterRegistry} for several)
   * @throws IllegalStateException when bound to another registry already
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (this.registry != null && this.registry != registry) {
      throw new IllegalStateException("these ImmutMetrics are bound to another registry already; bind one ImmutMetrics per"
          + " registry, or bind it to a CompositeMeterRegistry of them");
    }
    this.registry = registry;
    Gauge.builder("immut.controller.leases.held", leases, m -> m.values().stream().filter(s -> s == LeaseState.HELD).count())
        .tags(tags).description("Fleets whose lease this controller holds").register(registry);
  }

  /**
   * A listener of the engine's rollout events: give it to {@code Immut.builder().listener(...)}
   * (it sees every apply, the controller's too) or to one {@code apply}.
   *
   * @return the listener
   */
  public RolloutListener rolloutListener() {
    return this::onRollout;
  }

  /**
   * A listener of every driver call: give it to {@code Immut.builder().driverCallListener(...)}.
   *
   * @return the listener
   */
  public DriverCallListener driverCallListener() {
    return this::onCall;
  }

  /**
   * A listener of the controller's events: give it to {@code FleetController.Builder.listener(...)}.
   *
   * @return the listener
   */
  public ControllerListener controllerListener() {
    return this::onController;
  }

  /**
   * A listener of an autoscaler's decisions: give it to {@code AutoscaledCapacity.Builder.onChange(...)}.
   *
   * @return the listener, taking the fleet and the decision
   */
  public BiConsumer<String, ScalingDecision> scalingListener() {
    return (fleet, decision) -> {
      MeterRegistry r = registry;
      if (r != null) {
        String direction = decision.delta() > 0 ? "out" : decision.delta() < 0 ? "in" : "none";
        Counter.builder("immut.scaling.decisions").tags(tags).tag("fleet", fleet).tag("direction", direction)
            .description("Autoscaler decisions").register(r).increment();
      }
    };
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private void onRollout(RolloutEvent event) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    if (event instanceof RolloutEvent.Finished f) {
      String outcome = lower(f.result().outcome());
      Counter.builder("immut.rollouts").tags(tags).tag("fleet", f.fleet()).tag("outcome", outcome)
          .description("Applies that ended, by outcome").register(r).increment();
      Timer.builder("immut.rollout.duration").tags(tags).tag("outcome", outcome).description("How long applies took")
          .register(r).record(f.result().duration());
    } else if (event instanceof RolloutEvent.WaveStarted w) {
      Counter.builder("immut.rollout.waves").tags(tags).tag("fleet", w.fleet()).description("Waves of launches")
          .register(r).increment();
    } else if (event instanceof RolloutEvent.CapacityChanged c) {
      capacityChange(r, c.fleet(), c.from(), c.to());
    }
  }

  private void capacityChange(MeterRegistry r, String fleet, int from, int to) {
    Counter.builder("immut.capacity.changes").tags(tags).tag("fleet", fleet).tag("direction", to > from ? "out" : "in")
        .description("Changes of a fleet's desired capacity").register(r).increment();
  }

  private void onCall(DriverCall call) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Counter.builder("immut.driver.calls").tags(tags).tag("operation", call.operation()).tag("outcome", lower(call.outcome()))
        .description("Driver calls, retries included").register(r).increment();
    if (call.outcome() == DriverCall.Outcome.THROTTLED) {
      Counter.builder("immut.driver.throttles").tags(tags).tag("operation", call.operation())
          .description("Driver calls the cloud throttled").register(r).increment();
    }
    Timer.builder("immut.driver.call.latency").tags(tags).tag("operation", call.operation())
        .description("Driver call latency").register(r).record(call.latency());
  }

  private void onController(ControllerEvent event) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    if (event instanceof ControllerEvent.Reconciled e) {
      Timer.builder("immut.reconcile").tags(tags).tag("outcome", lower(e.outcome()))
          .description("Reconciles of the controller, by outcome").register(r).record(e.took());
    } else if (event instanceof ControllerEvent.FleetObserved o) {
      FleetGauges g = fleets.computeIfAbsent(o.fleet(), f -> new FleetGauges(r, tags.and("fleet", f)));
      g.instances.set(o.instances());
      g.healthy.set(o.healthy());
      g.desired.set(o.desired());
      g.cost.set(Double.doubleToLongBits(o.hourlyCost() == null ? Double.NaN : o.hourlyCost().doubleValue()));
    } else if (event instanceof ControllerEvent.CapacityChanged c) {
      capacityChange(r, c.fleet(), c.from(), c.to());
    } else if (event instanceof ControllerEvent.LeaseChanged l) {
      leases.put(l.fleet(), l.to());
      Counter.builder("immut.lease.changes").tags(tags).tag("state", lower(l.to()))
          .description("Lease changes of the controller, by the state reached").register(r).increment();
    } else if (event instanceof ControllerEvent.FleetRemoved f) {
      leases.remove(f.fleet());
      FleetGauges g = fleets.remove(f.fleet());
      if (g != null) {
        g.meters.forEach(r::remove);
      }
    } else if (event instanceof ControllerEvent.SpecRejected) {
      Counter.builder("immut.spec.rejected").tags(tags).description("Spec files the controller could not take")
          .register(r).increment();
    }
  }

  /** The gauges of one fleet, and the values they read. */
  private static final class FleetGauges {
    final AtomicLong instances = new AtomicLong();
    final AtomicLong healthy = new AtomicLong();
    final AtomicLong desired = new AtomicLong();
    final AtomicLong cost = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    final List<Meter> meters = new ArrayList<>();

    FleetGauges(MeterRegistry r, Tags tags) {
      meters.add(Gauge.builder("immut.fleet.instances", instances, AtomicLong::get).tags(tags)
          .description("Owned instances not gone").register(r));
      meters.add(Gauge.builder("immut.fleet.healthy.instances", healthy, AtomicLong::get).tags(tags)
          .description("Owned instances running and healthy").register(r));
      meters.add(Gauge.builder("immut.fleet.desired.capacity", desired, AtomicLong::get).tags(tags)
          .description("The fleet's desired capacity").register(r));
      meters.add(Gauge.builder("immut.fleet.hourly.cost", cost, c -> Double.longBitsToDouble(c.get())).tags(tags)
          .description("The hourly cost of the fleet's instances").register(r));
    }
  }
}
