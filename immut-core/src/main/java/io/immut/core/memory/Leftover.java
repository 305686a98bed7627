package io.immut.core.memory;

import io.immut.api.InstanceId;
import java.util.Map;
import java.util.Objects;

/**
 * A resource that outlived the instance it was created with: a volume without delete-on-termination
 * (an Azure disk whose {@code deleteOption} is not {@code Delete}, a GCE disk without
 * {@code autoDelete}), a network interface, a static address. Real clouds keep these, and bill them,
 * until someone deletes them; {@link MemoryCloud#leftovers()} lists them so that a test can assert
 * that nothing leaked.
 *
 * @param kind what it is
 * @param id the cloud's id or name of it
 * @param instance the instance it was attached to
 * @param tags its tags (the ownership tags of its instance, where the cloud tags it)
 * @since 0.2
 */
public record Leftover(Kind kind, String id, InstanceId instance, Map<String, String> tags) {
  /** Validates and copies the fields. */
  public Leftover {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instance, "instance");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The kinds of resource a terminated instance can leave. */
  public enum Kind {
    /** A disk or block volume. */
    VOLUME,
    /** A network interface (Azure's NICs are resources of their own). */
    NETWORK_INTERFACE,
    /** A static (elastic, reserved) public address. */
    ADDRESS
  }
}
