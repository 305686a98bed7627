package io.immut.testkit.conformance;

/**
 * How long one driver (and its fixture) lives in a {@link CloudDriverConformance} run. Chosen by
 * overriding {@link CloudDriverConformance#driverScope()}.
 */
public enum DriverScope {
  /**
   * A new driver and fixture for every test, closed after it: tests cannot see each other's
   * instances. The default, and the right choice for in-process backends.
   */
  PER_TEST,
  /**
   * One driver and fixture for the whole test class, closed when the class is done: for backends
   * that are slow to set up (a local server speaking a cloud's protocol). Each test still
   * terminates what it launched, and uses fleet names of its own.
   */
  PER_CLASS
}
