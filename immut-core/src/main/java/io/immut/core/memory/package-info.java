/**
 * The in-memory cloud: the {@code memory} driver, a faithful simulator of a cloud for demos, tests
 * and simulations.
 *
 * <p>{@link io.immut.core.memory.MemoryCloud} holds the cloud's instances and answers the
 * {@link io.immut.core.memory.MemoryDriver}s that view it. Instances boot, turn healthy or not, cost
 * money, meet quotas and capacity limits and show up in listings late, all as functions of the
 * cloud's {@link io.immut.core.clock.Clock}; on a {@link io.immut.core.clock.VirtualClock} a long rollout runs in
 * milliseconds. {@link io.immut.core.memory.Faults} injects failures by rate or by schedule,
 * deterministically under the seed; {@link io.immut.core.memory.CallCounts} counts every call;
 * {@link io.immut.core.memory.Mutation} models drift; {@link io.immut.core.memory.CloudBehaviour}
 * chooses whose semantics the cloud follows (cloud-neutral, EC2, Azure, Compute Engine), and
 * {@link io.immut.core.memory.MemoryCloud#leftovers()} lists what terminations left behind. The
 * {@link io.immut.core.memory.MemoryDriverProvider} makes the cloud available by name,
 * configured from a {@link io.immut.spi.DriverConfig}.
 */
package io.immut.core.memory;
