package io.immut.core.scaling;

import io.immut.spi.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The headroom and the scale-in hold an adaptive policy needs, learned from the recent history of
 * its demand by replaying its own rule on it. Under the rule, the fleet at minute {@code s} is what
 * was decided one reaction time earlier ({@code delay}: the warm-up plus the age of the samples)
 * and held for {@code hold}: {@code ceil(factor x max(x over [s - delay - hold, s - delay]) / capacity)}
 * instances. For each candidate hold (1, 2, 3, 5, 8 and 13 times the warm-up plus a period: never
 * shorter than the time a relaunch costs, the offline optimum's rule), the factor is the smallest (a
 * binary search: the shortfall falls as the factor grows) whose replay on the history leaves at
 * most {@link #UNSERVED} of the demand unserved, half the benchmark's 0.1% objective, the other half
 * a margin for traffic that changes. The pair that costs least on the history (instance-periods,
 * plus a warm-up per launch) wins. The service objective sizes the headroom, so noise and rare
 * spikes too small to matter do not inflate it, while steep ramps and flash crowds do; and a noisy
 * trace gets a long hold at a small factor, a smooth one a short hold. A value; relearned from
 * scratch each time, so a replay stays deterministic.
 *
 * @param learnedBucket the refresh bucket it was learned in
 * @param factor the headroom factor, at least 1: provision {@code demand x factor}
 * @param hold how long a higher size is held before a scale-in
 * @param samples how many samples it was learned from
 * @param delay the reaction time it was learned for
 * @param learning whether there was too little history (under an hour) to learn from
 */
record DemandGrowth(long learnedBucket, double factor, Duration hold, int samples, Duration delay, boolean learning) {
  /** The share of the demand the learned headroom may leave unserved on the history. */
  static final double UNSERVED = 0.0005;
  /** How much history a headroom is learned from. */
  static final Duration WINDOW = Duration.ofDays(7);
  /** How often it is relearned. */
  static final Duration REFRESH = Duration.ofHours(3);
  /** The headroom used while there is too little history (less than an hour). */
  static final double LEARNING_FACTOR = 1.5;
  private static final int[] HOLDS = {1, 2, 3, 5, 8, 13};
  private static final double MAX_FACTOR = 10;

  /**
   * The model used before there is an hour of history: headroom 50%, a hold of three relaunches.
   *
   * @param bucket the refresh bucket
   * @param samples the samples seen
   * @param delay the reaction time
   * @param relaunch the warm-up plus a period
   * @return the model
   */
  static DemandGrowth learning(long bucket, int samples, Duration delay, Duration relaunch) {
    return new DemandGrowth(bucket, LEARNING_FACTOR, relaunch.multipliedBy(3), samples, delay, true);
  }

  /**
   * Learns the headroom and the hold of a history.
   *
   * @param history the samples, ascending, one per period (gaps are allowed)
   * @param delay from a decision's sample to the instances it launches serving
   * @param relaunch what a relaunch costs in time: the warm-up plus a period; the shortest hold
   * @param period the metric's period
   * @param capacity what one instance serves per period
   * @param bucket the refresh bucket
   * @return the model; a learning model below an hour of history
   */
  static DemandGrowth learn(List<MetricSample> history, Duration delay, Duration relaunch, Duration period, double capacity,
                            long bucket) {
    int n = history.size();
    if (n < 2 || Duration.between(history.get(0).at(), history.get(n - 1).at()).compareTo(Duration.ofHours(1)) < 0) {
      return learning(bucket, n, delay, relaunch);
    }
    long[] at = new long[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      at[i] = history.get(i).at().toEpochMilli();
      x[i] = Math.max(0, history.get(i).value());
    }
    double bootPeriods = (double) (relaunch.toMillis() - period.toMillis()) / period.toMillis();
    double bestCost = Double.POSITIVE_INFINITY;
    DemandGrowth best = null;
    double[] seen = new double[n];
    for (int multiple : HOLDS) {
      Duration hold = relaunch.multipliedBy(multiple);
      double total = envelope(at, x, delay.toMillis(), hold.toMillis(), seen);
      if (total == 0) {
        continue;
      }
      double factor;
      double budget = UNSERVED * total;
      if (shortfall(x, seen, 1, capacity, budget) <= budget) {
        factor = 1;
      } else {
        double lo = 1;
        double hi = MAX_FACTOR;
        for (int i = 0; i < 11; i++) {
          double mid = (lo + hi) / 2;
          if (shortfall(x, seen, mid, capacity, budget) <= budget) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        factor = Math.ceil(hi * 1000) / 1000;
      }
      double cost = cost(seen, factor, capacity, bootPeriods);
      if (cost < bestCost) {
        bestCost = cost;
        best = new DemandGrowth(bucket, factor, hold, n, delay, false);
      }
    }
    return best != null ? best : learning(bucket, n, delay, relaunch);
  }

  /** Fills seen[s] with the largest sample in [at(s) - delay - hold, at(s) - delay]; returns the demand covered. */
  private static double envelope(long[] at, double[] x, long delay, long hold, double[] seen) {
    int n = x.length;
    int[] window = new int[n]; // a monotone deque of indices, from head to tail
    int head = 0;
    int tail = 0;
    int next = 0;
    double total = 0;
    for (int s = 0; s < n; s++) {
      while (next < n && at[next] <= at[s] - delay) {
        while (tail > head && x[window[tail - 1]] <= x[next]) {
          tail--;
        }
        window[tail++] = next;
        next++;
      }
      while (tail > head && at[window[head]] < at[s] - delay - hold) {
        head++;
      }
      seen[s] = tail == head ? Double.NaN : x[window[head]];
      if (tail > head) {
        total += x[s];
      }
    }
    return total;
  }

  /** The demand left unserved under a factor, or a value above {@code budget} as soon as it exceeds it. */
  private static double shortfall(double[] x, double[] seen, double factor, double capacity, double budget) {
    double missing = 0;
    for (int s = 0; s < x.length; s++) {
      if (!Double.isNaN(seen[s])) {
        double served = PolicyRules.ceil(factor * seen[s] / capacity) * capacity;
        if (x[s] > served) {
          missing += x[s] - served;
          if (missing > budget) {
            return missing;
          }
        }
      }
    }
    return missing;
  }

  private static double cost(double[] seen, double factor, double capacity, double bootPeriods) {
    double periods = 0;
    int previous = 0;
    for (double v : seen) {
      if (!Double.isNaN(v)) {
        int size = PolicyRules.ceil(factor * v / capacity);
        periods += size + Math.max(0, size - previous) * bootPeriods;
        previous = size;
      }
    }
    return periods;
  }

  static long bucket(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), REFRESH.getSeconds());
  }
}
