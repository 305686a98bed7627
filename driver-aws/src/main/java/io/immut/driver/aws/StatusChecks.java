package io.immut.driver.aws;

import io.immut.api.HealthStatus;
import io.immut.api.InstanceState;
import io.immut.spi.InstanceView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusSummary;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

/**
 * EC2's own status checks of running instances ({@code DescribeInstanceStatus}): the health a
 * listing reports. Both the system and the instance check {@code ok} is healthy; either
 * {@code impaired} is unhealthy; anything else ({@code initializing}, {@code insufficient-data})
 * is unknown, and so is an instance EC2 does not report yet.
 */
final class StatusChecks {
  /** How many ids one DescribeInstanceStatus call carries. */
  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(StatusChecks.class);
  private final Ec2Client ec2;
  private final AwsErrors errors;
  private volatile boolean warned;

  StatusChecks(Ec2Client ec2, AwsErrors errors) {
    this.ec2 = ec2;
    this.errors = errors;
  }

  /** The views with the health of the running ones read from EC2's status checks. */
  List<InstanceView> withHealth(List<InstanceView> views, String fleet) {
    List<String> running = views.stream().filter(v -> v.state() == InstanceState.RUNNING).map(v -> v.id().value()).toList();
    if (running.isEmpty()) {
      return views;
    }
    Map<String, HealthStatus> health = new HashMap<>();
    for (int i = 0; i < running.size(); i += BATCH) {
      read(running.subList(i, Math.min(running.size(), i + BATCH)), health, fleet, true);
    }
    List<InstanceView> out = new ArrayList<>(views.size());
    for (InstanceView v : views) {
      HealthStatus h = health.get(v.id().value());
      out.add(h == null ? v : v.toBuilder().health(h).build());
    }
    return out;
  }

  private void read(List<String> ids, Map<String, HealthStatus> health, String fleet, boolean retry) {
    try {
      for (DescribeInstanceStatusResponse page : ec2.describeInstanceStatusPaginator(r -> r.instanceIds(ids))) {
        for (InstanceStatus s : page.instanceStatuses()) {
          health.put(s.instanceId(), health(s.systemStatus(), s.instanceStatus()));
        }
      }
    } catch (SdkException e) {
      if (AwsErrors.UNSUPPORTED.contains(AwsErrors.code(e))) {
        if (!warned) {
          warned = true;
          log.warn("EC2 does not offer DescribeInstanceStatus ({}): listed instances carry unknown health",
              AwsErrors.code(e));
        }
        return;
      }
      if (!AwsErrors.INSTANCE_NOT_FOUND.equals(AwsErrors.code(e))) {
        throw errors.map("list", "DescribeInstanceStatus", "fleet " + fleet, e);
      }
      // an instance listed a moment ago is not known to the status checks yet (or is gone): its health stays unknown
      Set<String> missing = AwsDriver.idsNamedIn(e.getMessage(), ids);
      List<String> rest = ids.stream().filter(id -> !missing.contains(id)).toList();
      if (retry && !missing.isEmpty() && !rest.isEmpty()) {
        read(rest, health, fleet, false);
      }
    }
  }

  static HealthStatus health(InstanceStatusSummary system, InstanceStatusSummary instance) {
    SummaryStatus a = system == null ? null : system.status();
    SummaryStatus b = instance == null ? null : instance.status();
    if (a == SummaryStatus.IMPAIRED || b == SummaryStatus.IMPAIRED) {
      return HealthStatus.UNHEALTHY;
    }
    if (a == SummaryStatus.OK && b == SummaryStatus.OK) {
      return HealthStatus.HEALTHY;
    }
    return HealthStatus.UNKNOWN;
  }
}
