package io.immut.testkit.conformance;

/**
 * The {@link io.immut.spi.CloudDriver} operations a {@link CloudFixture} may be asked to make fail
 * with {@link CloudFixture#provoke(ErrorKind, DriverOperation)}.
 */
public enum DriverOperation {
  /** {@link io.immut.spi.CloudDriver#resolveImage}. */
  RESOLVE_IMAGE,
  /** {@link io.immut.spi.CloudDriver#launch}. */
  LAUNCH,
  /** {@link io.immut.spi.CloudDriver#terminate}. */
  TERMINATE,
  /** {@link io.immut.spi.CloudDriver#list}. */
  LIST,
  /** {@link io.immut.spi.CloudDriver#inspect}. */
  INSPECT
}
