package io.immut.core.rollout.faults;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.core.clock.VirtualClock;
import io.immut.core.history.GenerationStore;
import io.immut.core.memory.CloudInstance;
import io.immut.core.memory.MemoryCloud;
import io.immut.spi.CloudDriver;
import io.immut.spi.FleetSelector;
import io.immut.spi.ForwardingCloudDriver;
import io.immut.spi.InstanceView;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.TrafficRouter;
import io.immut.spi.TrafficRouter.TargetHealth;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants of one scenario, checked against the cloud's truth (not the engine's lagged view)
 * at every step of the engine's loop (each time it lists the fleet) and at the end.
 */
final class InvariantMonitor {
  /** The rollout ran past the harness's virtual deadline. */
  static final class Stuck extends Error {
    private static final long serialVersionUID = 1L;

    Stuck(String message) {
      super(message);
    }
  }

  static final Duration DEADLINE = Duration.ofHours(8);

  private final FaultScenario scenario;
  private final MemoryCloud cloud;
  private final GenerationStore store;
  private final VirtualClock clock;
  private final Set<InstanceId> foreign;
  private final Map<FailureClass, List<String>> violations = new EnumMap<>(FailureClass.class);
  private int baselineServing;
  private int deaths;
  private final Set<InstanceId> failedSeen = new java.util.HashSet<>();
  private Instant deadline;
  private boolean active;
  private boolean rollingBack;
  private boolean constrained;

  InvariantMonitor(FaultScenario scenario, MemoryCloud cloud, GenerationStore store, VirtualClock clock, Set<InstanceId> foreign) {
    this.scenario = scenario;
    this.cloud = cloud;
    this.store = store;
    this.clock = clock;
    this.foreign = foreign;
  }

  /** Takes the baseline before the rollout and starts checking. */
  void begin() {
    baselineServing = scenario.routed() ? serving() : 0;
    deadline = clock.now().plus(DEADLINE);
    active = true;
  }

  void stop() {
    active = false;
  }

  boolean active() {
    return active;
  }

  /** Follows the rollout's events: a rollback that meets a quota or a lack of capacity may replace one at a time. */
  void onEvent(io.immut.core.rollout.RolloutEvent e) {
    if (e instanceof io.immut.core.rollout.RolloutEvent.RollbackStarted) {
      rollingBack = true;
    }
  }

  private void launchRefused() {
    if (rollingBack) {
      constrained = true;
    }
  }

  void died() {
    deaths++;
  }

  int deaths() {
    return deaths;
  }

  /** How many owned instances the monitor saw whose creation had failed (late failures that happened). */
  int failedSeen() {
    return failedSeen.size();
  }

  Map<FailureClass, List<String>> violations() {
    return violations;
  }

  void violate(FailureClass kind, String detail) {
    violations.computeIfAbsent(kind, k -> new ArrayList<>()).add(detail + " at " + clock.now());
  }

  /** Owned live (pending or running) instances of the fleet, by the cloud's truth. */
  List<CloudInstance> owned() {
    return cloud.instances().stream().filter(InvariantMonitor::ownedByUs).filter(i -> i.state().isLive()).toList();
  }

  /** Whether the instance carries this fleet's full ownership, in either syntax of the ownership keys. */
  /** Owned instances whose creation failed and that are still there (not deleted, not yet gone). */
  List<CloudInstance> ownedFailed() {
    return cloud.instances().stream().filter(InvariantMonitor::ownedByUs).filter(i -> i.state() == InstanceState.FAILED)
        .toList();
  }

  static boolean ownedByUs(CloudInstance i) {
    Map<String, String> t = i.tags();
    OwnershipKeys keys = t.containsKey(OwnershipKeys.DASHED.owner()) ? OwnershipKeys.DASHED : OwnershipKeys.COLON;
    return FaultScenario.FLEET.equals(t.get(keys.fleet())) && "immut".equals(t.get(keys.owner()))
        && t.get(keys.generation()) != null && !t.get(keys.generation()).isEmpty();
  }

  private Map<InstanceId, TargetHealth> registrations() {
    TrafficRouter router = cloud.driver().traffic().orElseThrow();
    return router.health(FaultScenario.FLEET);
  }

