package io.immut.driver.azure;

import com.azure.core.management.SubResource;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerHealthPerRuleInner;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddress;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddressAdminState;
import com.azure.resourcemanager.network.models.LoadBalancerHealthPerRulePerBackendAddress;
import io.immut.api.InstanceId;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverException;
import io.immut.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic through a Standard Load Balancer's IP-based backend pool: a target is
 * {@code <load balancer>/<backend pool>} in the driver's resource group (or the pool's full id).
 * Registering adds each VM's private address to the pool (named after the VM); deregistering sets
 * its {@code adminState} to {@code Down}, so that the load balancer drains it (no new flows); an
 * address whose VM is gone is removed at the next change. The VMs themselves are never modified.
 * Health is the load balancer's own per-rule health ({@code loadBalancingRules/<rule>/health}, a
 * long-running operation polled on the engine's clock), over every rule that uses the pool.
 */
final class AzureTrafficRouter implements TrafficRouter {
  private static final Pattern SHORT = Pattern.compile("([^/]+)/([^/]+)");
  private static final Pattern FULL = Pattern.compile("(?i)/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/"
      + "Microsoft\\.Network/loadBalancers/([^/]+)/backendAddressPools/([^/]+)");
  private static final Duration HEALTH_PATIENCE = Duration.ofMinutes(2);

  private final AzureClients clients;
  private final AzureDriverConfig config;
  private final AzureErrors errors;
  private final DriverClock clock;

  AzureTrafficRouter(AzureClients clients, AzureDriverConfig config, AzureErrors errors, DriverClock clock) {
    this.clients = clients;
    this.config = config;
    this.errors = errors;
    this.clock = clock;
  }

  private record Pool(String group, String balancer, String name) {}

  private Pool pool(String target) {
    Matcher m = FULL.matcher(target);
    if (m.matches()) {
      return new Pool(m.group(1), m.group(2), m.group(3));
    }
    m = SHORT.matcher(target);
    if (m.matches()) {
      return new Pool(config.resourceGroup(), m.group(1), m.group(2));
    }
    throw new DriverException.InvalidRequest("traffic", null, "traffic target '" + target + "' is not a backend pool;"
        + " allowed: <load balancer>/<backend pool> in resource group " + config.resourceGroup() + ", or a pool id"
        + " /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/loadBalancers/<lb>/backendAddressPools/<pool>",
        null);
  }

  @Override
  public void register(String target, Set<InstanceId> ids) {
    change(target, ids, true);
  }

  @Override
  public void deregister(String target, Set<InstanceId> ids) {
    change(target, ids, false);
  }

  private void change(String target, Set<InstanceId> ids, boolean register) {
    if (ids.isEmpty()) {
      return;
    }
    Pool p = pool(target);
    String operation = register ? "register" : "deregister";
    BackendAddressPoolInner pool = call(operation, "GET backendAddressPools", target, () -> clients.network()
        .getLoadBalancerBackendAddressPools().get(p.group(), p.balancer(), p.name()));
    Map<String, VirtualMachineInner> vms = new HashMap<>();
    call(operation, "GET virtualMachines", target, () -> {
      clients.compute().getVirtualMachines().listByResourceGroup(config.resourceGroup()).forEach(v -> vms.put(v.name(), v));
      return vms;
    });
    VmViews.Network network = register ? networkOf(operation, target) : VmViews.Network.NONE;
    Map<String, LoadBalancerBackendAddress> addresses = new LinkedHashMap<>();
    for (LoadBalancerBackendAddress a : pool.loadBalancerBackendAddresses() == null
        ? List.<LoadBalancerBackendAddress>of() : pool.loadBalancerBackendAddresses()) {
      if (a.name() != null && vms.containsKey(a.name())) {
        addresses.put(a.name(), a);
      }
    }
    boolean changed = addresses.size() != (pool.loadBalancerBackendAddresses() == null ? 0
        : pool.loadBalancerBackendAddresses().size());
    for (InstanceId id : ids) {
      LoadBalancerBackendAddress a = addresses.get(id.value());
      if (register) {
        if (a != null && !LoadBalancerBackendAddressAdminState.DOWN.equals(a.adminState())) {
          continue;
        }
        VirtualMachineInner vm = vms.get(id.value());
        String ip = vm == null ? null : VmViews.privateAddress(vm, network);
        if (ip == null) {
          throw new DriverException.InvalidRequest("register", null, "VM " + id + " has no private address in resource"
              + " group " + config.resourceGroup() + " (gone, or not created yet): it cannot join " + target, null);
        }
        addresses.put(id.value(), new LoadBalancerBackendAddress().withName(id.value()).withIpAddress(ip)
            .withVirtualNetwork(new SubResource().withId(vnetOf(vm))).withAdminState(LoadBalancerBackendAddressAdminState.NONE));
        changed = true;
      } else if (a != null && !LoadBalancerBackendAddressAdminState.DOWN.equals(a.adminState())) {
        a.withAdminState(LoadBalancerBackendAddressAdminState.DOWN);
        changed = true;
      }
    }
    if (changed) {
      pool.withLoadBalancerBackendAddresses(new ArrayList<>(addresses.values()));
      // accepted is enough: the load balancer applies the pool on its side; health shows the effect
      call(operation, "PUT backendAddressPools", target, () -> clients.network().getLoadBalancerBackendAddressPools()
          .beginCreateOrUpdate(p.group(), p.balancer(), p.name(), pool, Context.NONE));
    }
  }

