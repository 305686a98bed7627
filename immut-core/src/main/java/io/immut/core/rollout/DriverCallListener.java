package io.immut.core.rollout;

/**
 * Told about every call the engine makes to its cloud driver, on the calling thread; the seam for
 * metrics of calls and throttles by operation ({@code immut-micrometer} binds one to a
 * {@code MeterRegistry}). Set with {@code Immut.builder().driverCallListener(...)}. It must be
 * quick and must not throw: an exception it throws is logged and otherwise ignored.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface DriverCallListener {

  /** A listener that ignores every call. */
  DriverCallListener NONE = call -> { };

  /**
   * Called after each driver call.
   *
   * @param call what was called and how it ended
   */
  void onCall(DriverCall call);
}
