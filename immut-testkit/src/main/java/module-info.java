/**
 * Testing with immut: the JUnit 5 extension {@code @ImmutTest} (an in-memory cloud on a virtual
 * clock, and an {@code Immut} on it) with AssertJ assertions, and the driver conformance suite
 * ({@code io.immut.testkit.conformance}) every driver passes.
 */
module io.immut.testkit {
  requires transitive io.immut.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires org.junit.platform.commons;

  exports io.immut.testkit;
  exports io.immut.testkit.conformance;

  opens io.immut.testkit.conformance to org.junit.platform.commons;
}
