/**
 * The fleet controller's implementation: the choice of each reconcile ({@link io.immut.core.internal.controller.WorkChoice}),
 * the order fleets are reconciled in ({@link io.immut.core.internal.controller.ReconcileSchedule}), the watched spec
 * directory, and the runtime with its bounded pools. Talks to the engine through {@link io.immut.core.internal.controller.FleetEngine}
 * only, so that it never points back at {@code io.immut.core}.
 */
package io.immut.core.internal.controller;
