package io.immut.core.scaling;

import io.immut.spi.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The daily and weekly shape of a demand, learned from its history: the history is cut into
 * buckets of a fixed width; each bucket keeps its peak; the profile of a time of day (or of week)
 * is the mean of those peaks over the days (or weeks) seen. A forecast uses the weekly profile once
 * a full week has been seen and that time of week has data, the daily profile otherwise, and
 * nothing before a full day has been seen.
 *
 * <p>Buckets are aligned on UTC: a daylight-saving change shifts a local-time pattern by an hour
 * for the days around it, which the one-hour lead of a forecast window usually covers.
 */
public final class DemandProfile {
  private static final long DAY = 86_400;

  private final long resolution;
  private final int perDay;
  private final double[] daySum;
  private final int[] dayCount;
  private final double[] weekSum;
  private final int[] weekCount;
  private final Duration span;
  private final long learnedBucket;

  private DemandProfile(long resolution, double[] daySum, int[] dayCount, double[] weekSum, int[] weekCount,
                        Duration span, long learnedBucket) {
    this.resolution = resolution;
    this.perDay = (int) (DAY / resolution);
    this.daySum = daySum;
    this.dayCount = dayCount;
    this.weekSum = weekSum;
    this.weekCount = weekCount;
    this.span = span;
    this.learnedBucket = learnedBucket;
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
    int perDay = (int) (DAY / res);
    Map<Long, Double> peaks = new HashMap<>();
    Instant first = null;
    Instant last = null;
    for (MetricSample s : history) {
      if (s.at().isAfter(now)) {
        continue;
      }
      peaks.merge(Math.floorDiv(s.at().getEpochSecond(), res), s.value(), Math::max);
      first = first == null || s.at().isBefore(first) ? s.at() : first;
      last = last == null || s.at().isAfter(last) ? s.at() : last;
    }
    double[] daySum = new double[perDay];
    int[] dayCount = new int[perDay];
    double[] weekSum = new double[perDay * 7];
    int[] weekCount = new int[perDay * 7];
    peaks.forEach((bucket, peak) -> {
      int d = (int) Math.floorMod(bucket, (long) perDay);
      int w = (int) Math.floorMod(bucket, (long) perDay * 7);
      daySum[d] += peak;
      dayCount[d]++;
      weekSum[w] += peak;
      weekCount[w]++;
    });
    Duration span = first == null ? Duration.ZERO : Duration.between(first, last);
    return new DemandProfile(res, daySum, dayCount, weekSum, weekCount, span, Math.floorDiv(now.getEpochSecond(), res));
  }

  /**
   * How much history the profile was learned from.
   *
   * @return the time between the first and the last sample
   */
  public Duration span() {
    return span;
  }

  /**
   * Whether the profile can forecast: it has seen at least a day.
   *
   * @return true after a day of history
   */
  public boolean isReady() {
    return span.getSeconds() >= DAY - resolution;
  }

  /**
   * Whether the weekly profile is in use: it has seen at least a week.
   *
   * @return true after a week of history
   */
  public boolean isWeekly() {
    return span.getSeconds() >= 7 * DAY - resolution;
  }

  /**
   * The expected peak demand in the bucket that contains {@code at}.
   *
   * @param at the time
   * @return the forecast, or empty when the profile is not ready or has no data for that time
   */
  public OptionalDouble forecast(Instant at) {
    if (!isReady()) {
      return OptionalDouble.empty();
    }
    long bucket = Math.floorDiv(at.getEpochSecond(), resolution);
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
    double best = Double.NaN;
    for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(resolution)) {
      OptionalDouble f = forecast(t);
      if (f.isPresent() && (Double.isNaN(best) || f.getAsDouble() > best)) {
        best = f.getAsDouble();
      }
    }
    OptionalDouble end = forecast(to);
    if (end.isPresent() && (Double.isNaN(best) || end.getAsDouble() > best)) {
      best = end.getAsDouble();
    }
    return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
  }

  long learnedBucket() {
    return learnedBucket;
  }
}
