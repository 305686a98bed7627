package io.immut.driver.aws;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import io.immut.spi.OwnershipKeys;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Maps EC2's instances and states to the driver SPI's views. */
final class InstanceMapping {
  private InstanceMapping() {}

  /**
   * The view of an EC2 instance, its health {@link HealthStatus#UNKNOWN}: EC2 reports status checks
   * in another call, which {@link StatusChecks} adds to listings.
   */
  static java.util.Optional<InstanceView> view(Instance i) {
    Map<String, String> tags = tags(i.tags());
    return OwnershipKeys.COLON.decode(tags).map(ownership -> InstanceView.builder().id(InstanceId.of(i.instanceId()))
        .ownership(ownership).state(state(i)).health(HealthStatus.UNKNOWN).instanceType(i.instanceTypeAsString())
        .imageId(i.imageId()).tags(OwnershipKeys.COLON.labels(tags))
        .zone(i.placement() == null ? null : i.placement().availabilityZone()).launchedAt(i.launchTime())
        .privateAddress(i.privateIpAddress()).publicAddress(i.publicIpAddress()).build());
  }

  /** EC2's state by name, or by its code when the name is one this SDK does not know. */
  static InstanceState state(Instance i) {
    if (i.state() == null) {
      return InstanceState.PROVISIONING;
    }
    InstanceStateName name = i.state().name();
    if (name != null && name != InstanceStateName.UNKNOWN_TO_SDK_VERSION) {
      return state(name);
    }
    Integer code = i.state().code();
    return switch (code == null ? 0 : code & 0xff) {
      case 16 -> InstanceState.RUNNING;
      case 32 -> InstanceState.TERMINATING;
      case 48 -> InstanceState.DELETED;
      case 64 -> InstanceState.STOPPING;
      case 80 -> InstanceState.STOPPED;
      default -> InstanceState.PROVISIONING;
    };
  }

  /** Maps one EC2 state name. */
  static InstanceState state(InstanceStateName name) {
    return switch (name) {
      case PENDING -> InstanceState.PROVISIONING;
      case RUNNING -> InstanceState.RUNNING;
      case SHUTTING_DOWN -> InstanceState.TERMINATING;
      case TERMINATED -> InstanceState.DELETED;
      case STOPPING -> InstanceState.STOPPING;
      case STOPPED -> InstanceState.STOPPED;
      default -> InstanceState.PROVISIONING;
    };
  }

  /** The EC2 state names of an SPI state. */
  static String stateName(InstanceState state) {
    return switch (state) {
      case PROVISIONING, FAILED -> "pending";
      case RUNNING -> "running";
      case STOPPING -> "stopping";
      case STOPPED -> "stopped";
      case TERMINATING -> "shutting-down";
      case DELETED -> "terminated";
    };
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new TreeMap<>();
    if (tags != null) {
      for (Tag t : tags) {
        if (t.key() != null) {
          out.put(t.key(), t.value() == null ? "" : t.value());
        }
      }
    }
    return out;
  }
}
