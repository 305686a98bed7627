package io.immut.core.scaling;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the autoscaler remembers between steps: the recent recommendations of each target-tracking
 * policy (for the scale-in stabilization window), when the fleet last scaled out and in (for
 * cooldowns), the learned demand profiles, and the learned demand growth of adaptive policies. Immutable: each step returns the next state, so a
 * decision is a pure function of its inputs.
 */
public final class ScalingState {
  private static final ScalingState INITIAL = new ScalingState(Map.of(), null, null, Map.of(), Map.of());

  private final Map<Integer, List<TimedSize>> recommendations;
  private final Instant lastScaleOut;
  private final Instant lastScaleIn;
  private final Map<Integer, DemandProfile> profiles;
  private final Map<Integer, DemandGrowth> growth;

  private ScalingState(Map<Integer, List<TimedSize>> recommendations, Instant lastScaleOut, Instant lastScaleIn,
                       Map<Integer, DemandProfile> profiles, Map<Integer, DemandGrowth> growth) {
    this.recommendations = recommendations;
    this.lastScaleOut = lastScaleOut;
    this.lastScaleIn = lastScaleIn;
    this.profiles = profiles;
    this.growth = growth;
  }

  /**
   * The state of a fleet that has never been scaled.
   *
   * @return the empty state
   */
  public static ScalingState initial() {
    return INITIAL;
  }

  /**
   * When the fleet last scaled out.
   *
   * @return the instant, or null when never
   */
  public Instant lastScaleOut() {
    return lastScaleOut;
  }

  /**
   * When the fleet last scaled in.
   *
   * @return the instant, or null when never
   */
  public Instant lastScaleIn() {
    return lastScaleIn;
  }

  List<TimedSize> recommendations(int policy) {
    return recommendations.getOrDefault(policy, List.of());
  }

  DemandProfile profile(int policy) {
    return profiles.get(policy);
  }

  DemandGrowth growth(int policy) {
    return growth.get(policy);
  }

  /** A builder of the next state. */
  static final class Next {
    private final Map<Integer, List<TimedSize>> recommendations;
    private Instant lastScaleOut;
    private Instant lastScaleIn;
    private final Map<Integer, DemandProfile> profiles;
    private final Map<Integer, DemandGrowth> growth;

    Next(ScalingState from) {
      recommendations = new HashMap<>(from.recommendations);
      lastScaleOut = from.lastScaleOut;
      lastScaleIn = from.lastScaleIn;
      profiles = new HashMap<>(from.profiles);
      growth = new HashMap<>(from.growth);
    }

    void growth(int policy, DemandGrowth model) {
      growth.put(policy, model);
    }

    void recommendations(int policy, List<TimedSize> list) {
      recommendations.put(policy, List.copyOf(list));
    }

    void profile(int policy, DemandProfile profile) {
      profiles.put(policy, profile);
    }

    void scaled(Instant at, int delta) {
      if (delta > 0) {
        lastScaleOut = at;
      } else if (delta < 0) {
        lastScaleIn = at;
      }
    }

    ScalingState build() {
      return new ScalingState(Map.copyOf(recommendations), lastScaleOut, lastScaleIn, Map.copyOf(profiles), Map.copyOf(growth));
    }
  }

  /** One past recommendation. */
  record TimedSize(Instant at, int size) {}
}
