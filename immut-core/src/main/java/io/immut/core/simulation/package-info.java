/**
 * Trace replay: a demand trace ({@link io.immut.core.simulation.DemandTrace}) replayed through a
 * fleet on the in-memory cloud, in virtual time, under a scaling policy
 * ({@link io.immut.core.simulation.SizingPolicy}: a fleet's own autoscaled capacity through
 * {@link io.immut.core.simulation.AutoscaledPolicy}, or the baselines
 * {@link io.immut.core.simulation.KubernetesHpa} and {@link io.immut.core.simulation.AwsTargetTracking}),
 * measured against an {@link io.immut.core.simulation.Oracle} by
 * {@link io.immut.core.simulation.TraceReplay} and drawn by {@link io.immut.core.simulation.ReplayChart}.
 */
package io.immut.core.simulation;
