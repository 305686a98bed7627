/** Rollout and autoscaling benchmarks, run by hand; figures in docs/performance.md. */
module io.immut.benchmarks {
  requires io.immut.core;
  requires io.immut.postgres;
  requires io.immut.testpostgres;
  requires com.zaxxer.hikari;
  requires java.management;
  requires jdk.management;

  exports io.immut.benchmarks;
}
