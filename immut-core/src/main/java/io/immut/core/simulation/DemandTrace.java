package io.immut.core.simulation;

import io.immut.api.ImmutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A demand trace: how many requests arrived in each step of a contiguous stretch of time
 * (typically one minute), as read from a CSV file with the header {@code timestamp_seconds,requests}
 * (Unix epoch seconds of the start of each step, then the request count in that step).
 *
 * <pre>{@code
 * DemandTrace trace = DemandTrace.read(Path.of("nasa_http_jul1995_per_minute.csv"));
 * trace.peak();   // 405.0 requests in the busiest minute
 * }</pre>
 *
 * <p>Immutable. The step is inferred from the first two rows; every later row must follow the
 * previous one by exactly that step (a gap is an error that names the line, never silently filled).
 */
public final class DemandTrace {
  private final Instant start;
  private final Duration step;
  private final double[] demand;

  private DemandTrace(Instant start, Duration step, double[] demand) {
    this.start = Objects.requireNonNull(start, "start");
    this.step = Objects.requireNonNull(step, "step");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("a trace's step must be positive, got " + step);
    }
    if (demand.length == 0) {
      throw new IllegalArgumentException("a trace needs at least one step of demand");
    }
    for (int i = 0; i < demand.length; i++) {
      if (!(demand[i] >= 0) || Double.isInfinite(demand[i])) {
        throw new IllegalArgumentException("demand at step " + i + " is " + demand[i] + "; demand is a finite count >= 0");
      }
    }
    this.demand = demand;
  }

  /**
   * A trace from values.
   *
   * @param start the start of the first step
   * @param step the length of every step
   * @param demand requests per step, each finite and at least 0
   * @return the trace
   */
  public static DemandTrace of(Instant start, Duration step, double... demand) {
    return new DemandTrace(start, step, demand.clone());
  }

  /**
   * Reads a trace from a CSV file ({@code timestamp_seconds,requests}). The file is read, never
   * copied or kept open.
   *
   * @param file the CSV file
   * @return the trace
   * @throws ImmutException when the file cannot be read or a line is not valid (the message names
   *     the file and line)
   */
  public static DemandTrace read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    } catch (IOException e) {
      throw new ImmutException("cannot read the demand trace " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a trace in CSV form.
   *
   * @param csv the text, with the header {@code timestamp_seconds,requests}
   * @param source how to name the source in error messages
   * @return the trace
   * @throws ImmutException when a line is not valid
   */
  public static DemandTrace parse(Reader csv, String source) {
    BufferedReader in = csv instanceof BufferedReader b ? b : new BufferedReader(csv);
    long[] times = new long[1024];
    double[] values = new double[1024];
    int n = 0;
    int lineNo = 0;
    try {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        if (lineNo == 1 && !Character.isDigit(s.charAt(0))) {
          if (!s.replace(" ", "").equalsIgnoreCase("timestamp_seconds,requests")) {
            throw problem(source, lineNo, "the header is '" + s + "'");
          }
          continue;
        }
        int comma = s.indexOf(',');
        if (comma < 0) {
          throw problem(source, lineNo, "'" + s + "' has no comma");
        }
        long t;
        double v;
        try {
          t = Long.parseLong(s.substring(0, comma).strip());
          v = Double.parseDouble(s.substring(comma + 1).strip());
        } catch (NumberFormatException e) {
          throw problem(source, lineNo, "'" + s + "' is not two numbers");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw problem(source, lineNo, "the request count " + v + " is negative or not finite");
        }
        if (n >= 2 && t - times[n - 1] != times[1] - times[0]) {
          throw problem(source, lineNo, "timestamp " + t + " does not follow " + times[n - 1] + " by the trace's step of "
              + (times[1] - times[0]) + " s (a gap or a duplicate)");
        }
        if (n == 1 && t <= times[0]) {
          throw problem(source, lineNo, "timestamp " + t + " is not after " + times[0]);
        }
        if (n == times.length) {
          times = Arrays.copyOf(times, n * 2);
          values = Arrays.copyOf(values, n * 2);
        }
        times[n] = t;
        values[n] = v;
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the demand trace " + source, e);
    }
    if (n == 0) {
      throw new ImmutException("the demand trace " + source + " has no data rows; expected lines of timestamp_seconds,requests");
    }
    Duration step = n == 1 ? Duration.ofMinutes(1) : Duration.ofSeconds(times[1] - times[0]);
    return new DemandTrace(Instant.ofEpochSecond(times[0]), step, Arrays.copyOf(values, n));
  }

  private static ImmutException problem(String source, int line, String what) {
    return new ImmutException("the demand trace " + source + ", line " + line + ": " + what
        + "; expected a header 'timestamp_seconds,requests' and then one row per step, contiguous, such as '804571200,42'");
  }

  /**
   * The start of the first step.
   *
   * @return the first instant
   */
  public Instant start() {
    return start;
  }

  /**
   * The length of each step.
   *
   * @return the step
   */
  public Duration step() {
    return step;
  }

  /**
   * How many steps.
   *
   * @return the number of steps
   */
  public int size() {
    return demand.length;
  }

  /**
   * The end of the last step.
   *
   * @return the instant after the trace
   */
  public Instant end() {
    return start.plus(step.multipliedBy(demand.length));
  }

  /**
   * The demand in one step.
   *
   * @param index the step, from 0
   * @return requests in that step
   */
  public double demand(int index) {
    return demand[index];
  }

  /**
   * Every step's demand.
   *
   * @return a copy of the values
   */
  public double[] values() {
    return demand.clone();
  }

  /**
   * The largest demand of a step.
   *
   * @return the peak
   */
  public double peak() {
    return Arrays.stream(demand).max().orElse(0);
  }

  /**
   * The sum of all demand.
   *
   * @return total requests
   */
  public double total() {
    return Arrays.stream(demand).sum();
  }

  /**
   * A part of this trace.
   *
   * @param from the first step, inclusive
   * @param to the last step, exclusive
   * @return the steps {@code [from, to)}
   */
  public DemandTrace slice(int from, int to) {
    Objects.checkFromToIndex(from, to, demand.length);
    return new DemandTrace(start.plus(step.multipliedBy(from)), step, Arrays.copyOfRange(demand, from, to));
  }

  /**
   * The per-instance capacity at which the peak step needs exactly {@code instances} instances.
   *
   * @param instances how many instances the peak should need
   * @return {@code peak / instances}
   */
  public double capacityForPeak(int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("the peak needs at least one instance, got " + instances);
    }
    return peak() / instances;
  }

  @Override
  public String toString() {
    return "DemandTrace[" + start + ", " + demand.length + " steps of " + step + ", peak " + peak() + "]";
  }
}
