package io.immut.core.internal.decision;

import io.immut.spi.LaunchFailure;
import java.util.List;
import java.util.Objects;

/**
 * What the decision function answered at one step.
 *
 * @param actions what to do now, in order (deregistrations before terminations)
 * @param progress the progress to hand to the next decision
 * @param phase where the rollout stands
 * @param fraction how far it is, from 0 to 1
 * @param reason why it failed, or what it waits for; empty otherwise
 * @param promotionUsed whether a requested promotion was used by this decision
 * @param stoppedBy with {@link Phase#LAUNCH_FAILED}: the kind of launch failure that stopped the
 *     rollout; null otherwise
 */
public record Decision(List<Action> actions, Progress progress, Phase phase, double fraction, String reason,
                       boolean promotionUsed, LaunchFailure.Reason stoppedBy) {
  /** Validates and copies the fields. */
  public Decision {
    actions = List.copyOf(actions);
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(phase, "phase");
    reason = reason == null ? "" : reason;
  }

  /**
   * A decision that no launch failure stopped.
   *
   * @param actions what to do now
   * @param progress the progress
   * @param phase where the rollout stands
   * @param fraction how far it is
   * @param reason why it failed, or what it waits for
   * @param promotionUsed whether a requested promotion was used
   */
  public Decision(List<Action> actions, Progress progress, Phase phase, double fraction, String reason,
                  boolean promotionUsed) {
    this(actions, progress, phase, fraction, reason, promotionUsed, null);
  }

  /**
   * The actions of one type.
   *
   * @param type the action type
   * @param <A> the type
   * @return those actions, in order
   */
  public <A extends Action> List<A> actionsOf(Class<A> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
