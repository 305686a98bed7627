package io.immut.core.scaling;

import io.immut.api.ImmutException;
import io.immut.spi.MetricSample;
import io.immut.spi.MetricsSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metrics source held in memory: the program records samples (or loads a trace), and the
 * autoscaler reads them back. A query is a series name, matched exactly. Samples of a series are
 * kept in time order; recording a sample at the instant of an existing one replaces it.
 *
 * <p>Lookups are binary searches, so a replay of a month of per-minute samples asks its questions
 * in microseconds. Thread-safe.
 */
public final class InMemoryMetrics implements MetricsSource {
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  /** An empty source. */
  public InMemoryMetrics() {}

  @Override
  public String name() {
    return "memory";
  }

  /**
   * Records one sample.
   *
   * @param metric the series name
   * @param at when
   * @param value the value, finite
   * @return this source
   */
  public InMemoryMetrics record(String metric, Instant at, double value) {
    series.computeIfAbsent(metric, k -> new Series()).add(new MetricSample(at, value));
    return this;
  }

  /**
   * Loads a trace from CSV lines {@code timestamp_seconds,value} (a header line and blank lines are
   * skipped) into a series.
   *
   * @param metric the series name
   * @param csv the file
   * @return this source
   * @throws ImmutException naming the line of the first malformed row
   */
  public InMemoryMetrics load(String metric, Path csv) {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#") || (n == 1 && !Character.isDigit(t.charAt(0)) && t.charAt(0) != '-')) {
          continue;
        }
        String[] parts = t.split(",");
        try {
          record(metric, Instant.ofEpochSecond(Long.parseLong(parts[0].trim())), Double.parseDouble(parts[1].trim()));
        } catch (RuntimeException e) {
          throw new ImmutException(csv + " line " + n + ": '" + t + "' is not 'timestamp_seconds,value'", e);
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trace " + csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * The names of the series held.
   *
   * @return the names
   */
  public List<String> metrics() {
    return series.keySet().stream().sorted().toList();
  }

  @Override
  public Optional<MetricSample> latest(String query, Instant at) {
    Series s = series.get(query);
    return s == null ? Optional.empty() : s.latest(at);
  }

  /** Returns every recorded sample in {@code [from, to]}; the step is not needed for raw samples. */
  @Override
  public List<MetricSample> range(String query, Instant from, Instant to, Duration step) {
    Series s = series.get(query);
    return s == null ? List.of() : s.between(from, to);
  }

  private static final class Series {
    private long[] seconds = new long[16];
    private int[] nanos = new int[16];
    private double[] values = new double[16];
    private int size;

    synchronized void add(MetricSample sample) {
      long sec = sample.at().getEpochSecond();
      int nano = sample.at().getNano();
      int i = search(sec, nano);
      if (i >= 0) {
        values[i] = sample.value();
        return;
      }
      int at = -i - 1;
      if (size == seconds.length) {
        int cap = size * 2;
        seconds = Arrays.copyOf(seconds, cap);
        nanos = Arrays.copyOf(nanos, cap);
        values = Arrays.copyOf(values, cap);
      }
      System.arraycopy(seconds, at, seconds, at + 1, size - at);
      System.arraycopy(nanos, at, nanos, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      seconds[at] = sec;
      nanos[at] = nano;
      values[at] = sample.value();
      size++;
    }

    synchronized Optional<MetricSample> latest(Instant at) {
      int i = search(at.getEpochSecond(), at.getNano());
      int idx = i >= 0 ? i : -i - 2;
      return idx < 0 ? Optional.empty() : Optional.of(sample(idx));
    }

    synchronized List<MetricSample> between(Instant from, Instant to) {
      int a = search(from.getEpochSecond(), from.getNano());
      int start = a >= 0 ? a : -a - 1;
      List<MetricSample> out = new ArrayList<>();
      for (int i = start; i < size; i++) {
        if (seconds[i] > to.getEpochSecond() || (seconds[i] == to.getEpochSecond() && nanos[i] > to.getNano())) {
          break;
        }
        out.add(sample(i));
      }
      return out;
    }

    private MetricSample sample(int i) {
      return new MetricSample(Instant.ofEpochSecond(seconds[i], nanos[i]), values[i]);
    }

    private int search(long sec, int nano) {
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = seconds[mid] != sec ? Long.compare(seconds[mid], sec) : Integer.compare(nanos[mid], nano);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -(lo + 1);
    }
  }
}
