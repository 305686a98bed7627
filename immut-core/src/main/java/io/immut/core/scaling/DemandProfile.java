package io.immut.core.scaling;

import io.immut.api.ScalingPolicy.Forecast;
import io.immut.spi.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The daily and weekly shape of a demand, learned from its history: the history is cut into
 * buckets of a fixed width; each bucket keeps its peak; the profile of a time of day (or of week)
 * is the mean of those peaks over the days (or weeks) seen. A forecast uses the weekly profile once
 * a full week has been seen and that time of week has data, the daily profile otherwise, and
 * nothing before a full day has been seen.
 *
 * <p>That is the {@link Forecast#MEAN_OF_PEAKS mean of peaks}; the same buckets also give a
 * {@link Forecast#SEASONAL seasonal} forecast (a shape scaled by the last day's level), and each
 * forecast has its backtest of the last day.
 *
 * <p>A profile is a value. {@link #update} extends it with recent samples (re-reading a margin, so
 * that samples that arrived late are counted) and forgets buckets older than the lookback, which
 * keeps a long replay linear in its length.
 *
 * <p>Buckets are aligned on UTC: a daylight-saving change shifts a local-time pattern by an hour
 * for the days around it, which the one-hour lead of a forecast window usually covers.
 */
public final class DemandProfile {
  private static final long DAY = 86_400;

  private final long resolution;
  private final int perDay;
  private final long[] buckets;
  private final double[] peaks;
  private final Instant first;
  private final Instant last;
  private final double[] daySum;
  private final int[] dayCount;
  private final double[] weekSum;
  private final int[] weekCount;
  private final long learnedBucket;
  private final Instant learnedAt;
  private final Backtest backtest;
  private volatile SeasonalShape seasonal;

  private DemandProfile(long resolution, long[] buckets, double[] peaks, Instant first, Instant last, long learnedBucket,
                        Instant learnedAt) {
    this.resolution = resolution;
    this.perDay = (int) (DAY / resolution);
    this.buckets = buckets;
    this.peaks = peaks;
    this.first = first;
    this.last = last;
    this.learnedBucket = learnedBucket;
    this.learnedAt = learnedAt;
    daySum = new double[perDay];
    dayCount = new int[perDay];
    weekSum = new double[perDay * 7];
    weekCount = new int[perDay * 7];
    for (int i = 0; i < buckets.length; i++) {
      int d = (int) Math.floorMod(buckets[i], (long) perDay);
      int w = (int) Math.floorMod(buckets[i], (long) perDay * 7);
      daySum[d] += peaks[i];
      dayCount[d]++;
      weekSum[w] += peaks[i];
      weekCount[w]++;
    }
    backtest = computeBacktest();
  }

  /**
   * How well the profile forecast the last day: each bucket of the day before {@code learnedAt},
   * forecast from the other days only (the profile's mean without that bucket: what the profile of
   * the day before would have said), against what happened; and the same for a flat forecast, the
   * mean bucket peak of the day before that one. Errors are weighted absolute percentage errors,
   * {@code Σ|forecast − actual| / Σ actual}.
   *
   * @param error the profile's error
   * @param flatError the flat forecast's error
   * @param buckets how many buckets were checked (0 before a second day of history)
   */
  public record Backtest(double error, double flatError, int buckets) {}

  private Backtest computeBacktest() {
    long now = Math.floorDiv(learnedAt.getEpochSecond(), resolution);
    boolean weekly = isWeekly();
    double err = 0;
    double flatErr = 0;
    double actual = 0;
    int checked = 0;
    double levelSum = 0;
    int levelCount = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] >= now - 2L * perDay && buckets[i] < now - perDay) {
        levelSum += peaks[i];
        levelCount++;
      }
    }
    if (levelCount == 0) {
      return new Backtest(Double.NaN, Double.NaN, 0);
    }
    double level = levelSum / levelCount;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] < now - perDay || buckets[i] >= now) {
        continue;
      }
      int w = (int) Math.floorMod(buckets[i], (long) perDay * 7);
      int d = (int) Math.floorMod(buckets[i], (long) perDay);
      double f;
      if (weekly && weekCount[w] > 1) {
        f = (weekSum[w] - peaks[i]) / (weekCount[w] - 1);
      } else if (dayCount[d] > 1) {
        f = (daySum[d] - peaks[i]) / (dayCount[d] - 1);
      } else {
        continue;
      }
      err += Math.abs(f - peaks[i]);
      flatErr += Math.abs(level - peaks[i]);
      actual += peaks[i];
      checked++;
    }
    if (checked == 0 || actual == 0) {
      return new Backtest(Double.NaN, Double.NaN, 0);
    }
    return new Backtest(err / actual, flatErr / actual, checked);
  }

  /**
   * The backtest of the last day, computed when the profile was learned.
   *
   * @return the profile's and a flat forecast's errors over the last day
   */
  public Backtest backtest() {
    return backtest;
  }

  /**
   * The backtest of the last day of one forecast.
   *
   * @param forecast which forecast; {@link Forecast#BEST_OF_BACKTEST} is the one {@link #chosen} picks
   * @return its and a flat forecast's errors over the last day
   */
  public Backtest backtest(Forecast forecast) {
    return chosen(forecast) == Forecast.SEASONAL ? seasonal().backtest() : backtest;
  }

  /**
   * The forecast that a policy asking for {@code forecast} uses: {@link Forecast#BEST_OF_BACKTEST}
   * picks the seasonal forecast when its backtest of the last day checked as many buckets as the
   * mean of peaks' (it needs a day before each of its ratios, so it covers less of a short history)
   * with at most the same error, or when only it has a backtest; the mean of peaks otherwise.
   *
   * @param forecast the forecast asked for
   * @return {@link Forecast#MEAN_OF_PEAKS} or {@link Forecast#SEASONAL}
   */
  public Forecast chosen(Forecast forecast) {
    if (forecast != Forecast.BEST_OF_BACKTEST) {
      return forecast;
    }
    Backtest s = seasonal().backtest();
    if (s.buckets() == 0) {
      return Forecast.MEAN_OF_PEAKS;
    }
    return backtest.buckets() == 0 || (s.buckets() >= backtest.buckets() && s.error() <= backtest.error())
        ? Forecast.SEASONAL : Forecast.MEAN_OF_PEAKS;
  }

  /**
   * Whether a forecast uses the time-of-week profile (else the time-of-day one): the mean of peaks
   * once a week has been seen; the seasonal forecast only while its weekly shape backtested at least
   * as well as its daily one.
   *
   * @param forecast the forecast asked for
   * @return true when the weekly profile is in use
   */
  public boolean isWeekly(Forecast forecast) {
    return chosen(forecast) == Forecast.SEASONAL ? isWeekly() && seasonal().usesWeek() : isWeekly();
  }

  private SeasonalShape seasonal() {
    SeasonalShape s = seasonal;
    if (s == null) {
      long now = Math.floorDiv(learnedAt.getEpochSecond(), resolution);
      long lag = Math.max(1, (3600 + resolution - 1) / resolution);
      s = new SeasonalShape(buckets, peaks, perDay, isWeekly(), now, lag, backtest.flatError());
      seasonal = s;
    }
    return s;
  }

  /**
   * Learns a profile.
   *
   * @param history the samples, in any order
   * @param resolution the bucket width, a whole number of seconds dividing a day
   * @param now when it is learned (later samples are ignored)
   * @return the profile
   */
  public static DemandProfile learn(List<MetricSample> history, Duration resolution, Instant now) {
    long res = resolution.getSeconds();
    if (res <= 0 || DAY % res != 0) {
      throw new IllegalArgumentException("a profile resolution must divide a day: " + resolution);
    }
    Peaks p = new Peaks();
    p.addAll(sorted(history), res, now);
    return new DemandProfile(res, p.bucketArray(), p.peakArray(), p.first, p.last, Math.floorDiv(now.getEpochSecond(), res), now);
  }

  /**
   * This profile extended with recent samples: buckets from {@code from} on are recomputed from
   * {@code recent} (so that {@code recent} must hold every sample since {@code from}), and buckets
   * older than {@code now - lookback} are forgotten.
   *
   * @param recent the samples since {@code from}
   * @param from where the re-read starts
   * @param now when it is learned
   * @param lookback how much history to keep
   * @return the new profile
   */
  public DemandProfile update(List<MetricSample> recent, Instant from, Instant now, Duration lookback) {
    long fromBucket = Math.floorDiv(from.getEpochSecond(), resolution);
    long oldest = Math.floorDiv(now.minus(lookback).getEpochSecond(), resolution);
    Peaks p = new Peaks();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] >= oldest && buckets[i] < fromBucket) {
        p.put(buckets[i], peaks[i]);
      }
    }
    Instant keptFirst = first == null || first.isBefore(now.minus(lookback)) ? null : first;
    p.first = p.size() == 0 ? null : (keptFirst != null ? keptFirst : Instant.ofEpochSecond(p.buckets.get(0) * resolution));
    p.last = p.size() == 0 ? null : last;
    List<MetricSample> fresh = new ArrayList<>();
    for (MetricSample s : sorted(recent)) {
      if (Math.floorDiv(s.at().getEpochSecond(), resolution) >= fromBucket) {
        fresh.add(s);
      }
    }
    p.addAll(fresh, resolution, now);
    return new DemandProfile(resolution, p.bucketArray(), p.peakArray(), p.first, p.last,
        Math.floorDiv(now.getEpochSecond(), resolution), now);
  }

  private static List<MetricSample> sorted(List<MetricSample> samples) {
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).at().isBefore(samples.get(i - 1).at())) {
        List<MetricSample> copy = new ArrayList<>(samples);
        copy.sort(Comparator.comparing(MetricSample::at));
        return copy;
      }
    }
    return samples;
  }

  /**
   * How much history the profile was learned from.
   *
   * @return the time between the first and the last sample
   */
  public Duration span() {
    return first == null ? Duration.ZERO : Duration.between(first, last);
  }

  /**
   * Whether the profile can forecast: it has seen at least a day.
   *
   * @return true after a day of history
   */
  public boolean isReady() {
    return span().getSeconds() >= DAY - resolution;
  }

  /**
   * Whether the weekly profile is in use: it has seen at least a week.
   *
   * @return true after a week of history
   */
  public boolean isWeekly() {
    return span().getSeconds() >= 7 * DAY - resolution;
  }

  /**
   * The expected peak demand in the bucket that contains {@code at}.
   *
   * @param at the time
   * @return the forecast, or empty when the profile is not ready or has no data for that time
   */
  public OptionalDouble forecast(Instant at) {
    return forecast(at, Forecast.MEAN_OF_PEAKS);
  }

  /**
   * The expected peak demand in the bucket that contains {@code at}, by one forecast.
   *
   * @param at the time
   * @param forecast which forecast ({@link #chosen} resolves {@link Forecast#BEST_OF_BACKTEST}); the
   *     seasonal one falls back to the mean of peaks at a time its shape has no ratio for yet
   * @return the forecast, or empty when the profile is not ready or has no data for that time
   */
  public OptionalDouble forecast(Instant at, Forecast forecast) {
    if (!isReady()) {
      return OptionalDouble.empty();
    }
    long bucket = Math.floorDiv(at.getEpochSecond(), resolution);
    if (chosen(forecast) == Forecast.SEASONAL) {
      // where the shape has no ratio for that time yet (no day before it), the mean of its peaks
      OptionalDouble f = seasonal().forecast(bucket);
      if (f.isPresent()) {
        return f;
      }
    }
    int w = (int) Math.floorMod(bucket, (long) perDay * 7);
    if (isWeekly() && weekCount[w] > 0) {
      return OptionalDouble.of(weekSum[w] / weekCount[w]);
    }
    int d = (int) Math.floorMod(bucket, (long) perDay);
    return dayCount[d] > 0 ? OptionalDouble.of(daySum[d] / dayCount[d]) : OptionalDouble.empty();
  }

  /**
   * The highest forecast over a window: the demand to be ready for.
   *
   * @param from the window's start
   * @param to the window's end
   * @return the highest bucket forecast that overlaps the window, or empty when none
   */
  public OptionalDouble peak(Instant from, Instant to) {
    return peak(from, to, Forecast.MEAN_OF_PEAKS);
  }

  /**
   * The highest forecast over a window, by one forecast.
   *
   * @param from the window's start
   * @param to the window's end
   * @param forecast which forecast
   * @return the highest bucket forecast that overlaps the window, or empty when none
   */
  public OptionalDouble peak(Instant from, Instant to, Forecast forecast) {
    Forecast used = chosen(forecast);
    double best = Double.NaN;
    for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(resolution)) {
      OptionalDouble f = forecast(t, used);
      if (f.isPresent() && (Double.isNaN(best) || f.getAsDouble() > best)) {
        best = f.getAsDouble();
      }
    }
    OptionalDouble end = forecast(to, used);
    if (end.isPresent() && (Double.isNaN(best) || end.getAsDouble() > best)) {
      best = end.getAsDouble();
    }
    return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
  }

  long learnedBucket() {
    return learnedBucket;
  }

  Instant learnedAt() {
    return learnedAt;
  }

  DemandProfile learnedAt(long bucket) {
    return new DemandProfile(resolution, buckets, peaks, first, last, bucket, learnedAt);
  }

  /** Bucket peaks in ascending bucket order, built by appending. */
  private static final class Peaks {
    final List<Long> buckets = new ArrayList<>();
    final List<Double> peaks = new ArrayList<>();
    Instant first;
    Instant last;

    int size() {
      return buckets.size();
    }

    void put(long bucket, double peak) {
      int n = buckets.size();
      if (n > 0 && buckets.get(n - 1) == bucket) {
        peaks.set(n - 1, Math.max(peaks.get(n - 1), peak));
      } else {
        buckets.add(bucket);
        peaks.add(peak);
      }
    }

    void addAll(List<MetricSample> ascending, long res, Instant now) {
      for (MetricSample s : ascending) {
        if (s.at().isAfter(now)) {
          break;
        }
        put(Math.floorDiv(s.at().getEpochSecond(), res), s.value());
        first = first == null ? s.at() : first;
        last = last == null || s.at().isAfter(last) ? s.at() : last;
      }
    }

    long[] bucketArray() {
      return buckets.stream().mapToLong(Long::longValue).toArray();
    }

    double[] peakArray() {
      double[] a = new double[peaks.size()];
      Arrays.setAll(a, peaks::get);
      return a;
    }
  }
}
