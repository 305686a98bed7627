/**
 * State externalization checks: find the state a replacement would destroy, before the
 * replacement.
 *
 * <p>{@link io.immut.core.state.StateCheck} reads a fleet spec (volumes, state bindings, user data)
 * and the live instances a rollout is about to terminate, and returns a
 * {@link io.immut.core.state.StateReport} of {@link io.immut.core.state.Finding}s, each with a
 * stable rule id ({@link io.immut.core.state.Rules}, {@code userdata.*}), a severity, a subject,
 * what would be lost and what to do. A rollout refuses to start with a
 * {@link io.immut.core.state.StateBlockedException} while an unacknowledged
 * {@link io.immut.core.state.Severity#BLOCKER} is present. User data rules are data
 * ({@link io.immut.core.state.SmellRule}). See {@code docs/state.md}.
 */
package io.immut.core.state;