  private VmViews.Network networkOf(String operation, String target) {
    Map<String, com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner> nics = new HashMap<>();
    call(operation, "GET networkInterfaces", target, () -> {
      clients.network().getNetworkInterfaces().listByResourceGroup(config.resourceGroup())
          .forEach(n -> nics.put(n.id().toLowerCase(java.util.Locale.ROOT), n));
      return nics;
    });
    return new VmViews.Network(nics, Map.of());
  }

  private String vnetOf(VirtualMachineInner vm) {
    String subnet = null;
    var configs = vm.networkProfile() == null ? null : vm.networkProfile().networkInterfaceConfigurations();
    if (configs != null && !configs.isEmpty() && configs.get(0).ipConfigurations() != null
        && !configs.get(0).ipConfigurations().isEmpty() && configs.get(0).ipConfigurations().get(0).subnet() != null) {
      subnet = configs.get(0).ipConfigurations().get(0).subnet().id();
    }
    if (subnet == null) {
      subnet = config.subnet();
    }
    if (subnet == null) {
      throw new DriverException.InvalidRequest("register", null, "VM " + vm.name() + " names no subnet: its virtual"
          + " network is unknown", null);
    }
    return subnet.substring(0, subnet.toLowerCase(java.util.Locale.ROOT).lastIndexOf("/subnets/"));
  }

  @Override
  public Map<InstanceId, TargetHealth> health(String target) {
    Pool p = pool(target);
    BackendAddressPoolInner pool = call("health", "GET backendAddressPools", target, () -> clients.network()
        .getLoadBalancerBackendAddressPools().get(p.group(), p.balancer(), p.name()));
    Map<String, String> byIp = new HashMap<>();
    Map<InstanceId, TargetHealth> out = new LinkedHashMap<>();
    for (LoadBalancerBackendAddress a : pool.loadBalancerBackendAddresses() == null
        ? List.<LoadBalancerBackendAddress>of() : pool.loadBalancerBackendAddresses()) {
      if (a.name() == null) {
        continue;
      }
      out.put(InstanceId.of(a.name()), LoadBalancerBackendAddressAdminState.DOWN.equals(a.adminState())
          ? TargetHealth.DRAINING : TargetHealth.INITIAL);
      byIp.put(a.ipAddress(), a.name());
    }
    Set<String> down = new HashSet<>();
    Set<String> up = new HashSet<>();
    for (SubResource rule : pool.loadBalancingRules() == null ? List.<SubResource>of() : pool.loadBalancingRules()) {
      String ruleName = AzureDriver.lastSegment(rule.id());
      for (LoadBalancerHealthPerRulePerBackendAddress b : ruleHealth(p, ruleName, target)) {
        String name = byIp.get(b.ipAddress());
        if (name != null) {
          ("Up".equalsIgnoreCase(b.state()) ? up : down).add(name);
        }
      }
    }
    out.replaceAll((id, h) -> h == TargetHealth.DRAINING ? h : down.contains(id.value()) ? TargetHealth.UNHEALTHY
        : up.contains(id.value()) ? TargetHealth.HEALTHY : h);
    return out;
  }

  /** The rule's health: a long-running POST, polled on the engine's clock, never blocking in the SDK. */
  private List<LoadBalancerHealthPerRulePerBackendAddress> ruleHealth(Pool p, String rule, String target) {
    SyncPoller<?, LoadBalancerHealthPerRuleInner> poller = call("health", "POST loadBalancingRules/health", target,
        () -> clients.network().getLoadBalancerLoadBalancingRules().beginHealth(p.group(), p.balancer(), rule,
            Context.NONE));
    Instant deadline = clock.now().plus(HEALTH_PATIENCE);
    while (true) {
      PollResponse<?> r = call("health", "GET operationResults", target, poller::poll);
      if (r.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
        LoadBalancerHealthPerRuleInner h = call("health", "GET operationResults", target, poller::getFinalResult);
        return h.loadBalancerBackendAddresses() == null ? List.of() : h.loadBalancerBackendAddresses();
      }
      if (r.getStatus().isComplete() || !clock.now().isBefore(deadline)) {
        throw new DriverException.Transient("health", null, "the health of rule " + rule + " of " + target
            + " did not come " + (r.getStatus().isComplete() ? "(" + r.getStatus() + ")" : "within " + HEALTH_PATIENCE)
            + ": retry", null);
      }
      try {
        clock.sleep(r.getRetryAfter() == null ? Duration.ofSeconds(1) : r.getRetryAfter());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException.Transient("health", null, "interrupted while waiting for the health of " + target, e);
      }
    }
  }

  private <T> T call(String operation, String action, String target, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw errors.map(operation, action, "traffic target " + target, e);
    }
  }
}