  /** Owned instances the load balancer reports healthy. */
  private int serving() {
    Map<InstanceId, TargetHealth> reg = registrations();
    int n = 0;
    for (CloudInstance i : owned()) {
      if (reg.get(i.id()) == TargetHealth.HEALTHY) {
        n++;
      }
    }
    return n;
  }

  /** The checks of one step. */
  void step() {
    if (!active) {
      return;
    }
    if (clock.now().isAfter(deadline)) {
      throw new Stuck("the rollout did not end within " + DEADLINE + " of virtual time");
    }
    Map<InstanceId, TargetHealth> reg = registrations();
    for (InstanceId id : foreign) {
      CloudInstance f = cloud.instance(id).orElseThrow();
      if (!f.state().isLive()) {
        violate(FailureClass.OWNERSHIP, "foreign instance " + id + " " + f.tags() + " is " + f.state());
      }
      if (reg.containsKey(id)) {
        violate(FailureClass.OWNERSHIP, "foreign instance " + id + " " + f.tags() + " registered with the load balancer");
      }
    }
    ownedFailed().forEach(i -> failedSeen.add(i.id()));
    List<CloudInstance> owned = owned();
    if (owned.size() > scenario.ceiling()) {
      violate(FailureClass.SURGE, owned.size() + " owned live instances > " + scenario.ceiling());
    }
    long healthy = owned.stream().filter(i -> i.state() == InstanceState.RUNNING && i.health() == HealthStatus.HEALTHY).count();
    int slack = constrained ? 1 : 0;
    int unavailable = Math.max(scenario.unavailable(), slack);
    if (scenario.rolling() && healthy < scenario.desired() - unavailable - deaths) {
      violate(FailureClass.CAPACITY_FLOOR, "healthy " + healthy + " < " + scenario.desired() + " - " + unavailable
          + " - " + deaths + " killed");
    }
    if (!scenario.rolling()) {
      int serving = 0;
      for (CloudInstance i : owned) {
        if (reg.get(i.id()) == TargetHealth.HEALTHY) {
          serving++;
        }
      }
      if (serving < baselineServing - deaths - slack) {
        violate(FailureClass.TRAFFIC_FLOOR, "in service " + serving + " < " + baselineServing + " before the rollout - "
            + deaths + " killed");
      }
    }
    for (CloudInstance i : owned) {
      TargetHealth h = reg.get(i.id());
      if (h != null && h != TargetHealth.DRAINING && (i.state() != InstanceState.RUNNING || i.health() != HealthStatus.HEALTHY)) {
        violate(FailureClass.EARLY_TRAFFIC, i.id() + " of " + i.generationId() + " registered while " + i.state() + "/"
            + i.health());
      }
    }
    if (scenario.budgetInstances() > 0 && owned.size() > scenario.budgetInstances()) {
      violate(FailureClass.BUDGET, owned.size() + " instances cost " + FaultScenario.PRICE.multiply(BigDecimal.valueOf(owned.size()))
          + "/h > budget of " + scenario.budgetInstances());
    }
    if (store.live(FaultScenario.FLEET).isEmpty()) {
      violate(FailureClass.NO_LIVE_GENERATION, "the history has no live generation");
    }
  }

  /** A driver that runs {@link #step()} each time the engine lists the fleet. */
  CloudDriver watching(CloudDriver delegate) {
    return new ForwardingCloudDriver(delegate) {
      @Override
      public io.immut.spi.LaunchResult launch(io.immut.spi.LaunchRequest request) {
        try {
          io.immut.spi.LaunchResult r = delegate().launch(request);
          if (r.isShort() && r.shortfall().orElseThrow().reason() == io.immut.spi.LaunchFailure.Reason.QUOTA) {
            launchRefused();
          }
          return r;
        } catch (io.immut.spi.DriverException.QuotaExceeded | io.immut.spi.DriverException.CapacityUnavailable e) {
          launchRefused();
          throw e;
        }
      }

      @Override
      public List<InstanceView> list(FleetSelector selector) {
        step();
        return failures(delegate().list(selector));
      }

      @Override
      public List<InstanceView> list(FleetSelector selector, Set<io.immut.api.InstanceState> states) {
        step();
        return failures(delegate().list(selector, states));
      }

      /** A creation that failed late for capacity or quota is a refused launch too. */
      private List<InstanceView> failures(List<InstanceView> views) {
        if (views.stream().anyMatch(v -> v.failure().isPresent())) {
          launchRefused();
        }
        return views;
      }
    };
  }
}
