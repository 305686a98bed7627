package io.immut.spi;

import io.immut.api.ImmutException;
import java.util.Objects;

/**
 * A {@link MetricsSource} could not answer. The {@link #kind()} says what the caller can do: the
 * autoscaler holds the fleet's size while a metric is unavailable and retries on its next step;
 * it reports the query as broken when the query itself is wrong.
 */
public class MetricsException extends ImmutException {
  private static final long serialVersionUID = 1L;

  /** Why a source could not answer. */
  public enum Kind {
    /** The source could not be reached (connection refused, DNS, reset). Retryable. */
    UNREACHABLE(true),
    /** The source did not answer in time. Retryable. */
    TIMEOUT(true),
    /** The source is up but cannot serve now (HTTP 503, overloaded). Retryable. */
    UNAVAILABLE(true),
    /** The query is not valid for the source (a syntax error, HTTP 400). Fix the query. */
    BAD_QUERY(false),
    /** The query is valid but could not be evaluated (HTTP 422, too many samples). Fix the query or its range. */
    EXECUTION(false),
    /** The query returned several series where one is needed. Aggregate it, with sum() or avg(). */
    AMBIGUOUS(false),
    /** The source refused the credentials (HTTP 401, 403). Fix them. */
    AUTH(false),
    /** The source answered something that is not its API's answer (another server on that address?). */
    BAD_RESPONSE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /**
     * Whether the same query may succeed later without any change.
     *
     * @return true for unreachable, timeout and unavailable
     */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String source;
  private final String query;

  /**
   * Creates the exception.
   *
   * @param kind why the source could not answer
   * @param source the source's name and address, without credentials
   * @param query the query that failed, or null
   * @param message what happened and what to do
   * @param cause the underlying error, or null
   */
  public MetricsException(Kind kind, String source, String query, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.source = source;
    this.query = query;
  }

  /**
   * Why the source could not answer.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The source's name and address.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * The query that failed.
   *
   * @return the query, or null when the failure concerned no query
   */
  public String query() {
    return query;
  }

  /**
   * Whether the same call may succeed later without any change.
   *
   * @return {@code kind().retryable()}
   */
  public boolean retryable() {
    return kind.retryable();
  }
}
