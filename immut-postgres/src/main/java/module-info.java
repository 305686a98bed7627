/**
 * Fleet leases with fencing tokens, fleet commands and the generation history in PostgreSQL, for
 * many engines on many hosts: {@link io.immut.postgres.PostgresFleetStore}. Packages under
 * {@code io.immut.postgres.internal} are the implementation and not exported.
 */
module io.immut.postgres {
  requires transitive io.immut.core;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports io.immut.postgres;
}
