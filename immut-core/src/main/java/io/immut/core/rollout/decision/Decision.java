package io.immut.core.rollout.decision;

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
 */
public record Decision(List<Action> actions, Progress progress, Phase phase, double fraction, String reason,
                       boolean promotionUsed) {
  /** Validates and copies the fields. */
  public Decision {
    actions = List.copyOf(actions);
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(phase, "phase");
    reason = reason == null ? "" : reason;
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
