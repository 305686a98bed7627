package io.immut.core.internal.decision;

import io.immut.api.InstanceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a rollout remembers of its late launch failures (instances the cloud accepted and then
 * reported {@code FAILED}): which failed instances it has counted, how many capacity failures came
 * in a row, until when it holds its launches back, how many instances it launches at a time now,
 * and which zones failed. Lost in a crash, and that is safe: a new rollout starts without backoff
 * and meets the capacity shortage again.
 *
 * @param seen the failed instances already counted
 * @param failures capacity (and other retryable) launch failures since the last success
 * @param retryAt no launch before this instant, or null
 * @param cap the largest launch now, or 0 for no cap
 * @param capSince how many of the target's instances were running when the cap was last set
 * @param avoidZones zones where launches failed for capacity; launches go to the spec's other zones
 */
public record LaunchTrouble(Set<InstanceId> seen, int failures, Instant retryAt, int cap, int capSince,
                            Set<String> avoidZones) {
  /** No trouble yet. */
  public static final LaunchTrouble NONE = new LaunchTrouble(Set.of(), 0, null, 0, 0, Set.of());

  /** Validates and copies the fields. */
  public LaunchTrouble {
    seen = Set.copyOf(Objects.requireNonNull(seen, "seen"));
    avoidZones = Set.copyOf(Objects.requireNonNull(avoidZones, "avoidZones"));
    if (failures < 0 || cap < 0 || capSince < 0) {
      throw new IllegalArgumentException("launch trouble counts must not be negative");
    }
  }

  /**
   * Whether launches are held back at an instant.
   *
   * @param now the instant
   * @return true before {@link #retryAt()}
   */
  public boolean holding(Instant now) {
    return retryAt != null && now.isBefore(retryAt);
  }
}
