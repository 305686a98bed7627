package io.immut.core.internal.reconcile;

import io.immut.api.FleetSpec;
import io.immut.api.Image;
import io.immut.api.InvalidSpecException;
import io.immut.api.RolloutStrategy;
import io.immut.api.SpecProblem;
import io.immut.core.internal.budget.SurgeBudget;
import io.immut.core.internal.execution.Executor;
import io.immut.core.state.StateCheck;
import io.immut.core.state.StateReport;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code plan}, {@code check} and {@code apply} do before anything else, in one place: the
 * driver's judgement of the generation spec ({@code CloudDriver.check}) and a readable history
 * ({@code verify}), then the image and the fleet as the cloud lists it, the budget and the state
 * checks. Reads only; a problem found here stops the caller before any change.
 */
public final class Preflight {
  private final Engine engine;
  private final FleetSpec spec;
  private final FleetSelector selector;

  private Preflight(Engine engine, FleetSpec spec) {
    this.engine = engine;
    this.spec = spec;
    this.selector = new FleetSelector(spec.name(), engine.owner());
  }

  /**
   * Starts the preflight of a spec: checks what the driver judges in the generation spec and that
   * the fleet's history can be read. No cloud call is made for a spec the driver refuses.
   *
   * @param engine what to read with
   * @param spec the desired state
   * @return the preflight, to go on with
   * @throws InvalidSpecException listing every problem the driver found, with paths under
   *     {@code generation.}
   * @throws io.immut.api.ImmutException when the history cannot be read
   */
  public static Preflight of(Engine engine, FleetSpec spec) {
    List<SpecProblem> problems = engine.driver().check(spec.generation());
    if (problems != null && !problems.isEmpty()) {
      throw new InvalidSpecException("fleet spec '" + spec.name() + "' for driver '" + engine.driver().name() + "'",
          problems.stream().map(p -> p.under("generation")).toList());
    }
    engine.lifecycle().verify(spec.name());
    return new Preflight(engine, spec);
  }

  /**
   * The fleet's selector.
   *
   * @return the fleet and owner
   */
  public FleetSelector selector() {
    return selector;
  }

  /**
   * Resolves the spec's image.
   *
   * @param retries told about retries, or null
   * @return the image
   * @throws io.immut.core.internal.execution.RolloutStop when it does not exist
   * @throws InterruptedException when interrupted
   */
  public Image image(Executor.RetryObserver retries) throws InterruptedException {
    return engine.executor().resolveImage(spec.generation().image(), retries);
  }

  /**
   * Resolves the spec's image and lists the fleet, the two reads overlapped
   * ({@link Executor#resolveImageAndList}).
   *
   * @param retries told about retries, or null
   * @return the image and the fleet as listed
   * @throws io.immut.core.internal.execution.RolloutStop when the image does not exist, or a read was refused
   * @throws InterruptedException when interrupted
   */
  public Executor.ImageAndFleet imageAndFleet(Executor.RetryObserver retries) throws InterruptedException {
    return engine.executor().resolveImageAndList(spec.generation().image(), selector, retries);
  }

  /**
   * Lists the fleet as the cloud sees it.
   *
   * @param retries told about retries, or null
   * @return every instance listed
   * @throws InterruptedException when interrupted
   */
  public List<InstanceView> observe(Executor.RetryObserver retries) throws InterruptedException {
    return engine.executor().list(selector, retries);
  }

  /**
   * Checks that the rollout fits the fleet's budget.
   *
   * @param observed the fleet as listed
   * @throws io.immut.core.rollout.OverBudgetException when it cannot
   */
  public void checkBudget(List<InstanceView> observed) {
    int desired = engine.capacity().desired(spec, engine.clock().now());
    Set<String> types = typesOf(selector, observed);
    types.add(spec.generation().instanceType());
    // only what runs side by side counts: the live generation's instances beside the new ones. A
    // first generation, or the repair of the live one, runs nothing beside it; leftovers of a
    // crashed rollout and orphans are reaped, never a reason to refuse the rollout that reaps them
    String liveId = engine.lifecycle().live(spec.name()).map(r -> r.generation().id())
        .filter(id -> !id.equals(spec.generationId())).orElse(null);
    long old = observed.stream().filter(v -> v.ownership().belongsTo(selector) && v.state().isLive()
        && v.generationId().equals(liveId)).count();
    if (old == 0) {
      SurgeBudget.steady(spec, desired, engine.prices(), types);
    } else if (spec.strategy() instanceof RolloutStrategy.Rolling r) {
      SurgeBudget.rolling(spec, r, desired, engine.prices(), types);
    } else {
      SurgeBudget.checkPeak(spec, desired, (int) old, engine.prices(), types);
    }
  }

