/**
 * The immut command-line tool ({@link io.immut.cli.Main}): plan, apply, status, history, rollback,
 * promote, abort, check, cost and simulate from a terminal or a CI step, and the {@code sandbox}
 * driver, an in-memory cloud kept in a directory to learn on. Runs from its shaded jar on the class
 * path; this descriptor is for the compiler and for tools that read modules.
 */
module io.immut.cli {
  requires io.immut.core;
  requires io.immut.postgres;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;

  exports io.immut.cli;
  opens io.immut.cli.internal to info.picocli;

  uses io.immut.spi.CloudDriverProvider;
  provides io.immut.spi.CloudDriverProvider with io.immut.cli.internal.sandbox.SandboxDriverProvider;
}
