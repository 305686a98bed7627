package io.immut.core.memory;

/** The calls the in-memory cloud answers, as counted by {@link CallCounts} and targeted by {@link Faults}. */
public enum Operation {
  /** {@code CloudDriver.resolveImage}. */
  RESOLVE_IMAGE("resolveImage", false),
  /** {@code CloudDriver.launch}. */
  LAUNCH("launch", true),
  /** One terminate call to the cloud; {@code CloudDriver.terminate} makes one per batch. */
  TERMINATE("terminate", true),
  /** {@code CloudDriver.list}. */
  LIST("list", false),
  /** {@code CloudDriver.inspect}. */
  INSPECT("inspect", false),
  /** {@code TrafficRouter.register}. */
  TRAFFIC_REGISTER("traffic.register", true),
  /** {@code TrafficRouter.deregister}. */
  TRAFFIC_DEREGISTER("traffic.deregister", true),
  /** {@code TrafficRouter.health}. */
  TRAFFIC_HEALTH("traffic.health", false);

  private final String apiName;
  private final boolean mutating;

  Operation(String apiName, boolean mutating) {
    this.apiName = apiName;
    this.mutating = mutating;
  }

  /**
   * The operation's name as it appears in a {@link io.immut.spi.DriverException#operation()}.
   *
   * @return the name, such as {@code launch}
   */
  public String apiName() {
    return apiName;
  }

  /**
   * Whether the call changes the cloud: launch, terminate and traffic (de)registration.
   *
   * @return true for the mutating operations
   */
  public boolean isMutating() {
    return mutating;
  }
}
