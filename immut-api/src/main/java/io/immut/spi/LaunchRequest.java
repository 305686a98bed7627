package io.immut.spi;

import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import java.util.Map;
import java.util.Objects;

/**
 * A request to launch instances of one generation. Built with {@link #builder()}; a new field
 * arrives as a builder method with a default.
 *
 * @since 0.2
 */
public final class LaunchRequest {
  private final LaunchToken token;
  private final Ownership ownership;
  private final GenerationSpec spec;
  private final Image image;
  private final int count;

  private LaunchRequest(Builder b) {
    this.token = Objects.requireNonNull(b.token, "token");
    this.ownership = Objects.requireNonNull(b.ownership, "ownership");
    this.spec = Objects.requireNonNull(b.spec, "spec");
    this.image = Objects.requireNonNull(b.image, "image");
    if (b.count < 1) {
      throw new IllegalArgumentException("a launch asks for at least one instance, got " + b.count);
    }
    this.count = b.count;
  }

  /**
   * Starts a builder.
   *
   * @return a builder; token, ownership, spec, image and count are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this request.
   *
   * @return a builder with every field of this request
   */
  public Builder toBuilder() {
    return new Builder().token(token).ownership(ownership).spec(spec).image(image).count(count);
  }

  /**
   * The idempotency token: within the driver's {@link Capabilities#tokenWindow()}, the same token
   * never launches twice.
   *
   * @return the token
   */
  public LaunchToken token() {
    return token;
  }

  /**
   * Whose the instances are: every launched instance carries it, encoded by the driver.
   *
   * @return the ownership
   */
  public Ownership ownership() {
    return ownership;
  }

  /**
   * The fleet and owner the instances belong to.
   *
   * @return the selector
   */
  public FleetSelector selector() {
    return ownership.selector();
  }

  /**
   * The generation's content id.
   *
   * @return the id
   */
  public String generationId() {
    return ownership.generationId();
  }

  /**
   * The generation spec: instance type, user data, volumes, placement, labels.
   *
   * @return the spec
   */
  public GenerationSpec spec() {
    return spec;
  }

  /**
   * The resolved image to boot from.
   *
   * @return the image
   */
  public Image image() {
    return image;
  }

  /**
   * How many instances.
   *
   * @return at least 1
   */
  public int count() {
    return count;
  }

  /**
   * The tags every launched instance (and, where the cloud can, volume) carries, in the given key
   * syntax: the spec's labels, then the ownership, which wins over a label of the same key.
   *
   * @param keys the driver's ownership keys
   * @return the tags
   */
  public Map<String, String> tags(OwnershipKeys keys) {
    return keys.tags(spec.labels(), ownership);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchRequest r && token.equals(r.token) && ownership.equals(r.ownership) && spec.equals(r.spec)
        && image.equals(r.image) && count == r.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, ownership, count);
  }

  @Override
  public String toString() {
    return "LaunchRequest[token=" + token + ", " + ownership + ", count=" + count + ", type=" + spec.instanceType()
        + ", image=" + image.id() + "]";
  }

  /** Builds a {@link LaunchRequest}. */
  public static final class Builder {
    private LaunchToken token;
    private Ownership ownership;
    private GenerationSpec spec;
    private Image image;
    private int count;

    private Builder() {}

    /**
     * Sets the token.
     *
     * @param token the idempotency token
     * @return this builder
     */
    public Builder token(LaunchToken token) {
      this.token = token;
      return this;
    }

    /**
     * Sets the ownership.
     *
     * @param ownership whose the instances are
     * @return this builder
     */
    public Builder ownership(Ownership ownership) {
      this.ownership = ownership;
      return this;
    }

    /**
     * Sets the generation spec.
     *
     * @param spec the spec
     * @return this builder
     */
    public Builder spec(GenerationSpec spec) {
      this.spec = spec;
      return this;
    }

    /**
     * Sets the image.
     *
     * @param image the resolved image
     * @return this builder
     */
    public Builder image(Image image) {
      this.image = image;
      return this;
    }

    /**
     * Sets the count.
     *
     * @param count how many instances, at least 1
     * @return this builder
     */
    public Builder count(int count) {
      this.count = count;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public LaunchRequest build() {
      return new LaunchRequest(this);
    }
  }
}
