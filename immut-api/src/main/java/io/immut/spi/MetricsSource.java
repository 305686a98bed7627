package io.immut.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the autoscaler reads its signals: a second SPI, separate from {@link CloudDriver}, so that
 * a fleet on one cloud can scale on metrics kept elsewhere. immut ships an in-memory source (fed
 * by the program or replayed from a trace) and a Prometheus source; a cloud's monitoring service
 * is another implementation of the same two calls.
 *
 * <p>A query is whatever the source understands (a series name, a PromQL expression) and must
 * denote <b>one</b> series: a query that returns several is an error of kind
 * {@link MetricsException.Kind#AMBIGUOUS}, never silently reduced.
 *
 * <p>The contract every source keeps:
 * <ul>
 *   <li>{@link #latest} and {@link #range} never return values after the instant(s) asked for;</li>
 *   <li>no data is an empty answer, not an error;</li>
 *   <li>failures are {@link MetricsException}s, classified once at the edge by
 *       {@link MetricsException.Kind}, so the autoscaler knows whether to retry or to hold;</li>
 *   <li>methods may be called from several threads.</li>
 * </ul>
 */
public interface MetricsSource extends AutoCloseable {

  /**
   * The source's name, for messages: {@code memory}, {@code prometheus}.
   *
   * @return the name
   */
  String name();

  /**
   * The latest value of a query at an instant: the last sample at or before {@code at} (within
   * the source's staleness limit, if it has one).
   *
   * @param query the query
   * @param at the instant
   * @return the sample, or empty when there is no data
   * @throws MetricsException when the source cannot answer
   */
  Optional<MetricSample> latest(String query, Instant at);

  /**
   * The values of a query between two instants, in ascending time. A source that evaluates at
   * steps (Prometheus) answers one sample per {@code step}; a source that stores raw samples may
   * return them all.
   *
   * @param query the query
   * @param from the first instant, inclusive
   * @param to the last instant, inclusive
   * @param step the resolution wanted, positive
   * @return the samples, possibly empty
   * @throws MetricsException when the source cannot answer
   */
  List<MetricSample> range(String query, Instant from, Instant to, Duration step);

  /** Releases the source's clients. Idempotent. */
  @Override
  default void close() {}
}
