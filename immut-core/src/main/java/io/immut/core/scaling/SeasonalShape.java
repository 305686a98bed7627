package io.immut.core.scaling;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The seasonal forecast of a {@link DemandProfile}: a shape scaled by the current level. Each
 * bucket's peak is divided by the level of the day before it (the mean bucket peak of the
 * preceding 24 hours, where at least 90% of them have data); the shape at a time of day is the
 * lower median of those ratios, and so is the shape at a time of week, which is used once a week
 * has been seen and only while it forecast the last day at least as well as the daily shape. The
 * forecast is that shape times the current level: the median, over the last day, of each peak
 * divided by the shape at its time. A single event is one ratio among several and does not move a
 * median; a level that moves is followed within a day, where a mean of past peaks lags by half the
 * lookback.
 *
 * <p>At the start of the history, where a bucket has no day before it, the day after it is its
 * level.
 *
 * <p>No trend term: a forecast looks at most a day ahead (the lead time) and is relearned hourly,
 * and the last day's level already follows a trend; a trend of +35% a week is 5% a day, half of
 * which the level lags.
 *
 * <p>A value, computed once from the profile's buckets in {@code O(n log c)} for {@code n} buckets
 * and {@code c} cycles (days or weeks) in the lookback, plus, for each backtest, a median of a
 * day's ratios for each hour of the last day.
 */
final class SeasonalShape {
  private final long perDay;
  private final long[] buckets;
  private final double[] prefix;
  private final boolean usesWeek;
  private final double[] dayShape;
  private final double[] weekShape;
  private final double level;
  private final DemandProfile.Backtest backtest;

  /**
   * Computes the shape.
   *
   * @param buckets the bucket numbers, ascending
   * @param peaks each bucket's peak
   * @param perDay buckets in a day
   * @param weekly whether a week has been seen
   * @param now the bucket the profile was learned in (it and later ones are not counted)
   * @param lag how many buckets old the level of a forecast can be (the relearning interval), for the backtest
   * @param flatError the flat forecast's error over the last day, copied into the backtest
   */
  SeasonalShape(long[] buckets, double[] peaks, int perDay, boolean weekly, long now, long lag, double flatError) {
    this.perDay = perDay;
    this.buckets = buckets;
    prefix = new double[buckets.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      prefix[i + 1] = prefix[i] + peaks[i];
    }
    int n = buckets.length;
    double[] ratio = new double[n];
    for (int i = 0; i < n; i++) {
      // the day before; at the start of the history (no day before it yet), the day after
      double l = levelBefore(buckets[i]);
      if (Double.isNaN(l) && buckets[i] + perDay < now) {
        l = levelBefore(buckets[i] + perDay + 1);
      }
      ratio[i] = buckets[i] < now && l > 0 ? peaks[i] / l : Double.NaN;
    }
    long lastDay = now - perDay;
    // the shapes from the days before the last one: what the backtest forecasts the last day with
    double[] oldDay = shape(ratio, perDay, i -> buckets[i] < lastDay);
    DemandProfile.Backtest daily = backtest(peaks, now, lag, oldDay, null, flatError);
    DemandProfile.Backtest weeklyCheck = null;
    if (weekly) {
      double[] oldWeek = shape(ratio, perDay * 7, i -> buckets[i] < lastDay);
      weeklyCheck = backtest(peaks, now, lag, oldDay, oldWeek, flatError);
    }
    // the weekly shape has one ratio a week to the daily shape's one a day: it is used only when
    // it forecast the last day at least as well
    usesWeek = weeklyCheck != null && weeklyCheck.buckets() > 0 && (daily.buckets() == 0 || weeklyCheck.error() <= daily.error());
    backtest = usesWeek ? weeklyCheck : daily;
    dayShape = shape(ratio, perDay, i -> true);
    weekShape = usesWeek ? shape(ratio, perDay * 7, i -> true) : null;
    level = robustLevel(peaks, now, dayShape, weekShape);
  }

