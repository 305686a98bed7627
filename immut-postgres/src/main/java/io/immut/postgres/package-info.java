/**
 * The PostgreSQL fleet store: {@link io.immut.postgres.PostgresFleetStore} gives the engine's
 * three shared ports (fleet leases with fencing tokens, fleet commands, the generation lifecycle
 * and history) over one database, configured by {@link io.immut.postgres.PostgresConfig}.
 *
 * @since 0.2
 */
package io.immut.postgres;
