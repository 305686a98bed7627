package io.immut.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a launch produced. A launch may come back short: fewer instances than asked for, with the
 * reason. The instances that did launch are always listed.
 *
 * @param token the request's token
 * @param requested how many instances were asked for
 * @param instances the instances launched under the token (on a retry: those of the first call)
 * @param shortfall why fewer than requested were launched, or null when none are missing
 */
public record LaunchResult(String token, int requested, List<InstanceView> instances, Shortfall shortfall) {

  /** Validates and copies the fields. */
  public LaunchResult {
    Objects.requireNonNull(token, "token");
    instances = instances == null ? List.of() : List.copyOf(instances);
    if (instances.size() < requested && shortfall == null) {
      throw new IllegalArgumentException("a short launch (" + instances.size() + " of " + requested + ") must say why");
    }
  }

  /**
   * A complete launch.
   *
   * @param token the token
   * @param instances all requested instances
   * @return the result
   */
  public static LaunchResult complete(String token, List<InstanceView> instances) {
    return new LaunchResult(token, instances.size(), instances, null);
  }

  /**
   * Whether fewer instances than requested were launched.
   *
   * @return true when short
   */
  public boolean isShort() {
    return instances.size() < requested;
  }

  /**
   * Returns why the launch was short.
   *
   * @return the shortfall, or empty when complete
   */
  public Optional<Shortfall> shortfallReason() {
    return Optional.ofNullable(shortfall);
  }

  /** Why a launch came back short. */
  public enum Reason {
    /** The cloud had no capacity of that type in that place. */
    CAPACITY,
    /** An account quota or limit was reached. */
    QUOTA,
    /** Another reason the driver explains in the message. */
    OTHER
  }

  /**
   * The reason of a short launch.
   *
   * @param reason the kind of reason
   * @param message the cloud's words, for humans
   */
  public record Shortfall(Reason reason, String message) {
    /** Validates the fields. */
    public Shortfall {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