  private DemandProfile.Backtest backtest(double[] peaks, long now, long lag, double[] day, double[] week, double flatError) {
    double err = 0;
    double actual = 0;
    int checked = 0;
    long levelAt = Long.MIN_VALUE;
    double l = Double.NaN;
    for (int i = lowerBound(now - perDay); i < buckets.length && buckets[i] < now; i++) {
      double s = pick(day, week, buckets[i]);
      // the level as relearned at the start of the bucket's interval, from the data before it
      long at = Math.floorDiv(buckets[i], lag) * lag;
      if (at != levelAt) {
        levelAt = at;
        l = robustLevel(peaks, at, day, week);
      }
      if (Double.isNaN(s) || Double.isNaN(l)) {
        continue;
      }
      err += Math.abs(l * s - peaks[i]);
      actual += peaks[i];
      checked++;
    }
    return checked == 0 || actual == 0 ? new DemandProfile.Backtest(Double.NaN, Double.NaN, 0)
        : new DemandProfile.Backtest(err / actual, flatError, checked);
  }

  /** Whether the forecast uses the time-of-week shape (else the time-of-day shape). */
  boolean usesWeek() {
    return usesWeek;
  }

  /** The backtest of the last day: the shape of the days before it times the level an interval before each bucket. */
  DemandProfile.Backtest backtest() {
    return backtest;
  }

  /** The level the forecast scales the shape by, from the last day (see {@link #robustLevel}). */
  double level() {
    return level;
  }

  /**
   * The forecast for a bucket.
   *
   * @param bucket the bucket number
   * @return the shape at its time of week (or day) times the last day's level, or empty without data
   */
  OptionalDouble forecast(long bucket) {
    double s = pick(dayShape, weekShape, bucket);
    return Double.isNaN(s) || Double.isNaN(level) ? OptionalDouble.empty() : OptionalDouble.of(level * s);
  }

  private double pick(double[] day, double[] week, long bucket) {
    if (week != null) {
      double w = week[(int) Math.floorMod(bucket, perDay * 7)];
      if (!Double.isNaN(w)) {
        return w;
      }
    }
    return day[(int) Math.floorMod(bucket, perDay)];
  }

  /**
   * The mean peak of the buckets in the day before {@code bucket}, or NaN when more than a tenth of
   * them have no data (a mean over part of a day depends on which part).
   */
  private double levelBefore(long bucket) {
    int from = lowerBound(bucket - perDay);
    int to = lowerBound(bucket);
    int count = to - from;
    return count * 10 < perDay * 9 ? Double.NaN : (prefix[to] - prefix[from]) / count;
  }

  /**
   * The level that scales a shape to the day before {@code end}: the median, over that day's
   * buckets, of each peak divided by the shape at its time. A median of ratios to the shape does
   * not depend on which part of the day has data, nor on one event in it. NaN with fewer than a
   * quarter of the day's buckets.
   */
  private double robustLevel(double[] peaks, long end, double[] day, double[] week) {
    int from = lowerBound(end - perDay);
    int to = lowerBound(end);
    double[] r = new double[to - from];
    int k = 0;
    for (int j = from; j < to; j++) {
      double s = pick(day, week, buckets[j]);
      if (s > 0) {
        r[k++] = peaks[j] / s;
      }
    }
    if (k * 4 < perDay) {
      return Double.NaN;
    }
    Arrays.sort(r, 0, k);
    return r[(k - 1) / 2];
  }

  private int lowerBound(long bucket) {
    int i = Arrays.binarySearch(buckets, bucket);
    return i >= 0 ? i : -i - 1;
  }

  private interface Included {
    boolean test(int i);
  }

  /** The lower median of the finite ratios of each slot ({@code bucket mod period}), NaN where none. */
  private double[] shape(double[] ratio, long period, Included included) {
    int slots = (int) period;
    int[] start = new int[slots + 1];
    for (int i = 0; i < ratio.length; i++) {
      if (!Double.isNaN(ratio[i]) && included.test(i)) {
        start[(int) Math.floorMod(buckets[i], period) + 1]++;
      }
    }
    for (int s = 0; s < slots; s++) {
      start[s + 1] += start[s];
    }
    double[] values = new double[start[slots]];
    int[] fill = Arrays.copyOf(start, slots);
    for (int i = 0; i < ratio.length; i++) {
      if (!Double.isNaN(ratio[i]) && included.test(i)) {
        values[fill[(int) Math.floorMod(buckets[i], period)]++] = ratio[i];
      }
    }
    double[] shape = new double[slots];
    for (int s = 0; s < slots; s++) {
      int count = start[s + 1] - start[s];
      if (count == 0) {
        shape[s] = Double.NaN;
      } else {
        Arrays.sort(values, start[s], start[s + 1]);
        shape[s] = values[start[s] + (count - 1) / 2];
      }
    }
    return shape;
  }
}
