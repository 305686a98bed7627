package io.immut.driver.gcp;

import com.google.cloud.compute.v1.Backend;
import com.google.cloud.compute.v1.BackendService;
import com.google.cloud.compute.v1.BackendServiceGroupHealth;
import com.google.cloud.compute.v1.BackendServicesClient;
import com.google.cloud.compute.v1.GetBackendServiceRequest;
import com.google.cloud.compute.v1.GetHealthBackendServiceRequest;
import com.google.cloud.compute.v1.HealthStatus;
import com.google.cloud.compute.v1.InstanceGroupsAddInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupsClient;
import com.google.cloud.compute.v1.InstanceGroupsListInstances;
import com.google.cloud.compute.v1.InstanceGroupsListInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupsRemoveInstancesRequest;
import com.google.cloud.compute.v1.InstanceReference;
import com.google.cloud.compute.v1.InstanceWithNamedPorts;
import com.google.cloud.compute.v1.ListInstancesInstanceGroupsRequest;
import com.google.cloud.compute.v1.ResourceGroupReference;
import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import io.immut.spi.TrafficRouter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic router of the GCP driver: a backend service (global, by name) whose backends are
 * zonal unmanaged instance groups, one per zone. Registering adds instances to the group of their
 * zone ({@code instanceGroups.addInstances}), deregistering removes them, health is the backend
 * service's {@code getHealth} for each group. The backend service and its groups are the user's;
 * the driver only changes the groups' members, and does not wait for those operations.
 *
 * <p>Why instance groups: they take instances by name, the ids this driver has, and report each
 * instance's health through {@code getHealth}; zonal NEGs need an IP and port per endpoint, and
 * target pools serve only the legacy network load balancer.
 */
final class GcpTrafficRouter implements TrafficRouter {
  private static final Pattern GROUP = Pattern.compile(".*/zones/([^/]+)/instanceGroups/([^/]+)$");
  private final BackendServicesClient services;
  private final InstanceGroupsClient groups;
  private final String project;
  private final Map<String, Map<String, String>> groupsByTarget = new ConcurrentHashMap<>();

  GcpTrafficRouter(BackendServicesClient services, InstanceGroupsClient groups, String project) {
    this.services = services;
    this.groups = groups;
    this.project = project;
  }

  @Override
  public void register(String target, Set<InstanceId> ids) {
    byZone(ids).forEach((zone, names) -> {
      String group = group(target, zone, "register");
      Set<String> wanted = new HashSet<>(names);
      wanted.removeAll(members(zone, group));
      if (wanted.isEmpty()) {
        return;
      }
      InstanceGroupsAddInstancesRequest.Builder body = InstanceGroupsAddInstancesRequest.newBuilder();
      wanted.forEach(n -> body.addInstances(InstanceReference.newBuilder().setInstance(url(zone, n))));
      try {
        groups.addInstancesCallable().call(com.google.cloud.compute.v1.AddInstancesInstanceGroupRequest.newBuilder()
            .setProject(project).setZone(zone).setInstanceGroup(group).setInstanceGroupsAddInstancesRequestResource(body)
            .build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("register with " + target + " in " + zone, e);
      }
    });
  }

  @Override
  public void deregister(String target, Set<InstanceId> ids) {
    byZone(ids).forEach((zone, names) -> {
      String group = group(target, zone, "deregister");
      Set<String> members = members(zone, group);
      List<String> present = names.stream().filter(members::contains).toList();
      if (present.isEmpty()) {
        return;
      }
      InstanceGroupsRemoveInstancesRequest.Builder body = InstanceGroupsRemoveInstancesRequest.newBuilder();
      present.forEach(n -> body.addInstances(InstanceReference.newBuilder().setInstance(url(zone, n))));
      try {
        groups.removeInstancesCallable().call(com.google.cloud.compute.v1.RemoveInstancesInstanceGroupRequest.newBuilder()
            .setProject(project).setZone(zone).setInstanceGroup(group)
            .setInstanceGroupsRemoveInstancesRequestResource(body).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("deregister from " + target + " in " + zone, e);
      }
    });
  }

  @Override
  public Map<InstanceId, TargetHealth> health(String target) {
    Map<InstanceId, TargetHealth> out = new LinkedHashMap<>();
    groupsOf(target, "health").forEach((zone, group) -> {
      BackendServiceGroupHealth health;
      try {
        health = services.getHealthCallable().call(GetHealthBackendServiceRequest.newBuilder().setProject(project)
            .setBackendService(target).setResourceGroupReferenceResource(ResourceGroupReference.newBuilder()
                .setGroup("projects/" + project + "/zones/" + zone + "/instanceGroups/" + group)).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("health of " + target, e);
      }
      for (HealthStatus s : health.getHealthStatusList()) {
        InstanceId id = GcpNames.id(zone, GcpNames.lastSegment(s.getInstance()));
        out.put(id, switch (s.getHealthState()) {
          case "HEALTHY" -> TargetHealth.HEALTHY;
          case "UNHEALTHY" -> TargetHealth.UNHEALTHY;
          case "DRAINING" -> TargetHealth.DRAINING;
          default -> TargetHealth.INITIAL;
        });
      }
    });
    return out;
  }

  private Set<String> members(String zone, String group) {
    Set<String> members = new HashSet<>();
    String token = "";
    do {
      InstanceGroupsListInstances page;
      try {
        page = groups.listInstancesCallable().call(ListInstancesInstanceGroupsRequest.newBuilder().setProject(project)
            .setZone(zone).setInstanceGroup(group).setPageToken(token).setInstanceGroupsListInstancesRequestResource(
                InstanceGroupsListInstancesRequest.newBuilder().setInstanceState("ALL")).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map("members of instance group " + group, e);
      }
      for (InstanceWithNamedPorts i : page.getItemsList()) {
        members.add(GcpNames.lastSegment(i.getInstance()));
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return members;
  }

  private String group(String target, String zone, String operation) {
    String group = groupsOf(target, operation).get(zone);
    if (group == null) {
      throw new DriverException.InvalidRequest(operation, "noGroupInZone", "gcp " + operation + ": backend service '"
          + target + "' has no instance group in zone " + zone + "; add an unmanaged instance group of " + zone
          + " to it as a backend", null);
    }
    return group;
  }

  /** The backend service's zonal instance groups, read once per target. */
  private Map<String, String> groupsOf(String target, String operation) {
    return groupsByTarget.computeIfAbsent(target, t -> {
      BackendService service;
      try {
        service = services.getCallable().call(GetBackendServiceRequest.newBuilder().setProject(project)
            .setBackendService(t).build());
      } catch (RuntimeException e) {
        throw GcpErrors.map(operation + " (backend service " + t + ")", e);
      }
      Map<String, String> byZone = new LinkedHashMap<>();
      for (Backend b : service.getBackendsList()) {
        Matcher m = GROUP.matcher(b.getGroup());
        if (m.matches()) {
          byZone.put(m.group(1), m.group(2));
        }
      }
      return Map.copyOf(byZone);
    });
  }

  private static Map<String, List<String>> byZone(Set<InstanceId> ids) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (InstanceId id : ids) {
      GcpNames.ZonedName zn = GcpNames.parse(id);
      if (zn != null) {
        out.computeIfAbsent(zn.zone(), z -> new java.util.ArrayList<>()).add(zn.name());
      }
    }
    return out;
  }

  private String url(String zone, String name) {
    return "projects/" + project + "/zones/" + zone + "/instances/" + name;
  }
}
