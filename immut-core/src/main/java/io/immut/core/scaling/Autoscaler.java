package io.immut.core.scaling;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.ScalingPolicy;
import io.immut.core.cost.Budget;
import io.immut.spi.MetricsSource;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Decides a fleet's size from its scaling policies: a pure, deterministic function of the time,
 * the metrics, the fleet and the previous {@link ScalingState}, so that the engine's loop and a
 * trace replay in virtual time get the same answers.
 *
 * <p>The rule: each policy answers (or abstains); the reactive policies' largest answer wins, or
 * the current size when none answered; the floors of {@link ScalingPolicy.Predictive} and of open
 * {@link ScalingPolicy.Scheduled} windows raise it; the result is clamped to {@code [min, max]}
 * (as open windows set them) and then to the most instances the budget pays for — the budget wins
 * over {@code min}, since the spend must never exceed it.
 *
 * <pre>{@code
 * Autoscaler autoscaler = Autoscaler.of(spec, driver.prices().orElse(null));
 * ScalingState state = ScalingState.initial();
 * Autoscaler.Result r = autoscaler.decide(clock.now(), FleetObservation.of(current, instances), metrics, state);
 * state = r.state();               // keep for the next step
 * int desired = r.decision().desired();
 * }</pre>
 */
public final class Autoscaler {
  /** The default maximum age of a metric sample a decision uses: 5 minutes, Prometheus's lookback. */
  public static final Duration DEFAULT_MAX_SAMPLE_AGE = Duration.ofMinutes(5);

  private final Capacity.Autoscaled capacity;
  private final Budget budget;
  private final Duration maxSampleAge;

  /**
   * An autoscaler for a capacity under a budget.
   *
   * @param capacity the autoscaled capacity
   * @param budget the budget; {@link Budget#unlimited()} for none
   */
  public Autoscaler(Capacity.Autoscaled capacity, Budget budget) {
    this(capacity, budget, DEFAULT_MAX_SAMPLE_AGE);
  }

