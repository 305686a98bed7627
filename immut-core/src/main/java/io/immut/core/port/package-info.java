/**
 * The engine's ports beside the driver: the {@link io.immut.core.port.FleetLeases fleet lease} (who
 * may act on a fleet now, with a fencing token every write carries), the
 * {@link io.immut.core.port.FleetCommands fleet commands} (promote, abort, roll back, pause, as data
 * any process may send and the lease holder polls) and the
 * {@link io.immut.core.port.GenerationLifecycle generation lifecycle} (begin, mark live, fail, roll
 * back; what is live and what is being rolled in). Each is a small interface so that a shared store
 * (PostgreSQL) can implement it; the package {@code local} beside this one holds the implementations
 * for one host, which {@code Immut} uses unless its builder is given others.
 *
 * @since 0.2
 */
package io.immut.core.port;
