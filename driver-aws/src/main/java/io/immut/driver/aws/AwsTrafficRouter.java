package io.immut.driver.aws;

import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import io.immut.spi.TrafficRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The traffic router of the AWS driver: ELBv2 target groups of target type {@code instance}.
 * A target is a target group ARN, a target group name (looked up once with
 * {@code DescribeTargetGroups}), or {@code default}, the configuration's {@code targetGroup}.
 */
public final class AwsTrafficRouter implements TrafficRouter {
  private static final Logger log = LoggerFactory.getLogger(AwsTrafficRouter.class);
  /** The target name that means the configured target group. */
  public static final String DEFAULT_TARGET = "default";
  private static final int BATCH = 100;

  private final ElasticLoadBalancingV2Client elb;
  private final AwsErrors errors;
  private final String defaultTargetGroup;
  private final Map<String, String> arnsByName = new ConcurrentHashMap<>();

  /**
   * Creates a router around a ready client; the caller keeps owning it.
   *
   * @param elb the ELBv2 client
   * @param errors the error mapper
   * @param defaultTargetGroup the name or ARN that the target {@code default} means, or null
   */
  public AwsTrafficRouter(ElasticLoadBalancingV2Client elb, AwsErrors errors, String defaultTargetGroup) {
    this.elb = Objects.requireNonNull(elb, "elb");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.defaultTargetGroup = defaultTargetGroup;
  }

  @Override
  public void register(String target, Set<InstanceId> ids) {
    String arn = arn(target, "register");
    for (List<TargetDescription> batch : batches(ids)) {
      try {
        elb.registerTargets(r -> r.targetGroupArn(arn).targets(batch));
      } catch (SdkException e) {
        throw errors.map("register", "RegisterTargets", "target group " + target, e);
      }
    }
    log.debug("registered {} instances with {}", ids.size(), target);
  }

  @Override
  public void deregister(String target, Set<InstanceId> ids) {
    String arn = arn(target, "deregister");
    for (List<TargetDescription> batch : batches(ids)) {
      try {
        elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(batch));
      } catch (SdkException e) {
        if (!"InvalidTarget".equals(AwsErrors.code(e))) {
          throw errors.map("deregister", "DeregisterTargets", "target group " + target, e);
        }
        // one target of the batch is gone (a terminated instance): it takes no traffic; deregister the rest one by one
        for (TargetDescription t : batch) {
          deregisterOne(arn, target, t);
        }
      }
    }
    log.debug("deregistered {} instances from {}", ids.size(), target);
  }

  private void deregisterOne(String arn, String target, TargetDescription t) {
    try {
      elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(t));
    } catch (SdkException e) {
      if (!"InvalidTarget".equals(AwsErrors.code(e))) {
        throw errors.map("deregister", "DeregisterTargets", "target group " + target, e);
      }
    }
  }

  @Override
  public Map<InstanceId, TargetHealth> health(String target) {
    String arn = arn(target, "health");
    DescribeTargetHealthResponse response;
    try {
      response = elb.describeTargetHealth(r -> r.targetGroupArn(arn));
    } catch (SdkException e) {
      throw errors.map("health", "DescribeTargetHealth", "target group " + target, e);
    }
    Map<InstanceId, TargetHealth> out = new LinkedHashMap<>();
    for (TargetHealthDescription d : response.targetHealthDescriptions()) {
      if (d.target() != null && d.target().id() != null) {
        out.put(InstanceId.of(d.target().id()), targetHealth(d.targetHealth() == null ? null : d.targetHealth().state()));
      }
    }
    return out;
  }

  /**
   * Maps ELBv2's target states: {@code initial} registers, {@code healthy} takes traffic,
   * {@code draining} and {@code unhealthy.draining} finish connections, and {@code unhealthy},
   * {@code unused} (no listener or zone routes to it) and {@code unavailable} take none.
   */
  static TargetHealth targetHealth(TargetHealthStateEnum state) {
    if (state == null) {
      return TargetHealth.INITIAL;
    }
    return switch (state) {
      case INITIAL -> TargetHealth.INITIAL;
      case HEALTHY -> TargetHealth.HEALTHY;
      case DRAINING, UNHEALTHY_DRAINING -> TargetHealth.DRAINING;
      default -> TargetHealth.UNHEALTHY;
    };
  }

  private String arn(String target, String operation) {
    Objects.requireNonNull(target, "target");
    String name = target;
    if (DEFAULT_TARGET.equals(target)) {
      if (defaultTargetGroup == null) {
        throw new DriverException.InvalidRequest(operation, null, "the traffic target 'default' means the configured"
            + " targetGroup, and none is configured; set targetGroup or name the target group", null);
      }
      name = defaultTargetGroup;
    }
    if (name.startsWith("arn:")) {
      return name;
    }
    String found = arnsByName.get(name);
    if (found != null) {
      return found;
    }
    String lookup = name;
    DescribeTargetGroupsResponse r;
    try {
      r = elb.describeTargetGroups(b -> b.names(lookup));
    } catch (SdkException e) {
      throw errors.map(operation, "DescribeTargetGroups", "target group " + lookup, e);
    }
    if (r.targetGroups().isEmpty()) {
      throw new DriverException.NotFound(operation, "TargetGroupNotFound", "target group '" + lookup
          + "' was not found; create it or name an existing one", null);
    }
    String arn = r.targetGroups().get(0).targetGroupArn();
    arnsByName.put(name, arn);
    return arn;
  }

  private static List<List<TargetDescription>> batches(Set<InstanceId> ids) {
    List<TargetDescription> all = ids.stream().sorted().map(id -> TargetDescription.builder().id(id.value()).build()).toList();
    List<List<TargetDescription>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
  }
}
