package io.immut.core.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link TraceReplay} measured. The per-step series are kept for plots
 * ({@link ReplayChart}).
 *
 * @param policy the policy's name
 * @param start the start of the trace
 * @param step the length of a step
 * @param capacityPerInstance requests one instance serves per step
 * @param bootDelay launch to ready
 * @param metricLag end of a period to its datapoint's publication
 * @param demand requests per step
 * @param readyInstances average ready instances per step
 * @param liveInstances average launched, not terminated instances per step (what is paid for)
 * @param desired the desired size at the end of each step
 * @param instanceHours instance-hours paid, boots included, from launch to termination
 * @param hourlyPrice the price of one instance-hour
 * @param spend what the in-memory cloud billed for the fleet's instances, launch to termination
 * @param serviceLevel unserved demand and busy steps
 * @param oracle the oracle's figures for the same trace, capacity and boot delay
 * @param decisions every change of the desired size, with its reason
 * @param launches instances launched (the initial fleet included)
 * @param terminations instances terminated before the end of the trace
 */
public record ReplayResult(String policy, Instant start, Duration step, double capacityPerInstance, Duration bootDelay,
                           Duration metricLag, double[] demand, double[] readyInstances, double[] liveInstances,
                           int[] desired, double instanceHours, BigDecimal hourlyPrice, BigDecimal spend, ServiceLevel serviceLevel,
                           Oracle oracle, List<SizeChange> decisions, int launches, int terminations) {

  /** Validates and copies. */
  public ReplayResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(spend, "spend");
    demand = demand.clone();
    readyInstances = readyInstances.clone();
    liveInstances = liveInstances.clone();
    desired = desired.clone();
    decisions = List.copyOf(decisions);
  }

  /**
   * The cost, as the in-memory cloud billed it.
   *
   * @return the cost, to the cent
   */
  public BigDecimal cost() {
    return spend.setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * The unserved fraction {@code Σ max(0, demand − capacity·ready) / Σ demand}.
   *
   * @return from 0 to 1
   */
  public double unservedFraction() {
    return serviceLevel.unservedFraction();
  }

  /**
   * Steps (minutes, for a per-minute trace) whose demand was above 90% of the ready capacity.
   *
   * @return the count
   */
  public int stepsAbove90() {
    return serviceLevel.stepsAbove90();
  }

  /**
   * How many times the policy changed the desired size.
   *
   * @return the number of scaling actions
   */
  public int scalingActions() {
    return decisions.size();
  }

  /**
   * Instance-hours relative to the per-step oracle's, which pays a boot for every rise in demand
   * (and so flatters a policy when boots are long); {@link #lowerBoundRatio()} is the figure to
   * report as "× oracle".
   *
   * @return {@code instanceHours / oracle.instanceHours()}
   */
  public double oracleRatio() {
    return instanceHours / oracle.instanceHours();
  }

  /**
   * Instance-hours relative to the true offline optimum: the cheapest schedule that serves all
   * demand with the same boot delay (it keeps instances through dips shorter than a boot). The
   * oracle to report.
   *
   * @return {@code instanceHours / oracle.lowerBoundInstanceHours()}
   */
  public double lowerBoundRatio() {
    return instanceHours / oracle.lowerBoundInstanceHours();
  }

  /**
   * The oracle's cost at the same price.
   *
   * @return the cost, to the cent
   */
  public BigDecimal oracleCost() {
    return hourlyPrice.multiply(BigDecimal.valueOf(oracle.instanceHours())).setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * A few lines for a terminal.
   *
   * @return the summary
   */
  public String summary() {
    return String.format(Locale.ROOT,
        "%s on %d steps of %s from %s (capacity %.2f per instance per step, boot %s, metric lag %s)%n"
            + "  instance-hours %.1f (oracle, the offline optimum %.1f, ratio %.3f; per-step oracle %.1f, ratio %.3f)%n"
            + "  cost %s at %s per hour (per-step oracle %s)%n"
            + "  unserved %.4f%% of demand, %d steps short, %d steps above 90%% of ready capacity%n"
            + "  %d scaling actions, %d launches, %d terminations",
        policy, demand.length, step, start, capacityPerInstance, bootDelay, metricLag,
        instanceHours, oracle.lowerBoundInstanceHours(), lowerBoundRatio(), oracle.instanceHours(), oracleRatio(),
        cost().toPlainString(), hourlyPrice.toPlainString(), oracleCost().toPlainString(),
        unservedFraction() * 100, serviceLevel.stepsShort(), stepsAbove90(),
        scalingActions(), launches, terminations);
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "ReplayResult[" + policy + ", " + String.format(Locale.ROOT, "%.1f instance-hours, unserved %.4f%%",
        instanceHours, unservedFraction() * 100) + "]";
  }
}
