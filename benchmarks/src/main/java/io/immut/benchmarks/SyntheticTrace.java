package io.immut.benchmarks;

import io.immut.core.simulation.DemandTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic per-minute demand for the robustness set: a level with optional daily and weekly
 * cycles and a slow trend, flash crowds (a steep rise to a multiple of the level, a plateau, a
 * decay), irregular events (bumps at random times of the week, so that no weekly profile predicts
 * them), Poisson noise at the volume given (large at low volume) with some overdispersion, and
 * outages of the metric (minutes whose datapoint is never published, while the demand goes on).
 * Every random choice comes from the seed, so a trace is reproducible; a different seed gives the
 * same kind of traffic with different events and noise, which is how the benchmark keeps the data
 * a policy was designed on apart from the data it is judged on.
 *
 * @param name the trace's name in reports
 * @param days its length
 * @param level the mean demand per minute before cycles and events
 * @param daily the ratio of the busiest to the quietest hour of a day (1 for no daily cycle)
 * @param weekend the demand of Saturday and Sunday relative to a weekday (1 for no weekly cycle)
 * @param trendPerWeek the relative growth per week (0.1 = +10% a week)
 * @param flashCrowds how many flash crowds
 * @param flashHeight the flash crowds' largest multiple of the level
 * @param events how many irregular events
 * @param outages how many metric outages (10 to 60 minutes each)
 * @param seed the seed
 */
public record SyntheticTrace(String name, int days, double level, double daily, double weekend, double trendPerWeek,
                             int flashCrowds, double flashHeight, int events, int outages, long seed) {

  /** Monday 2026-01-05 00:00 UTC: a trace starts on a Monday so that the weekly cycle lines up. */
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  /**
   * The robustness set of the benchmark: one trace of each kind of traffic.
   *
   * @param seed the seed of every trace (use one seed to design, another to judge)
   * @param days each trace's length
   * @return the traces
   */
  public static List<SyntheticTrace> robustnessSet(long seed, int days) {
    return List.of(
        new SyntheticTrace("daily+weekly, high volume", days, 3000, 4, 0.6, 0.05, 0, 1, 0, 0, seed),
        new SyntheticTrace("flash crowds, low volume", days, 40, 3, 1, 0, 5, 5, 0, 0, seed + 101),
        new SyntheticTrace("irregular events, no cycle", days, 8000, 1, 1, 0, 0, 1, 20, 0, seed + 202),
        new SyntheticTrace("slow trend, noisy low volume", days, 15, 2, 0.8, 0.35, 0, 1, 3, 0, seed + 303),
        new SyntheticTrace("daily cycle, metric outages", days, 600, 3, 0.7, 0, 2, 3, 0, 8, seed + 404));
  }

  /**
   * The demand.
   *
   * @return a per-minute trace
   */
  public DemandTrace trace() {
    return DemandTrace.of(START, Duration.ofMinutes(1), demand());
  }

  double[] demand() {
    int n = days * 1440;
    Random r = new Random(seed);
    double[] mult = new double[n];
    java.util.Arrays.fill(mult, 1);
    for (int i = 0; i < flashCrowds; i++) {
      int at = r.nextInt(n);
      int rise = 2 + r.nextInt(4);
      int plateau = 20 + r.nextInt(60);
      int decay = 30 + r.nextInt(90);
      double height = 1 + (flashHeight - 1) * (0.5 + 0.5 * r.nextDouble());
      bump(mult, at, rise, plateau, decay, height);
    }
    for (int i = 0; i < events; i++) {
      int at = r.nextInt(n);
      bump(mult, at, 10 + r.nextInt(30), 30 + r.nextInt(180), 20 + r.nextInt(60), 1.5 + 1.5 * r.nextDouble());
    }
    double[] d = new double[n];
    double dailyAmp = (daily - 1) / (daily + 1); // busiest/quietest = (1 + a) / (1 - a)
    double phase = r.nextDouble() * 2 * Math.PI / 6; // a peak hour somewhere in the afternoon
    double noise = 1; // an AR(1) overdispersion around 1
    for (int t = 0; t < n; t++) {
      double hourOfDay = (t % 1440) / 60.0;
      int dayOfWeek = (t / 1440) % 7; // 0 = Monday
      double cycle = 1 + dailyAmp * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24 + phase);
      double week = dayOfWeek >= 5 ? weekend : 1;
      double trend = Math.pow(1 + trendPerWeek, t / (7.0 * 1440));
      noise = 0.95 * noise + 0.05 * (1 + 0.6 * r.nextGaussian());
      double mean = Math.max(0, level * cycle * week * trend * mult[t] * Math.max(0.2, noise));
      d[t] = poisson(r, mean);
    }
    return d;
  }

  /**
   * The minutes whose datapoint is never published.
   *
   * @return {@code [from, to)} pairs of step indices
   */
  public List<int[]> metricOutages() {
    Random r = new Random(seed * 31 + 7);
    List<int[]> list = new ArrayList<>();
    int n = days * 1440;
    for (int i = 0; i < outages; i++) {
      int from = r.nextInt(n - 60);
      list.add(new int[] {from, from + 10 + r.nextInt(51)});
    }
    return list;
  }

  private static void bump(double[] mult, int at, int rise, int plateau, int decay, double height) {
    for (int k = 0; k < rise + plateau + decay && at + k < mult.length; k++) {
      double f = k < rise ? (k + 1.0) / rise : k < rise + plateau ? 1 : Math.exp(-3.0 * (k - rise - plateau) / decay);
      mult[at + k] += (height - 1) * f;
    }
  }

  private static double poisson(Random r, double mean) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
