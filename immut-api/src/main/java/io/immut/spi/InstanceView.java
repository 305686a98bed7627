package io.immut.spi;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One owned instance as the driver sees it: the raw facts the engine compares with the desired
 * state. Built with {@link #builder()}; a new field arrives as a new builder method with a default,
 * so drivers keep compiling.
 *
 * @since 0.2
 */
public final class InstanceView {
  private final InstanceId id;
  private final Ownership ownership;
  private final InstanceState state;
  private final HealthStatus health;
  private final String instanceType;
  private final String imageId;
  private final Map<String, String> tags;
  private final String zone;
  private final Instant launchedAt;
  private final String privateAddress;
  private final String publicAddress;
  private final LaunchFailure failure;

  private InstanceView(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.ownership = Objects.requireNonNull(b.ownership, "ownership");
    this.state = Objects.requireNonNull(b.state, "state");
    this.health = b.health == null ? HealthStatus.UNKNOWN : b.health;
    this.instanceType = b.instanceType;
    this.imageId = b.imageId;
    this.tags = b.tags == null ? Map.of() : Map.copyOf(b.tags);
    this.zone = b.zone;
    this.launchedAt = b.launchedAt;
    this.privateAddress = b.privateAddress;
    this.publicAddress = b.publicAddress;
    if (state == InstanceState.FAILED && b.failure == null) {
      throw new IllegalArgumentException("instance " + id + " is FAILED: say why (failure)");
    }
    this.failure = state == InstanceState.FAILED ? b.failure : null;
  }

  /**
   * Starts a builder.
   *
   * @return a builder; id, ownership and state are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this view.
   *
   * @return a builder with every field of this view
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.ownership = ownership;
    b.state = state;
    b.health = health;
    b.instanceType = instanceType;
    b.imageId = imageId;
    b.tags = tags;
    b.zone = zone;
    b.launchedAt = launchedAt;
    b.privateAddress = privateAddress;
    b.publicAddress = publicAddress;
    b.failure = failure;
    return b;
  }

  /**
   * The cloud's instance id.
   *
   * @return the id
   */
  public InstanceId id() {
    return id;
  }

  /**
   * Whose it is, decoded from its tags or labels.
   *
   * @return the ownership
   */
  public Ownership ownership() {
    return ownership;
  }

  /**
   * The life-cycle state, mapped from the cloud's.
   *
   * @return the state
   */
  public InstanceState state() {
    return state;
  }

  /**
   * The cloud's own status checks.
   *
   * @return the health, {@link HealthStatus#UNKNOWN} when the cloud has none
   */
  public HealthStatus health() {
    return health;
  }

  /**
   * The instance type it runs as now.
   *
   * @return the type, or null when not reported
   */
  public String instanceType() {
    return instanceType;
  }

  /**
   * The id of the image it runs.
   *
   * @return the image id, or null when not reported
   */
  public String imageId() {
    return imageId;
  }

  /**
   * Its other tags or labels: those a user gave, without the ownership tags.
   *
   * @return the labels
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * Its zone.
   *
   * @return the zone, or null
   */
  public String zone() {
    return zone;
  }

  /**
   * When it was launched.
   *
   * @return the launch time, or null when not reported
   */
  public Instant launchedAt() {
    return launchedAt;
  }

  /**
   * Its private address.
   *
   * @return the address, or null
   */
  public String privateAddress() {
    return privateAddress;
  }

  /**
   * Its public address.
   *
   * @return the address, or null
   */
  public String publicAddress() {
    return publicAddress;
  }

  /**
   * Why it failed, when its state is {@link InstanceState#FAILED}.
   *
   * @return the failure, or empty
   */
  public Optional<LaunchFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Its generation's content id.
   *
   * @return the generation id
   */
  public String generationId() {
    return ownership.generationId();
  }

  /**
   * Its fleet's name.
   *
   * @return the fleet
   */
  public String fleet() {
    return ownership.fleet();
  }

  /**
   * This view in another state (a fake cloud's or a test's convenience).
   *
   * @param newState the state
   * @return a copy in that state
   */
  public InstanceView withState(InstanceState newState) {
    return toBuilder().state(newState).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstanceView v && id.equals(v.id) && ownership.equals(v.ownership) && state == v.state
        && health == v.health && Objects.equals(instanceType, v.instanceType) && Objects.equals(imageId, v.imageId)
        && tags.equals(v.tags) && Objects.equals(zone, v.zone) && Objects.equals(launchedAt, v.launchedAt)
        && Objects.equals(privateAddress, v.privateAddress) && Objects.equals(publicAddress, v.publicAddress)
        && Objects.equals(failure, v.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, ownership, state, health, instanceType, imageId, zone, launchedAt);
  }

  @Override
  public String toString() {
    return "InstanceView[" + id + " " + ownership.fleet() + "/" + ownership.generationId() + " " + state + " " + health
        + (zone == null ? "" : " " + zone) + (failure == null ? "" : " " + failure.reason() + ": " + failure.message())
        + "]";
  }

  /** Builds an {@link InstanceView}. */
  public static final class Builder {
    private InstanceId id;
    private Ownership ownership;
    private InstanceState state;
    private HealthStatus health;
    private String instanceType;
    private String imageId;
    private Map<String, String> tags;
    private String zone;
    private Instant launchedAt;
    private String privateAddress;
    private String publicAddress;
    private LaunchFailure failure;

    private Builder() {}

    /**
     * Sets the cloud's instance id.
     *
     * @param id the cloud's instance id
     * @return this builder
     */
    public Builder id(InstanceId id) {
      this.id = id;
      return this;
    }

    /**
     * Sets whose it is.
     *
     * @param ownership whose it is
     * @return this builder
     */
    public Builder ownership(Ownership ownership) {
      this.ownership = ownership;
      return this;
    }

    /**
     * Sets the mapped state.
     *
     * @param state the mapped state
     * @return this builder
     */
    public Builder state(InstanceState state) {
      this.state = state;
      return this;
    }

    /**
     * Sets the cloud's status checks.
     *
     * @param health the cloud's status checks
     * @return this builder
     */
    public Builder health(HealthStatus health) {
      this.health = health;
      return this;
    }

    /**
     * Sets the type it runs as.
     *
     * @param instanceType the type it runs as
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /**
     * Sets the image it runs.
     *
     * @param imageId the image it runs
     * @return this builder
     */
    public Builder imageId(String imageId) {
      this.imageId = imageId;
      return this;
    }

    /**
     * Sets its labels, without the ownership tags.
     *
     * @param tags its labels, without the ownership tags (those are dropped if present)
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    /**
     * Sets its zone.
     *
     * @param zone its zone
     * @return this builder
     */
    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Sets when it was launched.
     *
     * @param launchedAt when it was launched
     * @return this builder
     */
    public Builder launchedAt(Instant launchedAt) {
      this.launchedAt = launchedAt;
      return this;
    }

    /**
     * Sets its private address.
     *
     * @param privateAddress its private address
     * @return this builder
     */
    public Builder privateAddress(String privateAddress) {
      this.privateAddress = privateAddress;
      return this;
    }

    /**
     * Sets its public address.
     *
     * @param publicAddress its public address
     * @return this builder
     */
    public Builder publicAddress(String publicAddress) {
      this.publicAddress = publicAddress;
      return this;
    }

    /**
     * Sets why it failed.
     *
     * @param failure why it failed; required when the state is FAILED
     * @return this builder
     */
    public Builder failure(LaunchFailure failure) {
      this.failure = failure;
      return this;
    }

    /**
     * Builds the view.
     *
     * @return the view
     * @throws NullPointerException when id, ownership or state is missing
     * @throws IllegalArgumentException when a FAILED instance has no failure
     */
    public InstanceView build() {
      return new InstanceView(this);
    }
  }
}
