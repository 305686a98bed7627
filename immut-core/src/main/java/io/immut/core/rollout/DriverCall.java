package io.immut.core.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * One call the engine made to its cloud driver, retries counted as calls of their own: what a
 * {@link DriverCallListener} receives, for metrics.
 *
 * @param fleet the fleet the call was made for, or null when it was made for none (a status read
 *     outside a rollout, say)
 * @param operation the driver operation: {@code launch}, {@code terminate}, {@code list},
 *     {@code inspect}, {@code resolveImage}, {@code register}, {@code deregister}, {@code trafficHealth}
 * @param mutating whether the call changes the cloud (launch, terminate, register, deregister)
 * @param outcome how it ended
 * @param latency how long it took, on the engine's clock (zero in virtual time unless the cloud
 *     simulates latency)
 * @since 0.2
 */
public record DriverCall(String fleet, String operation, boolean mutating, Outcome outcome, Duration latency) {

  /** Validates the fields. */
  public DriverCall {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(latency, "latency");
  }

  /** How a driver call ended. */
  public enum Outcome {
    /** The cloud answered (a not-found answer included). */
    SUCCEEDED,
    /** The cloud throttled the call; it is retried after a backoff and the rate limit is cut. */
    THROTTLED,
    /** A transient error; the call is retried after a backoff. */
    TRANSIENT,
    /** Any other error (quota, capacity, refused, rejected). */
    FAILED
  }
}