  /**
   * The state checks: the spec, then the owned instances a rollout to the spec would terminate.
   *
   * @param imageId the resolved image's id, or null when not resolved
   * @param observed the fleet as listed
   * @return the findings, with the spec's acknowledgements applied
   */
  public StateReport state(String imageId, List<InstanceView> observed) {
    return state(imageId, observed, false);
  }

  /**
   * The state checks as a rollout runs them: the owned instances are not inspected when the spec
   * alone already blocks the rollout.
   *
   * @param imageId the resolved image's id
   * @param observed the fleet as listed
   * @return the findings
   */
  StateReport stateBeforeRollout(String imageId, List<InstanceView> observed) {
    return state(imageId, observed, true);
  }

  private StateReport state(String imageId, List<InstanceView> observed, boolean stopAtSpecBlocker) {
    StateReport report = engine.stateCheck().checkSpec(spec);
    List<InstanceView> replaced = StateCheck.replacedBy(spec, selector, imageId, observed);
    if ((stopAtSpecBlocker && report.blocksRollout()) || replaced.isEmpty()) {
      return report;
    }
    return report.merge(engine.stateCheck().checkInstances(spec, engine.executor().retrying(), replaced,
        id -> engine.lifecycle().find(spec.name(), id).map(r -> r.spec().generation())));
  }

  /**
   * The load-balancer target of a spec: its {@link FleetSpec#trafficTarget()}; for blue/green and
   * canary, whose promotion is a traffic shift, the fleet's name when it names none; null (traffic
   * not managed) for a rolling fleet without one, or when the driver has no traffic router.
   *
   * @param spec the spec
   * @param hasRouter whether the driver has a traffic router
   * @return the target, or null
   */
  public static String trafficTarget(FleetSpec spec, boolean hasRouter) {
    if (!hasRouter) {
      return null;
    }
    String named = spec.trafficTarget();
    if (named != null) {
      return named;
    }
    return spec.strategy() instanceof RolloutStrategy.Rolling ? null : spec.name();
  }

  static Set<String> typesOf(FleetSelector selector, List<InstanceView> views) {
    Set<String> types = new HashSet<>();
    for (InstanceView v : views) {
      if (v.instanceType() != null && v.state().isLive() && v.ownership().belongsTo(selector)) {
        types.add(v.instanceType());
      }
    }
    return types;
  }

  /**
   * The spec as the reconcile loop rolls it out. A canary compares the new generation with the
   * live one; a fleet's first generation has none, so it goes straight to its full size through
   * the health gate (as Argo Rollouts does) instead of analysing against an empty baseline.
   *
   * @param spec the spec
   * @param hasLive whether the fleet has a live generation (another one, or this one)
   * @return the spec, or a copy with an all-at-once rolling strategy
   */
  public static FleetSpec rolledOut(FleetSpec spec, boolean hasLive) {
    if (hasLive || !(spec.strategy() instanceof RolloutStrategy.Canary)) {
      return spec;
    }
    return spec.toBuilder().strategy(new RolloutStrategy.Rolling(io.immut.api.Amount.percent(100), io.immut.api.Amount.of(0)))
        .build();
  }

  /**
   * Whether {@link #rolledOut} changes the spec: the plan says so.
   *
   * @param spec the spec
   * @param hasLive whether the fleet has a live generation
   * @return the plan's note, or null
   */
  public static String firstGenerationNote(FleetSpec spec, boolean hasLive) {
    return rolledOut(spec, hasLive) == spec ? null : "first generation: a canary has no baseline to compare with, so the "
        + "new generation goes straight to its full size through the health gate";
  }
}
