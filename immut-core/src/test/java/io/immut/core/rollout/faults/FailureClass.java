package io.immut.core.rollout.faults;

/** The classes of invariant violation the fault harness tells apart, worst first. */
enum FailureClass {
  /** A fleet that had a live generation has none (in the history or in {@code status().live()}). */
  NO_LIVE_GENERATION,
  /** A failure that could be rolled back was not: the outcome is FAILED with the new generation not live. */
  NO_ROLLBACK,
  /** After the outcome, an owned live instance does not belong to the live generation. */
  LEAK,
  /** The live generation does not run exactly the desired number of instances after the outcome. */
  WRONG_SIZE,
  /** A foreign instance (other owner, other fleet, partial ownership tags) was terminated or routed. */
  OWNERSHIP,
  /** More owned live instances than the strategy allows (rolling: desired + maxSurge; else 2 x desired). */
  SURGE,
  /** Rolling: fewer healthy owned instances than desired - maxUnavailable (less what the cloud killed). */
  CAPACITY_FLOOR,
  /** Blue/green, canary: the traffic target serves fewer instances than before the rollout began. */
  TRAFFIC_FLOOR,
  /** An owned instance is in service with the load balancer while not healthy. */
  EARLY_TRAFFIC,
  /** The owned instances cost more per hour than the fleet's budget. */
  BUDGET,
  /** The restarted engine refuses as over budget what the clean run did within it. */
  STUCK_OVER_BUDGET,
  /** Something other than an {@code ImmutException} (or a raw {@code DriverException}) escaped apply. */
  RAW_EXCEPTION,
  /** The fleet's first rollout was refused although its instances fit the budget. */
  FIRST_ROLLOUT_REFUSED,
  /** The rollout did not end within the harness's virtual deadline. */
  HANG,
  /** The outcome is not the one the scenario calls for (a good image not completed, a bad one not rolled back). */
  UNEXPECTED_OUTCOME
}
