/**
 * What a {@link io.immut.core.FleetController} reports: its {@link io.immut.core.controller.ControllerHealth health}
 * (per fleet: last successful reconcile, errors, lease state) and its
 * {@link io.immut.core.controller.ControllerEvent events} for metrics and logs.
 *
 * @since 0.2
 */
package io.immut.core.controller;
