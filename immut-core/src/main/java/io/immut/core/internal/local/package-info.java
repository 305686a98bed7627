/**
 * The engine ports' implementations for one host: leases held in this JVM and, for clouds other
 * processes can see, file locks in a directory; commands in this JVM or as files in that
 * directory; the generation lifecycle over a {@link io.immut.core.history.GenerationStore}.
 *
 * @since 0.2
 */
package io.immut.core.internal.local;
