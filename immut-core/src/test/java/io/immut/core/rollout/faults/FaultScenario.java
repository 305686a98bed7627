package io.immut.core.rollout.faults;

import io.immut.api.Amount;
import io.immut.api.Capacity;
import io.immut.api.CostPolicy;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.api.RolloutStrategy;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import io.immut.core.memory.CloudBehaviour;
import io.immut.core.memory.MemoryCloudBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One scenario of the fault harness, drawn from a seed: a fleet already running {@code v1}, then
 * rolled to {@code v2} under faults. Everything about it follows from {@link #seed}, so a failing
 * scenario is replayed from the seed alone ({@link #draw}).
 *
 * @param seed the seed
 * @param desired the fleet's size, 1 to 60
 * @param kind 0 rolling, 1 blue/green, 2 canary
 * @param surge rolling maxSurge (count)
 * @param unavailable rolling maxUnavailable (count)
 * @param routedRolling whether a rolling fleet names a traffic target
 * @param bad whether v2's image never turns healthy
 * @param throttle rate of throttled launch, terminate, list and traffic calls
 * @param transientRate rate of transient list, inspect and launch errors
 * @param lostLaunches rate of launch answers lost after the launch took effect
 * @param partial rate of launches that come back short
 * @param unhealthyRate rate of new instances that never turn healthy
 * @param lagSeconds the list's eventual-consistency lag
 * @param latencyMillis the latency of launch and list calls
 * @param quota the account's instance quota, or 0 for none
 * @param capacityErrors scheduled capacity errors of launch calls
 * @param quotaErrors scheduled quota errors of launch calls
 * @param deaths owned instances the cloud kills during the rollout
 * @param foreign foreign instances present in the account
 * @param budgetInstances the budget in instances of the fleet's type, or 0 for none
 * @param behaviour whose semantics the cloud follows (a stream of its own from the seed, so that the
 *     other draws of a seed do not depend on it)
 * @param lateRate AZURE, GCE: the rate of accepted launches (AZURE: VMs; GCE: zonal operations) that
 *     fail late for lack of capacity
 * @param lateScheduled AZURE, GCE: the next launch calls whose every instance fails late
 * @param lateAfterSeconds AZURE, GCE: how long after its acceptance a launch fails late
 * @param lateQuota AZURE, GCE: whether the late failures are a quota met after the launch was
 *     accepted rather than a lack of capacity
 * @param dataVolume whether the generations have an ephemeral data volume (a disk of its own, which
 *     the driver must have deleted with its instance)
 */
record FaultScenario(long seed, int desired, int kind, int surge, int unavailable, boolean routedRolling, boolean bad,
                     double throttle, double transientRate, double lostLaunches, double partial, double unhealthyRate,
                     int lagSeconds, int latencyMillis, int quota, int capacityErrors, int quotaErrors, int deaths,
                     Set<ForeignKind> foreign, int budgetInstances, CloudBehaviour behaviour, double lateRate,
                     int lateScheduled, int lateAfterSeconds, boolean lateQuota, boolean dataVolume) {

  static final String FLEET = "web";
  static final String TYPE = "t3.micro";
  static final BigDecimal PRICE = MemoryCloudBuilder.DEFAULT_PRICES.get(TYPE);

  static FaultScenario draw(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double sizeRoll = r.nextDouble();
    int desired = sizeRoll < 0.5 ? 1 + r.nextInt(9) : sizeRoll < 0.85 ? 10 + r.nextInt(21) : 31 + r.nextInt(30);
    int kind = r.nextInt(3);
    int surge = r.nextInt(4);
    int unavailable = r.nextInt(3);
    if (surge == 0 && unavailable == 0) {
      surge = 1;
    }
    Set<ForeignKind> foreign = EnumSet.noneOf(ForeignKind.class);
    for (ForeignKind k : ForeignKind.values()) {
      if (r.nextDouble() < 0.3) {
        foreign.add(k);
      }
    }
    boolean bad = r.nextDouble() < 0.25;
    double throttle = rate(r, 0.3);
    double transientRate = rate(r, 0.2);
    double lost = rate(r, 0.3);
    double partial = rate(r, 0.3);
    double unhealthy = r.nextDouble() < 0.15 ? r.nextDouble() * 0.2 : 0;
    int lag = r.nextDouble() < 0.4 ? 0 : 1 + r.nextInt(5);
    int latency = r.nextDouble() < 0.7 ? 0 : r.nextInt(2000);
    int quota = r.nextDouble() < 0.75 ? 0 : desired + foreign.size() + 1 + r.nextInt(desired + 1);
    int capacityErrors = r.nextDouble() < 0.8 ? 0 : 1 + r.nextInt(3);
    int quotaErrors = r.nextDouble() < 0.85 ? 0 : 1 + r.nextInt(2);
    int deaths = r.nextDouble() < 0.7 ? 0 : 1 + r.nextInt(2);
    int budget = 0;
    if (r.nextDouble() < 0.25) {
      int[] extra = {0, 1, surge, desired};
      budget = desired + extra[r.nextInt(extra.length)];
    }
    boolean routedRolling = r.nextBoolean();
    SplittableRandom c = new SplittableRandom(seed ^ 0xC10D5L);
    CloudBehaviour behaviour = CloudBehaviour.values()[c.nextInt(CloudBehaviour.values().length)];
    double lateRate = 0;
    int lateScheduled = 0;
    int lateAfter = 0;
    if (behaviour.lateLaunchFailures() && c.nextDouble() < 0.5) {
      lateRate = rate(c, 0.3);
      lateScheduled = c.nextInt(3);
      if (lateRate == 0 && lateScheduled == 0) {
        lateScheduled = 1;
      }
      lateAfter = 5 + c.nextInt(116);
    }
    boolean dataVolume = c.nextDouble() < 0.3;
    boolean lateQuota = lateAfter > 0 && c.nextDouble() < 0.3;
    return new FaultScenario(seed, desired, kind, surge, unavailable, routedRolling, bad, throttle, transientRate, lost,
        partial, unhealthy, lag, latency, quota, capacityErrors, quotaErrors, deaths, foreign, budget, behaviour, lateRate,
        lateScheduled, lateAfter, lateQuota, dataVolume);
  }

  /**
   * How long after the kill the new process starts: mostly seconds, for a quarter of the seeds 1 to
   * 30 minutes (a process restarted after a crash loop), past AZURE's token window of 15 minutes.
   */
  Duration restartAfter() {
    SplittableRandom r = new SplittableRandom(seed ^ 0x4E57A47L);
    return r.nextDouble() < 0.25 ? Duration.ofSeconds(60 + r.nextInt(1741)) : Duration.ofSeconds(seed & 7);
  }

  /** Whether launches the cloud accepted may fail late. */
  boolean lateFailures() {
    return lateRate > 0 || lateScheduled > 0;
  }

  private static double rate(SplittableRandom r, double max) {
    return r.nextBoolean() ? 0 : Math.round(r.nextDouble() * max * 100) / 100.0;
  }

  RolloutStrategy strategy() {
    return switch (kind) {
      case 0 -> RolloutStrategy.rolling(Amount.of(surge), Amount.of(unavailable));
      case 1 -> new RolloutStrategy.BlueGreen(RolloutStrategy.Promotion.AUTOMATIC, Duration.ofMinutes(surge % 3), null);
      default -> new RolloutStrategy.Canary(List.of(new RolloutStrategy.CanaryStep.SetWeight(30),
          new RolloutStrategy.CanaryStep.Pause(Duration.ofMinutes(1)), new RolloutStrategy.CanaryStep.SetWeight(70)));
    };
  }

  boolean rolling() {
    return kind == 0;
  }

  /** Whether a load balancer target is managed: always for blue/green and canary. */
  boolean routed() {
    return kind != 0 || routedRolling;
  }

  FleetSpec spec(String image) {
    FleetSpec.Builder b = FleetSpec.builder(FLEET)
        .generation(generation(image))
        .capacity(Capacity.fixed(desired)).strategy(strategy());
    if (rolling() && routedRolling) {
      b.trafficTarget(FLEET);
    }
    if (budgetInstances > 0) {
      b.cost(new CostPolicy(PRICE.multiply(BigDecimal.valueOf(budgetInstances))));
    }
    return b.build();
  }

  private GenerationSpec generation(String image) {
    GenerationSpec.Builder g = GenerationSpec.builder().image(image).instanceType(TYPE);
    if (dataVolume) {
      g.volume(VolumeSpec.data("scratch", 20, Persistence.EPHEMERAL));
    }
    return g.build();
  }

  FleetSpec v1() {
    return spec("ami-1");
  }

  FleetSpec v2() {
    return spec(bad ? "ami-bad" : "ami-2");
  }

  /** The most owned live instances the strategy allows at once. */
  int ceiling() {
    return rolling() ? desired + surge : 2 * desired;
  }

  /** Whether the scenario holds a reason for a good v2 to end rolled back rather than completed. */
  boolean mayFailLegitimately() {
    return quota > 0 || capacityErrors > 0 || quotaErrors > 0 || unhealthyRate > 0 || budgetInstances > 0
        || lateFailures();
  }

  /** What made this scenario, in one line, for the report of a violation. */
  String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("seed " + seed);
    parts.add(behaviour.name());
    parts.add("desired " + desired);
    parts.add(switch (kind) {
      case 0 -> "rolling " + surge + "/" + unavailable + (routedRolling ? " routed" : "");
      case 1 -> "blue/green";
      default -> "canary";
    });
    if (bad) {
      parts.add("bad image");
    }
    if (throttle > 0) {
      parts.add("throttle " + throttle);
    }
    if (transientRate > 0) {
      parts.add("transient " + transientRate);
    }
    if (lostLaunches > 0) {
      parts.add("lost launches " + lostLaunches);
    }
    if (partial > 0) {
      parts.add("partial " + partial);
    }
    if (unhealthyRate > 0) {
      parts.add("unhealthy " + Math.round(unhealthyRate * 100) / 100.0);
    }
    if (lagSeconds > 0) {
      parts.add("lag " + lagSeconds + "s");
    }
    if (latencyMillis > 0) {
      parts.add("latency " + latencyMillis + "ms");
    }
    if (quota > 0) {
      parts.add("quota " + quota);
    }
    if (capacityErrors > 0) {
      parts.add(capacityErrors + " capacity errors");
    }
    if (quotaErrors > 0) {
      parts.add(quotaErrors + " quota errors");
    }
    if (deaths > 0) {
      parts.add(deaths + " deaths");
    }
    if (!foreign.isEmpty()) {
      parts.add("foreign " + foreign);
    }
    if (lateRate > 0) {
      parts.add("late failures " + lateRate);
    }
    if (lateScheduled > 0) {
      parts.add(lateScheduled + " launches failing late");
    }
    if (lateFailures()) {
      parts.add("failing late" + (lateQuota ? " on a quota" : "") + " after " + lateAfterSeconds + "s");
    }
    if (dataVolume) {
      parts.add("data volume");
    }
    if (budgetInstances > 0) {
      parts.add("budget " + budgetInstances + " instances");
    }
    return String.join(", ", parts);
  }
}
