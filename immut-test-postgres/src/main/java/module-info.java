/**
 * Build support, not published: a throwaway PostgreSQL cluster for the tests of immut-postgres and
 * immut-cli and for the benchmarks ({@link io.immut.testpostgres.ThrowawayPostgres}).
 */
module io.immut.testpostgres {
  requires java.sql;

  exports io.immut.testpostgres;
}
