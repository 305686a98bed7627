package io.immut.testkit.conformance;

import io.immut.spi.DriverException;

/**
 * The classes of backend error the conformance suite provokes through
 * {@link CloudFixture#provoke(ErrorKind, DriverOperation)}, each with the {@link DriverException}
 * type a driver must map it to. Not-found errors need no provoking: the suite asks for an unknown
 * image and an unknown instance.
 */
public enum ErrorKind {
  /** The backend throttles the caller (EC2 {@code RequestLimitExceeded}, HTTP 429). */
  THROTTLED(DriverException.Throttled.class),
  /** A failure that may pass by itself (HTTP 5xx, a dropped connection, a timeout). */
  TRANSIENT(DriverException.Transient.class),
  /** An account quota or limit is reached (EC2 {@code InstanceLimitExceeded}). */
  QUOTA(DriverException.QuotaExceeded.class),
  /** No capacity of the type in the place right now (EC2 {@code InsufficientInstanceCapacity}). */
  CAPACITY(DriverException.CapacityUnavailable.class),
  /** The backend rejects the request as malformed or impossible (HTTP 400). */
  INVALID_REQUEST(DriverException.InvalidRequest.class),
  /** The credentials are refused or lack a permission (HTTP 401 / 403, {@code UnauthorizedOperation}). */
  AUTH(DriverException.AuthFailed.class);

  private final Class<? extends DriverException> mapsTo;

  ErrorKind(Class<? extends DriverException> mapsTo) {
    this.mapsTo = mapsTo;
  }

  /**
   * The exception type a driver must throw for this kind of backend error.
   *
   * @return the {@link DriverException} subtype
   */
  public Class<? extends DriverException> mapsTo() {
    return mapsTo;
  }
}
