package io.immut.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a launch produced. A launch may come back short (fewer instances than asked, with the
 * reason), and on clouds whose creation is a long-running operation the instances come back
 * {@link io.immut.api.InstanceState#PROVISIONING} and may turn
 * {@link io.immut.api.InstanceState#FAILED} later, which {@code list} reports. The instances that
 * did launch are always listed.
 *
 * @since 0.2
 */
public final class LaunchResult {
  private final LaunchToken token;
  private final int requested;
  private final List<InstanceView> instances;
  private final LaunchFailure shortfall;

  private LaunchResult(LaunchToken token, int requested, List<InstanceView> instances, LaunchFailure shortfall) {
    this.token = Objects.requireNonNull(token, "token");
    this.instances = instances == null ? List.of() : List.copyOf(instances);
    if (requested < 1) {
      throw new IllegalArgumentException("a launch result answers a request of at least one instance, got " + requested);
    }
    if (this.instances.size() < requested && shortfall == null) {
      throw new IllegalArgumentException("a short launch (" + this.instances.size() + " of " + requested + ") must say why");
    }
    this.requested = requested;
    this.shortfall = this.instances.size() < requested ? shortfall : null;
  }

  /**
   * A complete launch.
   *
   * @param request the request
   * @param instances every requested instance
   * @return the result
   */
  public static LaunchResult complete(LaunchRequest request, List<InstanceView> instances) {
    return new LaunchResult(request.token(), request.count(), instances, null);
  }

  /**
   * A launch that came back short.
   *
   * @param request the request
   * @param instances the instances that did launch, maybe none
   * @param why why the rest did not
   * @return the result
   */
  public static LaunchResult partial(LaunchRequest request, List<InstanceView> instances, LaunchFailure why) {
    return new LaunchResult(request.token(), request.count(), instances, Objects.requireNonNull(why, "why"));
  }

  /**
   * The request's token.
   *
   * @return the token
   */
  public LaunchToken token() {
    return token;
  }

  /**
   * How many instances were asked for.
   *
   * @return the count
   */
  public int requested() {
    return requested;
  }

  /**
   * The instances launched under the token (on a retry: those of the first call that still exist).
   *
   * @return the instances
   */
  public List<InstanceView> instances() {
    return instances;
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
   * Why the launch was short.
   *
   * @return the reason, or empty when complete
   */
  public Optional<LaunchFailure> shortfall() {
    return Optional.ofNullable(shortfall);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchResult r && token.equals(r.token) && requested == r.requested
        && instances.equals(r.instances) && Objects.equals(shortfall, r.shortfall);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, requested, instances);
  }

  @Override
  public String toString() {
    return "LaunchResult[token=" + token + ", " + instances.size() + " of " + requested
        + (shortfall == null ? "" : ", short: " + shortfall.reason() + " " + shortfall.message()) + "]";
  }
}