  private Autoscaler(Capacity.Autoscaled capacity, Budget budget, Duration maxSampleAge) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.maxSampleAge = Objects.requireNonNull(maxSampleAge, "maxSampleAge");
  }

  /**
   * A copy that uses metric samples up to another age. A policy whose latest sample is older
   * abstains and says so; so does a policy on a per-instance metric whose latest sample is not
   * newer than the last scaling action plus its warm-up (it shows the fleet before that action).
   *
   * @param maxSampleAge positive; default {@link #DEFAULT_MAX_SAMPLE_AGE}. Set it to a few periods
   *     of the metric (a 5-minute CloudWatch metric needs about 15 minutes)
   * @return the copy
   * @throws IllegalArgumentException when not positive
   */
  public Autoscaler withMaxSampleAge(Duration maxSampleAge) {
    if (maxSampleAge == null || maxSampleAge.isNegative() || maxSampleAge.isZero()) {
      throw new IllegalArgumentException("the maximum sample age must be positive, such as 5m; got " + maxSampleAge);
    }
    return new Autoscaler(capacity, budget, maxSampleAge);
  }

  /**
   * The oldest a metric sample may be for a decision to use it.
   *
   * @return the maximum sample age
   */
  public Duration maxSampleAge() {
    return maxSampleAge;
  }

  /**
   * An autoscaler for a fleet spec whose capacity is autoscaled, under the spec's budget at the
   * catalog's price of the spec's instance type.
   *
   * @param spec the fleet spec
   * @param catalog the prices; may be null when the spec has no budget
   * @return the autoscaler
   * @throws IllegalArgumentException when the spec's capacity is not autoscaled
   * @throws io.immut.api.ImmutException when the spec has a budget the catalog cannot price
   */
  public static Autoscaler of(FleetSpec spec, PriceCatalog catalog) {
    if (!(spec.capacity() instanceof Capacity.Autoscaled a)) {
      throw new IllegalArgumentException("fleet '" + spec.name() + "' has a fixed capacity; only an autoscaled capacity has an autoscaler");
    }
    return new Autoscaler(a, Budget.of(spec.cost(), catalog, spec.generation().instanceType()));
  }

  /**
   * The capacity this autoscaler sizes.
   *
   * @return the capacity
   */
  public Capacity.Autoscaled capacity() {
    return capacity;
  }

  /**
   * The budget it respects.
   *
   * @return the budget
   */
  public Budget budget() {
    return budget;
  }

  /**
   * A decision and the state to pass to the next step.
   *
   * @param decision the decision
   * @param state the next state
   */
  public record Result(ScalingDecision decision, ScalingState state) {
    /** Validates the fields. */
    public Result {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Decides the fleet's size now.
   *
   * @param now the time, from the engine's clock
   * @param fleet the fleet's current size and instances
   * @param metrics where the policies read their metrics; a failing metric makes its policy
   *     abstain with the reason, it never throws
   * @param state the state returned by the previous step, or {@link ScalingState#initial()}
   * @return the decision and the next state
   */
  public Result decide(Instant now, FleetObservation fleet, MetricsSource metrics, ScalingState state) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(state, "state");
    ScalingState.Next next = new ScalingState.Next(state);
    List<Recommendation> recs = new ArrayList<>();
    Recommendation reactiveBest = null;
    Recommendation floorBest = null;
    Integer windowMin = null;
    Integer windowMax = null;
    String windowReason = null;
    List<ScalingPolicy> policies = capacity.policies();
    for (int i = 0; i < policies.size(); i++) {
      ScalingPolicy policy = policies.get(i);
      String label = policy.kind() + "[" + i + "]";
      Recommendation r;
      boolean reactive;
      if (policy instanceof ScalingPolicy.Adaptive ad) {
        r = AdaptiveRule.decide(label, i, ad, now, fleet, metrics, maxSampleAge, state, next);
        reactive = true;
      } else if (policy instanceof ScalingPolicy.TargetTracking tt) {
        r = PolicyRules.targetTracking(label, i, tt, now, fleet, metrics, maxSampleAge, state, next);
        reactive = true;
      } else if (policy instanceof ScalingPolicy.StepScaling st) {
        r = PolicyRules.stepScaling(label, st, now, fleet, metrics, maxSampleAge, state);
        reactive = true;
      } else if (policy instanceof ScalingPolicy.Predictive pr) {
        r = PolicyRules.predictive(label, i, pr, now, metrics, state, next);
        reactive = false;
      } else {
        PolicyRules.WindowEffect w = PolicyRules.scheduled((ScalingPolicy.Scheduled) policy, now);
        if (w.min() != null) {
          windowMin = windowMin == null ? w.min() : Math.max(windowMin, w.min());
        }
        if (w.max() != null) {
          windowMax = windowMax == null ? w.max() : Math.max(windowMax, w.max());
        }
        if (w.min() != null || w.max() != null) {
          windowReason = label + " " + w.reason();
        }
        r = new Recommendation(label, null, null, w.desired(), w.reason());
        reactive = false;
      }
      recs.add(r);
      if (r.size() != null) {
        if (reactive && (reactiveBest == null || r.size() > reactiveBest.size())) {
          reactiveBest = r;
        } else if (!reactive && (floorBest == null || r.size() > floorBest.size())) {
          floorBest = r;
        }
      }
    }
    int current = fleet.current();
    int raw;
    StringBuilder reason = new StringBuilder();
    if (reactiveBest != null) {
      raw = reactiveBest.size();
      reason.append(reactiveBest);
    } else {
      raw = current;
      reason.append("no reactive policy answered; holds at ").append(current);
    }
    if (floorBest != null && floorBest.size() > raw) {
      raw = floorBest.size();
      reason.setLength(0);
      reason.append(floorBest);
    }
    int min = windowMin != null ? windowMin : capacity.min();
    int max = windowMax != null ? windowMax : capacity.max();
    if (min > max) {
      max = min;
    }
    int desired = raw;
    if (desired < min) {
      desired = min;
      reason.append("; raised to min ").append(min).append(windowMin != null ? " (" + windowReason + ")" : "");
    } else if (desired > max) {
      desired = max;
      reason.append("; clamped to max ").append(max).append(windowMax != null ? " (" + windowReason + ")" : "");
    }
    OptionalInt budgetMax = budget.maxInstances();
    if (budgetMax.isPresent() && desired > budgetMax.getAsInt()) {
      desired = budgetMax.getAsInt();
      reason.append("; limited to ").append(desired).append(" by the budget of ").append(budget);
    }
    next.scaled(now, desired - current);
    ScalingDecision decision = new ScalingDecision(now, current, desired, min, max,
        budgetMax.isPresent() ? budgetMax.getAsInt() : null, reason.toString(), recs);
    return new Result(decision, next.build());
  }
}
