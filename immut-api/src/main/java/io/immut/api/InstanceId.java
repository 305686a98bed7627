package io.immut.api;

import java.util.Objects;

/**
 * The cloud's id of one instance ({@code i-0abc…}, an Azure VM resource id, a GCE instance name).
 *
 * @param value the id; never blank
 */
public record InstanceId(String value) implements Comparable<InstanceId> {

  /** Validates the id. */
  public InstanceId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an instance id must not be blank");
    }
  }

  /**
   * Creates an id.
   *
   * @param value the cloud's id
   * @return the instance id
   */
  public static InstanceId of(String value) {
    return new InstanceId(value);
  }

  @Override
  public int compareTo(InstanceId o) {
    return value.compareTo(o.value);
  }

  /** Returns the id itself. */
  @Override
  public String toString() {
    return value;
  }
}
