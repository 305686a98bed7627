package io.immut.core.simulation;

import java.time.Duration;
import java.util.Objects;

/**
 * The oracle a policy is measured against: it knows the future, so each step it runs exactly
 * {@code ceil(demand / capacity)} ready instances, and it pays the boot delay of every instance it
 * launches (an instance launched for step {@code t} runs from {@code t - boot}). It never serves
 * less than the demand.
 *
 * <p>Two figures: {@link #instanceHours()} is the oracle as defined above, which launches an
 * instance each time the per-step need rises and terminates one each time it falls;
 * {@link #lowerBoundInstanceHours()} is the cheapest schedule that serves the same per-step need
 * with the same boot delay, keeping an instance through a dip when relaunching it would cost more
 * than the dip (a dip shorter than the boot delay). No policy that serves all demand can cost less
 * than the lower bound.
 *
 * @param steps how many steps the trace has
 * @param stepLength the length of one step
 * @param bootDelay the boot delay paid per launch
 * @param instanceSteps the sum over steps of the instances needed
 * @param launches how many instances the oracle launches
 * @param peakInstances the largest per-step need
 * @param instanceHours the oracle's instance-hours, boot delay included
 * @param lowerBoundInstanceHours the cheapest schedule's instance-hours
 */
public record Oracle(int steps, Duration stepLength, Duration bootDelay, long instanceSteps, long launches,
                     int peakInstances, double instanceHours, double lowerBoundInstanceHours) {

  /** Validates. */
  public Oracle {
    Objects.requireNonNull(stepLength, "stepLength");
    Objects.requireNonNull(bootDelay, "bootDelay");
  }

  /**
   * Instances one step needs: {@code ceil(demand / capacity)}, with a tolerance of 1e-9 so that a
   * demand of exactly {@code k × capacity} needs {@code k}.
   *
   * @param demand requests in the step
   * @param capacity requests one instance serves in a step
   * @return the instances needed
   */
  public static int needed(double demand, double capacity) {
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("capacity per instance must be positive, got " + capacity);
    }
    return (int) Math.ceil(demand / capacity - 1e-9);
  }

  /**
   * Computes the oracle for a trace.
   *
   * @param trace the demand
   * @param capacity requests one instance serves in one step of the trace
   * @param bootDelay the time from launch to ready
   * @return the oracle's figures
   */
  public static Oracle of(DemandTrace trace, double capacity, Duration bootDelay) {
    int n = trace.size();
    int[] need = new int[n];
    int peak = 0;
    long sum = 0;
    long launches = 0;
    int previous = 0;
    for (int t = 0; t < n; t++) {
      need[t] = needed(trace.demand(t), capacity);
      sum += need[t];
      launches += Math.max(0, need[t] - previous);
      previous = need[t];
      peak = Math.max(peak, need[t]);
    }
    double stepHours = trace.step().toNanos() / 3.6e12;
    double bootHours = bootDelay.toNanos() / 3.6e12;
    double hours = sum * stepHours + launches * bootHours;

    // Levels are independent: the k-th instance is needed on the steps where need >= k. It pays
    // one boot for its first interval, and for each later gap the cheaper of staying up through
    // the gap or a new boot.
    double bound = sum * stepHours;
    for (int k = 1; k <= peak; k++) {
      int lastNeeded = -1;
      for (int t = 0; t < n; t++) {
        if (need[t] >= k) {
          if (lastNeeded < 0) {
            bound += bootHours;
          } else if (t - lastNeeded > 1) {
            bound += Math.min((t - lastNeeded - 1) * stepHours, bootHours);
          }
          lastNeeded = t;
        }
      }
    }
    return new Oracle(n, trace.step(), bootDelay, sum, launches, peak, hours, bound);
  }
}
