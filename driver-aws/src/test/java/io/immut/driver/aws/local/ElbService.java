package io.immut.driver.aws.local;

import io.immut.driver.aws.local.Ec2Model.Instance;
import io.immut.driver.aws.local.Ec2Model.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ELBv2 actions of the local endpoint for target groups of target type {@code instance}:
 * DescribeTargetGroups, RegisterTargets, DeregisterTargets, DescribeTargetHealth, answered as the
 * ELBv2 API reference shows (namespace {@value #NS}). A registered target is {@code initial}, then
 * {@code healthy} after one DescribeTargetHealth, unless marked unhealthy; a deregistered one is
 * {@code draining} for one DescribeTargetHealth, then gone.
 */
final class ElbService {
  static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

  private final Ec2Service ec2;
  /** Target group ARN to name. */
  final Map<String, String> groups = new LinkedHashMap<>();
  /** Target group ARN to instance id to state. */
  final Map<String, Map<String, String>> targets = new LinkedHashMap<>();
  /** Instances whose health checks fail. */
  final java.util.Set<String> failing = new java.util.HashSet<>();

  ElbService(Ec2Service ec2) {
    this.ec2 = ec2;
  }

  String createTargetGroup(String name) {
    String arn = "arn:aws:elasticloadbalancing:" + ec2.region + ":" + Ec2Service.ACCOUNT + ":targetgroup/" + name + "/"
        + ec2.nextId("").substring(1);
    groups.put(arn, name);
    targets.put(arn, new LinkedHashMap<>());
    return arn;
  }

  String handle(QueryRequest q) {
    return switch (q.action()) {
      case "DescribeTargetGroups" -> describeTargetGroups(q);
      case "RegisterTargets" -> registerTargets(q);
      case "DeregisterTargets" -> deregisterTargets(q);
      case "DescribeTargetHealth" -> describeTargetHealth(q);
      default -> throw QueryError.badRequest("InvalidAction", "The action " + q.action() + " is not valid for this web service.");
    };
  }

  private String describeTargetGroups(QueryRequest q) {
    List<String> names = q.list("Names.member");
    List<String> arns = q.list("TargetGroupArns.member");
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> g : groups.entrySet()) {
      if ((names.isEmpty() || names.contains(g.getValue())) && (arns.isEmpty() || arns.contains(g.getKey()))) {
        found.add(g.getKey());
      }
    }
    if (found.size() < names.size() + arns.size()) {
      throw notFound();
    }
    Xml x = new Xml().open("DescribeTargetGroupsResponse", NS).open("DescribeTargetGroupsResult").open("TargetGroups");
    for (String arn : found) {
      x.open("member").el("TargetGroupArn", arn).el("TargetGroupName", groups.get(arn)).el("Protocol", "HTTP")
          .el("Port", 80).el("VpcId", "vpc-0000000000000000a").el("HealthCheckProtocol", "HTTP")
          .el("HealthCheckPort", "traffic-port").el("HealthCheckEnabled", true).el("HealthCheckPath", "/")
          .el("TargetType", "instance").empty("LoadBalancerArns").close("member");
    }
    return x.close("TargetGroups").close("DescribeTargetGroupsResult").open("ResponseMetadata")
        .el("RequestId", LocalEc2.requestId()).close("ResponseMetadata").close("DescribeTargetGroupsResponse").toString();
  }

  private String registerTargets(QueryRequest q) {
    Map<String, String> group = group(q);
    List<String> ids = targetIds(q);
    List<String> unknown = ids.stream().filter(id -> !ec2.instances.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw QueryError.badRequest("InvalidTarget", "The following instances do not exist: '" + String.join("', '", unknown) + "'");
    }
    List<String> notRunning = ids.stream().filter(id -> !ec2.instances.get(id).live()).toList();
    if (!notRunning.isEmpty()) {
      throw QueryError.badRequest("InvalidTarget", "The following targets are not in a running state and cannot be"
          + " registered: '" + String.join("', '", notRunning) + "'");
    }
    for (String id : ids) {
      group.putIfAbsent(id, "initial");
      if ("draining".equals(group.get(id))) {
        group.put(id, "initial");
      }
    }
    return empty("RegisterTargets");
  }

  private String deregisterTargets(QueryRequest q) {
    Map<String, String> group = group(q);
    List<String> ids = targetIds(q);
    List<String> unknown = ids.stream().filter(id -> !ec2.instances.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw QueryError.badRequest("InvalidTarget", "The following instances do not exist: '" + String.join("', '", unknown) + "'");
    }
    for (String id : ids) {
      if (group.containsKey(id)) {
        group.put(id, "draining");
      }
    }
    return empty("DeregisterTargets");
  }

  private String describeTargetHealth(QueryRequest q) {
    Map<String, String> group = group(q);
    Xml x = new Xml().open("DescribeTargetHealthResponse", NS).open("DescribeTargetHealthResult")
        .open("TargetHealthDescriptions");
    for (Map.Entry<String, String> t : group.entrySet()) {
      x.open("member").open("Target").el("Id", t.getKey()).el("Port", 80).close("Target").el("HealthCheckPort", "80")
          .open("TargetHealth").el("State", t.getValue());
      if ("draining".equals(t.getValue())) {
        x.el("Reason", "Target.DeregistrationInProgress").el("Description", "Target deregistration is in progress");
      } else if ("initial".equals(t.getValue())) {
        x.el("Reason", "Elb.RegistrationInProgress").el("Description", "Target registration is in progress");
      } else if ("unhealthy".equals(t.getValue())) {
        x.el("Reason", "Target.FailedHealthChecks").el("Description", "Health checks failed");
      }
      x.close("TargetHealth").close("member");
    }
    x.close("TargetHealthDescriptions").close("DescribeTargetHealthResult").open("ResponseMetadata")
        .el("RequestId", LocalEc2.requestId()).close("ResponseMetadata").close("DescribeTargetHealthResponse");
    // the balancer's checks move on between two reads
    group.entrySet().removeIf(e -> "draining".equals(e.getValue()));
    for (Map.Entry<String, String> e : group.entrySet()) {
      Instance i = ec2.instances.get(e.getKey());
      boolean up = i != null && i.state == State.RUNNING && !failing.contains(e.getKey());
      e.setValue(up ? "healthy" : i != null && i.state == State.PENDING ? "initial" : "unhealthy");
    }
    return x.toString();
  }

  private Map<String, String> group(QueryRequest q) {
    String arn = q.get("TargetGroupArn");
    if (arn == null) {
      throw QueryError.badRequest("ValidationError", "1 validation error detected: Value null at 'targetGroupArn' failed"
          + " to satisfy constraint: Member must not be null");
    }
    Map<String, String> group = targets.get(arn);
    if (group == null) {
      throw notFound();
    }
    return group;
  }

  private static List<String> targetIds(QueryRequest q) {
    List<String> ids = new ArrayList<>();
    for (QueryRequest t : q.structs("Targets.member")) {
      ids.add(t.get("Id"));
    }
    if (ids.isEmpty()) {
      throw QueryError.badRequest("ValidationError", "1 validation error detected: Value null at 'targets' failed to"
          + " satisfy constraint: Member must not be null");
    }
    return ids;
  }

  private static QueryError notFound() {
    return QueryError.badRequest("TargetGroupNotFound", "One or more target groups not found");
  }

  private static String empty(String action) {
    return new Xml().open(action + "Response", NS).empty(action + "Result").open("ResponseMetadata")
        .el("RequestId", LocalEc2.requestId()).close("ResponseMetadata").close(action + "Response").toString();
  }
}
