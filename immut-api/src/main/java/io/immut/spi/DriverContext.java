package io.immut.spi;

import java.util.Objects;

/**
 * What the engine hands a driver when it opens it: today its clock. New parts arrive as new
 * accessors with defaults, so a driver compiled against this version keeps working.
 *
 * @since 0.2
 */
public final class DriverContext {
  private static final DriverContext SYSTEM = builder().build();
  private final DriverClock clock;

  private DriverContext(Builder b) {
    this.clock = b.clock;
  }

  /**
   * A context on the system clock.
   *
   * @return the context
   */
  public static DriverContext system() {
    return SYSTEM;
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The engine's clock: a driver's waits run on it.
   *
   * @return the clock
   */
  public DriverClock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "DriverContext[clock=" + clock + "]";
  }

  /** Builds a {@link DriverContext}. */
  public static final class Builder {
    private DriverClock clock = DriverClock.system();

    private Builder() {}

    /**
     * Sets the clock.
     *
     * @param clock the engine's clock
     * @return this builder
     */
    public Builder clock(DriverClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public DriverContext build() {
      return new DriverContext(this);
    }
  }
}
